"""`negotiation` checks its parties; `negotiation` and `export` warn when the cross-article tables
are behind the documents; `migrate` upgrades an old store."""
import pytest
from typer.testing import CliRunner

from whimbrel.cli import app
from whimbrel.store import Store, crossdoc
from whimbrel.store.migrations import SCHEMA_VERSION

runner = CliRunner()


@pytest.fixture
def store_file(fresh_db, make_coded):
    with Store(fresh_db) as store:
        store.add(make_coded("a"))
        crossdoc.update(store, "run-1")
        store.add(make_coded("b"))  # stored after the last cross-article step: behind by one
    return fresh_db


@pytest.mark.parametrize("parties, code", [(["RUS", "RUS"], "[N001]"), (["RUS"], "[N001]"),
                                           (["XXX", "YYY"], "[N002]"), (["RUS", "QQQ"], "[N002]")])
def test_negotiation_refuses_parties_that_are_not_two_different_known_ones(store_file, parties, code):
    result = runner.invoke(app, ["negotiation", *parties, "--db", str(store_file)])
    assert result.exit_code == 2
    assert code in result.output


def test_negotiation_and_export_warn_when_the_cross_article_tables_are_behind(store_file):
    result = runner.invoke(app, ["negotiation", "RUS", "UKR", "--db", str(store_file)])
    assert result.exit_code == 0 and "warning [S008]" in result.output and "1 stored document(s)" in result.output
    result = runner.invoke(app, ["export", "--db", str(store_file), "--format", "jsonl"])
    assert result.exit_code == 0 and "[S008]" in result.output
    with Store(store_file) as store:
        crossdoc.update(store, "run-2")
    result = runner.invoke(app, ["export", "--db", str(store_file), "--format", "jsonl"])
    assert "[S008]" not in result.output


def test_migrate_upgrades_an_old_store(store_file):
    with Store(store_file) as store:
        store.conn.execute("UPDATE store_info SET value = '1' WHERE key = 'schema_version'")
    assert "[S013]" in runner.invoke(app, ["export", "--db", str(store_file)]).output
    result = runner.invoke(app, ["migrate", "--db", str(store_file)])
    assert result.exit_code == 0 and f"schema version {SCHEMA_VERSION}" in result.output
    assert runner.invoke(app, ["export", "--db", str(store_file)]).exit_code == 0


@pytest.mark.parametrize("args, code", [(["--engine", "spark"], "[E502]"),
                                        (["--address", "head:6379"], "[E503]")])
def test_run_checks_its_engine_options_before_loading(tmp_path, args, code):
    result = runner.invoke(app, ["run", str(tmp_path), "--db", str(tmp_path / "e.duckdb"), *args])
    assert result.exit_code == 2 and code in result.output
