"""Compare two whimbrel stores table by table: a speed change must leave every stored row unchanged.

    python scripts/compare_stores.py base.duckdb new.duckdb

Every table is read in full, sorted, and compared row by row; what differs by design between two runs
of the same input is left out (the `runs` table: run ids and times; `documents.ingested_at`; the run
id in `store_info`).
Exits 1 on any difference, naming the table and the first differing rows.
"""
from __future__ import annotations

import sys

import duckdb

SKIP_TABLES = {"runs"}
SKIP_COLUMNS = {"ingested_at", "reviewed_at"}


def kept(table: str, row: tuple) -> bool:
    return not (table == "store_info" and str(row[0]).endswith("run_id"))


def table_rows(path: str) -> dict[str, list[tuple]]:
    con = duckdb.connect(path, read_only=True)
    out = {}
    for (table,) in con.execute("SHOW TABLES").fetchall():
        if table in SKIP_TABLES:
            continue
        columns = [d[0] for d in con.execute(f'SELECT * FROM "{table}" LIMIT 0').description]
        keep = ", ".join(f'"{c}"' for c in columns if c not in SKIP_COLUMNS)
        rows = con.execute(f'SELECT {keep} FROM "{table}"').fetchall()
        out[table] = sorted((row for row in rows if kept(table, row)), key=repr)
    con.close()
    return out


def main(base: str, new: str) -> int:
    a, b = table_rows(base), table_rows(new)
    differ = 0
    for table in sorted(set(a) | set(b)):
        rows_a, rows_b = a.get(table), b.get(table)
        if rows_a == rows_b:
            print(f"same  {table}: {len(rows_a)} rows")
            continue
        differ += 1
        if rows_a is None or rows_b is None:
            print(f"DIFF  {table}: only in {'new' if rows_a is None else 'base'}")
            continue
        print(f"DIFF  {table}: {len(rows_a)} vs {len(rows_b)} rows")
        for x, y in zip(rows_a, rows_b):
            if x != y:
                print(f"   base: {x!r}\n    new: {y!r}")
                break
    print("identical" if not differ else f"{differ} table(s) differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
