"""The sample and two rewrites of it (same facts, other words, other outlets) through the store:
one meeting with three sources, and the sample's negotiation items against its gold."""
import json
from datetime import date
from pathlib import Path

import pytest

from whimbrel.ingest import read_text
from whimbrel.negotiation import negotiation_timeline
from whimbrel.negotiation.tracker import kind_of
from whimbrel.store import Store, crossdoc

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = DATA / "kremlin-putin-zelensky-2025-05-17.txt"
REWRITES = sorted((DATA / "rewrites").glob("*.txt"))


def document(path: Path):
    meta = json.loads(path.with_name(path.name.removesuffix(".txt") + ".meta.json").read_text())
    return read_text(path.read_text(encoding="utf-8"), pub_date=date.fromisoformat(meta["date"]),
                     outlet=meta["outlet"])


@pytest.fixture(scope="module")
def three(coder):
    store = Store(":memory:")
    for path in [SAMPLE, *REWRITES]:
        store.add(coder.code(document(path)))
        crossdoc.update(store)  # one article at a time: incremental
    yield store
    store.close()


@pytest.fixture(scope="module")
def sample_only(coder):
    store = Store(":memory:")
    store.add(coder.code(document(SAMPLE)))
    crossdoc.update(store)
    yield store
    store.close()


@pytest.mark.parametrize("etype,modality,kind", [
    ("CONSULT", "asserted", "meeting"), ("AGREE", "reported", "agreement"), ("REQUEST", "asserted", "demand"),
    ("CONSULT", "conditional", "condition"), ("AGREE", "proposed", "proposal"), ("ACCUSE", "asserted", "dispute"),
    ("CONSULT", "negated", None),
])
def test_tracker_kind_of(etype, modality, kind):
    assert kind_of(etype, modality) == kind


def test_tracker_three_articles_one_meeting_three_sources(three):
    timeline = negotiation_timeline(three, ["RUS", "UKR"])
    meetings = timeline["meetings"]
    assert len(meetings) == 1
    assert len(meetings[0]["sources"]) == 3
    assert (meetings[0]["date"], meetings[0]["place"]) == ("2025-05-16", "Istanbul")
    assert three.conn.execute("SELECT count(*) FROM stories").fetchone()[0] == 1


def test_tracker_view_lists_the_meeting(three):
    rows = three.conn.execute("SELECT n_sources FROM negotiation_items WHERE kind = 'meeting' "
                              "AND place = 'Istanbul'").fetchall()
    assert rows == [(3,)]


def test_tracker_sample_against_gold(sample_only):
    gold = json.loads((DATA / "kremlin-putin-zelensky-2025-05-17.gold.json").read_text())["negotiation"]
    t = negotiation_timeline(sample_only, gold["parties"])
    assert t["mediators"] == gold["mediators"] and t["outside"] == gold["outside"]
    meeting = t["meetings"][0]
    assert (meeting["date"], meeting["place"]) == (gold["meetings"][0]["date"], gold["meetings"][0]["place"])
    assert "Donald Trump" not in meeting["said_by"]  # "Ukraine should agree to [the talks]" is no meeting
    assert len(t["agreements"]) == len(gold["agreements"]) == 3
    for word in ("ceasefire proposals", "prisoner exchange", "follow-up meeting"):
        assert sum(any(word in x for x in a["items"]) for a in t["agreements"]) == 1
    ceasefire = next(a for a in t["agreements"] if any("ceasefire proposals" in x for x in a["items"]))
    assert any("ceasefire terms" in x for x in ceasefire["items"])  # Peskov's wording joins Medinsky's
    demands = {(d["by"], d["of"]): d for d in t["demands"]}
    assert set(demands) == {(g["by"], g["of"]) for g in gold["demands"]}
    russian = demands["RUS", "UKR"]["items"]
    assert "Bloomberg" in demands["RUS", "UKR"]["said_by"] and len(russian) == len(gold["demands"][0]["items"]) == 5
    for words in ("neutral status", "foreign troops", "nuclear weapons", "loss of its former", "withdraw"):
        assert sum(words in x for x in russian) == 1, words
    assert not any("list of conditions" in x for x in demands["RUS", "UKR"]["items"])
    assert demands["RUS", "UKR"]["status"] == "open"
    assert "dropped" in demands["UKR", "RUS"]["status"]
    assert len(t["disputes"]) == len(gold["disputes"])
    issue, terms = t["disputes"]
    assert "authorize to sign" in issue["items"][0] and any("illegitimate" in x for x in issue["items"])
    assert "terms" in terms["items"][0] and (issue["by"], terms["by"]) == ("RUS", "RUS")
    assert [p["status"] for p in t["proposals"] if p["by"] == "RUS"] == ["accepted by UKR"]
    assert any("specific agreements" in (c.get("condition") or " ".join(c["items"])) for c in t["conditions"])


def test_tracker_cli_prints_the_timeline(coder, fresh_db):
    from typer.testing import CliRunner

    from whimbrel.cli import app

    with Store(fresh_db) as store:
        store.add(coder.code(document(SAMPLE)))
        crossdoc.update(store)
    result = CliRunner().invoke(app, ["negotiation", "RUS", "UKR", "--db", str(fresh_db), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["meetings"][0]["place"] == "Istanbul"
    text = CliRunner().invoke(app, ["negotiation", "RUS", "UKR", "--db", str(fresh_db)])
    assert "meetings:" in text.output and "Istanbul" in text.output
