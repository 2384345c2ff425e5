"""`whimbrel serve` refuses what it cannot serve before starting a server."""
from typer.testing import CliRunner

from whimbrel.cli import app


def test_serve_names_a_missing_store(tmp_path):
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "[A501]" in result.output and "none.duckdb" in result.output


def test_serve_names_a_file_that_is_not_a_store(tmp_path):
    bad = tmp_path / "notes.duckdb"
    bad.write_text("not a database", encoding="utf-8")
    result = CliRunner().invoke(app, ["serve", "--db", str(bad)])
    assert result.exit_code == 2 and "[S001]" in result.output and "notes.duckdb" in result.output
