"""The docs keep up with the code: every CLI verb in the README, every record field in the schema."""
import re
from pathlib import Path

import pytest
import typer.main

from whimbrel.cli import app
from whimbrel.store.records import ACTOR_REF_FIELDS, EVENT_COLUMNS, event_record
from whimbrel.store.export import NESTED

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SCHEMA = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
VERBS = sorted(typer.main.get_command(app).commands)


def export_record_fields() -> list[str]:
    """Top-level keys of one exported event record (what `whimbrel export` writes)."""
    return list(event_record((None,) * (len(EVENT_COLUMNS) + 2)))


def schema_rows(part: str = "The event record") -> dict[str, str]:
    """The table of one part (`# part`) of docs/schema.md: each backticked name of the first column
    -> that row's text."""
    start = SCHEMA.index(f"# {part}\n")
    end = SCHEMA.find("\n# ", start + 1)
    rows = {}
    for line in SCHEMA[start:end if end != -1 else len(SCHEMA)].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 3:
            continue
        for name in re.findall(r"`([^`]+)`", cells[0]):
            rows[name] = line
    return rows


def readme_code() -> str:
    """README's command lines (indented) and inline code spans, where verbs are shown."""
    indented = [line for line in README.splitlines() if line.startswith("    ")]
    return "\n".join(indented + re.findall(r"`([^`\n]+)`", README))


def section(text: str, heading: str) -> str:
    start = text.index(f"## {heading}")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else len(text)]


def readme_commands() -> list[str]:
    """The indented command lines under "## Two commands"."""
    body = section(README, "Two commands")
    return [line.strip() for line in body.splitlines() if line.startswith("    ") and line.strip()]


def test_docs_every_cli_verb_is_in_the_readme():
    assert VERBS, "no commands registered on whimbrel.cli.app"
    missing = [v for v in VERBS if not re.search(rf"\bwhimbrel {re.escape(v)}\b", readme_code())]
    assert not missing, f"README.md does not mention: {', '.join('whimbrel ' + v for v in missing)}"


@pytest.mark.parametrize("verb", sorted(set(re.findall(r"\bwhimbrel ([a-z][a-z-]*)\b", readme_code()))))
def test_docs_every_readme_verb_exists(verb):
    assert verb in VERBS, f"README.md shows `whimbrel {verb}`, which is not a command"


@pytest.mark.parametrize("field", export_record_fields())
def test_docs_every_export_field_is_in_the_schema(field):
    assert field in schema_rows(), f"docs/schema.md has no row for the event field `{field}`"


@pytest.mark.parametrize("key", sorted(NESTED))
def test_docs_nested_fields_are_in_their_schema_row(key):
    row = schema_rows()[key]
    if key == "target":  # "same fields" as source
        row = schema_rows()["source"]
    fields = ACTOR_REF_FIELDS if key in ("source", "target") else NESTED[key]
    missing = [f for f in fields if f"`{f}`" not in row]
    assert not missing, f"docs/schema.md row `{key}` does not name: {', '.join(missing)}"


def test_docs_schema_lists_no_field_the_export_lacks():
    extra = set(schema_rows()) - set(export_record_fields()) - {"field"}
    assert not extra, f"docs/schema.md documents fields the export does not write: {sorted(extra)}"


def test_docs_review_records_match_their_schema_part():
    from whimbrel.store.reviews import CORRECTABLE, REVIEW_COLUMNS, training_record

    row = {c: None for c in REVIEW_COLUMNS} | {f"coded_{k}": None for k in (
        "type", "mode", "modality", "source_country", "source_sector", "target_country", "target_sector")}
    row |= {"verdict": "right", "doc_id": "d", "sentence": "s", "sentence_start": 0, "trigger": "t",
            "trigger_start": 0, "trigger_end": 1, "pub_date": None}
    fields = set(training_record(row))
    documented = set(schema_rows("Review records")) - {"field"}
    assert fields == documented
    assert all(f"`{c}`" in schema_rows("Review records")["corrected"] for c in CORRECTABLE)


def test_docs_readme_has_exactly_the_two_setup_commands():
    commands = readme_commands()
    assert len(commands) == 2, commands
    assert commands[0].startswith("bash scripts/setup.sh && "), commands
    assert commands[1].startswith("bash scripts/setup.sh --test && "), commands
    assert commands[0].endswith("whimbrel demo"), commands
    assert "pytest" in commands[1], commands
    assert (ROOT / "scripts" / "setup.sh").is_file()


def test_docs_ci_runs_exactly_the_readme_test_command():
    test_command = readme_commands()[1]
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    steps = [line for line in lines if line and not line.startswith("#")
             and not line.startswith(("set ", "cd "))]
    assert steps == [test_command]
