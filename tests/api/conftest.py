"""A store coded from the bundled sample (plus one article holding markup), built once per session,
and API clients over copies of it."""
import shutil
from datetime import date
from importlib import resources

import pytest

from whimbrel.store import Store

SAMPLE = "kremlin-putin-zelensky-2025-05-17.txt"
# markup that must be shown as text: a script setting a marker, and an image whose onerror would
SCRIPT_ARTICLE = ("Shelling report <script>window.__pwned = 1</script>\n\n"
                  "Ukraine accused Russia of shelling Kharkiv <img src=x onerror=window.__pwned=2> on Monday.\n")


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory, coder):
    """The sample article and the markup article coded by `whimbrel run`'s batch into one store."""
    from whimbrel.batch import run_batch

    folder = tmp_path_factory.mktemp("serve")
    article = folder / "script-article.txt"
    article.write_text(SCRIPT_ARTICLE, encoding="utf-8")
    db = folder / "sample.duckdb"
    with resources.as_file(resources.files("whimbrel") / "data" / "samples" / SAMPLE) as sample:
        summary = run_batch([sample, article], db, coder=coder, pub_date=date(2025, 5, 19))
    assert summary.done == 2, summary
    return db


@pytest.fixture
def db_copy(sample_db, tmp_path):
    """A private copy (a store opened read-write is locked to one connection configuration)."""
    path = tmp_path / "copy.duckdb"
    shutil.copy(sample_db, path)
    return path


@pytest.fixture(scope="session")
def store_events(sample_db):
    """Every event record of the sample store, as Store.events() gives them."""
    with Store(sample_db, read_only=True) as store:
        return store.events()


@pytest.fixture(scope="session")
def client(sample_db):
    """A read-only app over the sample store."""
    from fastapi.testclient import TestClient

    from whimbrel.api.app import create_app

    with TestClient(create_app(sample_db)) as test_client:
        yield test_client


@pytest.fixture
def review_client(db_copy):
    """An app with --allow-review over a private copy of the store, and its token."""
    from fastapi.testclient import TestClient

    from whimbrel.api.app import create_app

    app = create_app(db_copy, allow_review=True, token="test-token")
    with TestClient(app) as test_client:
        yield test_client


def doc_id_of(events, fragment):
    """The doc_id of the document with an event whose sentence contains `fragment`."""
    return next(e["doc_id"] for e in events if fragment in (e["evidence"]["sentence"] or ""))
