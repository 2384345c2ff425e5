"""The dashboard in Debian's chromium (headless, driven by Playwright) over a live server on a store
coded from the sample. `bash scripts/setup.sh --test` installs both."""
import json
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from whimbrel.store import Store

from .conftest import doc_id_of

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (bash scripts/setup.sh --test installs it)")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is installed by `bash scripts/setup.sh --test`")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PAGES = ["/", "/document", "/timeline", "/network", "/negotiation", "/review"]


class LiveServer:
    """uvicorn serving `create_app(db, ...)` on a free loopback port, in a thread."""

    def __init__(self, db, allow_review=False):
        import uvicorn

        from whimbrel.api.app import create_app

        self.app = create_app(db, allow_review=allow_review)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        while not self.server.started:  # startup takes milliseconds; the thread sets this flag
            time.sleep(0.02)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(sample_db):
    live = LiveServer(sample_db)
    yield live
    live.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


def open_page(page, url, ready="main h1"):
    page.goto(url)
    page.wait_for_selector(ready)
    assert not page.query_selector("main .error"), page.inner_text("main")
    assert page.errors == []


@pytest.mark.parametrize("path", PAGES)
def test_each_page_loads(page, server, store_events, path):
    if path == "/document":
        path += f"?id={store_events[0]['doc_id']}"
    open_page(page, server.url + path)
    assert page.inner_text("main h1")


def test_a_filter_changes_the_table_and_counts_match_the_store(page, server, store_events):
    open_page(page, server.url + "/", "#events tbody tr")
    assert page.inner_text("#total") == str(len(store_events))
    assert len(page.query_selector_all("#events tbody tr")) == len(store_events)
    page.select_option("select[name=type]", "CONSULT")
    page.select_option("select[name=modality]", "asserted")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**type=CONSULT**")
    page.wait_for_selector("#total")
    wanted = {e["event_id"] for e in store_events if e["event_type"] == "CONSULT" and e["modality"] == "asserted"}
    assert 0 < len(wanted) < len(store_events)
    assert page.inner_text("#total") == str(len(wanted))
    shown = {row.get_attribute("data-event") for row in page.query_selector_all("#events tbody tr")}
    assert shown == wanted


def trigger_of(page, event):
    node = page.query_selector(f'#doc-text .trigger[data-events~="{event["event_id"]}"]')
    assert node is not None, event
    return node


def test_document_highlights_show_modality(page, server, store_events):
    first = next(e for e in store_events if e["evidence"]["sentence"].startswith("Russian President Vladimir Putin")
                 and e["event_type"] == "CONSULT")
    negated = next(e for e in store_events if "has not held talks" in e["evidence"]["sentence"]
                   and e["event_type"] == "CONSULT")
    open_page(page, f"{server.url}/document?id={first['doc_id']}", "#doc-text .trigger")
    talks = trigger_of(page, first)
    assert "conditional" in talks.get_attribute("title") and "conditional" in talks.get_attribute("class")
    assert "confidence" in talks.get_attribute("title") and "said by" in talks.get_attribute("title")
    held = trigger_of(page, negated)
    assert "negated" in held.get_attribute("title") and "negated" in held.get_attribute("class")
    held.click()
    page.wait_for_selector("#event-detail")
    assert "negated" in page.inner_text("#event-detail")
    assert "Reviews are off" in page.inner_text("#panel")  # a read-only server offers no buttons
    assert not page.query_selector("#panel button")


def test_a_negotiation_item_links_to_its_sentence(page, server):
    open_page(page, server.url + "/negotiation?parties=RUS,UKR", "#section-meetings li")
    link = page.query_selector("#section-meetings .evidence-list a")
    sentence = link.inner_text().split(": ", 1)[1]
    link.click()
    page.wait_for_selector("#doc-text .focus")
    focused = "".join(node.inner_text() for node in page.query_selector_all("#doc-text .focus"))
    assert " ".join(focused.split()) == " ".join(sentence.split())


def test_markup_in_an_article_renders_as_text(page, server, store_events):
    doc_id = doc_id_of(store_events, "Kharkiv")
    open_page(page, f"{server.url}/document?id={doc_id}")
    text = page.inner_text("#doc-text")
    assert "<script>window.__pwned = 1</script>" in text and "<img src=x onerror=" in text
    assert page.evaluate("window.__pwned") is None
    assert not page.query_selector("#doc-text script, #doc-text img, main script")
    open_page(page, server.url + "/?q=kharkiv", "#events tbody tr")
    assert "onerror" in page.inner_text("#events") and page.evaluate("window.__pwned") is None


def test_a_review_from_the_document_page_is_stored_and_exported(page, sample_db, tmp_path, store_events):
    db = tmp_path / "review.duckdb"
    shutil.copy(sample_db, db)
    live = LiveServer(db, allow_review=True)
    try:
        event = next(e for e in store_events if "has not held talks" in e["evidence"]["sentence"]
                     and e["event_type"] == "CONSULT")
        open_page(page, f"{live.url}/document?id={event['doc_id']}&event={event['event_id']}", "#panel .review-form")
        page.fill("#panel input[name=reviewer]", "Ann Analyst")
        page.select_option("#panel select[name=modality]", "asserted")
        page.click("#panel button.wrong")
        page.wait_for_selector("#reviews li")
        assert "wrong by Ann Analyst" in page.inner_text("#reviews")
    finally:
        live.stop()
    live.app.state.store.close()
    with Store(db, read_only=True) as store:
        rows = store.conn.execute("SELECT event_id, verdict, modality, reviewer FROM reviews").fetchall()
    assert rows == [(event["event_id"], "wrong", "asserted", "Ann Analyst")]
    from whimbrel.cli import app as cli

    out = tmp_path / "reviews.jsonl"
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "--reviews", "--out", str(out)])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (record["event_id"], record["verdict"], record["modality"]) == (event["event_id"], "wrong", "asserted")
    assert record["coded"]["modality"] == "negated"
