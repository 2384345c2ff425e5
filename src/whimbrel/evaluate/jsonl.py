"""Reading the evaluation sets: one JSON object per non-blank line."""
from __future__ import annotations

import json
from pathlib import Path


def read_jsonl(path: str | Path, limit: int | None = None) -> list[dict]:
    """The first `limit` records (all when None) of a JSON Lines file; blank lines are skipped."""
    out: list[dict] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and len(out) >= limit:
                break
            if line.strip():
                out.append(json.loads(line))
    return out
