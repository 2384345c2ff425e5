"""The REST API over a store coded from the bundled sample: filters against the store's own records."""
import csv
import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from whimbrel.negotiation import negotiation_timeline
from whimbrel.store import Store

from .conftest import doc_id_of

# filter query -> the same selection made in Python over Store.events() records
FILTERS = [
    ({"type": "CONSULT"}, lambda e: e["event_type"] == "CONSULT"),
    ({"type": "AGREE,REQUEST"}, lambda e: e["event_type"] in ("AGREE", "REQUEST")),
    ({"modality": "negated"}, lambda e: e["modality"] == "negated"),
    ({"source_country": "rus"}, lambda e: (e["source"] or {}).get("country") == "RUS"),
    ({"target_country": "UKR", "target_sector": "GOV"},
     lambda e: (e["target"] or {}).get("country") == "UKR" and (e["target"] or {}).get("sector") == "GOV"),
    ({"min_confidence": "0.7"}, lambda e: e["confidence"] >= 0.7),
    ({"q": "ISTANBUL"}, lambda e: "istanbul" in e["evidence"]["sentence"].lower()),
    ({"dyad": "UKR,RUS"}, lambda e: {(e["source"] or {}).get("country"), (e["target"] or {}).get("country")} == {"RUS", "UKR"}),
    ({"actor": "vladimir putin"}, lambda e: "Vladimir Putin" in ((e["source"] or {}).get("name"), (e["target"] or {}).get("name"))),
    ({"country": "USA"}, lambda e: "USA" in ((e["source"] or {}).get("country"), (e["target"] or {}).get("country"))),
    ({"date_from": "2025-05-17", "date_to": "2025-05-17"},
     lambda e: (e["date"] if e["date_precision"] == "day" else e["pub_date"]) == "2025-05-17"),
]


@pytest.mark.parametrize("query,keep", FILTERS, ids=[json.dumps(q) for q, _ in FILTERS])
def test_events_filter_selects_what_the_store_holds(client, store_events, query, keep):
    expected = [e["event_id"] for e in store_events if keep(e)]
    assert expected, "the filter should select something in the sample"
    body = client.get("/api/events", params={**query, "page_size": 200}).json()
    assert body["total"] == len(expected)
    assert sorted(e["event_id"] for e in body["events"]) == sorted(expected)


def test_events_context_mode_story_canonical_and_doc_filters(client, store_events, sample_db):
    event = next(e for e in store_events if e["context"])
    body = client.get("/api/events", params={"context": event["context"][0], "page_size": 200}).json()
    assert event["event_id"] in [e["event_id"] for e in body["events"]]
    assert all(event["context"][0] in e["context"] for e in body["events"])
    with_mode = next(e for e in store_events if e["mode"])
    assert all(e["mode"] == with_mode["mode"] for e in client.get("/api/events", params={"mode": with_mode["mode"]}).json()["events"])
    doc = with_mode["doc_id"]
    assert client.get("/api/events", params={"doc": doc}).json()["total"] == sum(e["doc_id"] == doc for e in store_events)
    with Store(sample_db, read_only=True) as store:
        story, n_docs = store.conn.execute("SELECT story_id, n_docs FROM stories ORDER BY n_docs DESC").fetchone()
        canon = store.conn.execute("SELECT canonical_event_id, n_mentions FROM canonical_events "
                                   "ORDER BY n_mentions DESC").fetchone()
        in_story = store.conn.execute("SELECT count(*) FROM events JOIN story_documents USING (doc_id) "
                                      "WHERE story_id = ?", [story]).fetchone()[0]
    assert client.get("/api/events", params={"story": story}).json()["total"] == in_story
    assert client.get("/api/events", params={"canonical": canon[0]}).json()["total"] == canon[1]


def test_events_are_paged_sorted_and_the_page_size_capped(client, store_events):
    first = client.get("/api/events", params={"page_size": 5, "sort": "confidence"}).json()
    second = client.get("/api/events", params={"page_size": 5, "page": 2, "sort": "confidence"}).json()
    assert first["total"] == len(store_events) and len(first["events"]) == 5
    conf = [e["confidence"] for e in first["events"] + second["events"]]
    assert conf == sorted(conf) and conf[0] == min(e["confidence"] for e in store_events)
    assert not {e["event_id"] for e in first["events"]} & {e["event_id"] for e in second["events"]}
    assert client.get("/api/events", params={"page_size": 201}).status_code == 422
    assert client.get("/api/events", params={"sort": "event_id; DROP TABLE events"}).status_code == 422


def test_quotes_in_filters_are_values_not_sql(client, store_events):
    body = client.get("/api/events", params={"q": "'; DROP TABLE events; --", "actor": "x' OR '1'='1"}).json()
    assert body["total"] == 0
    assert client.get("/api/events").json()["total"] == len(store_events)


def test_event_detail_has_evidence_canonical_event_and_other_mentions(client, store_events):
    by_canon = {}
    for e in store_events:
        by_canon.setdefault(client.get(f"/api/events/{e['event_id']}").json()["canonical_event_id"], []).append(e)
    cid, mentions = max(by_canon.items(), key=lambda kv: len(kv[1]))
    detail = client.get(f"/api/events/{mentions[0]['event_id']}").json()
    assert detail["evidence"] == mentions[0]["evidence"]
    assert detail["canonical_event"]["canonical_event_id"] == cid
    assert detail["canonical_event"]["n_mentions"] == len(mentions)
    assert sorted(m["event_id"] for m in detail["other_mentions"]) == sorted(m["event_id"] for m in mentions[1:])
    assert client.get("/api/events/no-such-event").status_code == 404


def test_document_spans_point_into_its_text(client, store_events):
    doc_id = doc_id_of(store_events, "has not held talks")
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert "source_path" not in doc  # no server file paths in answers
    assert len(doc["events"]) == sum(e["doc_id"] == doc_id for e in store_events)
    for event in doc["events"]:
        ev = event["evidence"]
        assert doc["text"][ev["trigger_start"]:ev["trigger_end"]] == ev["trigger"]
    for span in doc["mentions"] + doc["quotes"] + doc["dates"]:
        assert doc["text"][span["start"]:span["end"]] == span["text"]
    listed = client.get("/api/documents").json()
    assert listed["total"] == 2 and {d["doc_id"] for d in listed["documents"]} >= {doc_id}
    assert client.get("/api/documents/nope").status_code == 404


def test_stats_count_the_store(client, store_events):
    stats = client.get("/api/stats").json()
    assert stats["total"] == len(store_events) == sum(x["n"] for x in stats["by_type"])
    assert sum(x["n"] for x in stats["by_modality"]) == len(store_events)
    assert sum(x["n"] for x in stats["by_month"]) == len(store_events)
    assert sum(w["asserted"] + w["not_asserted"] for w in stats["by_week"]) == len(store_events)
    negated = sum(e["modality"] == "negated" for e in store_events)
    assert {x["modality"]: x["n"] for x in stats["by_modality"]}["negated"] == negated
    dyad = client.get("/api/stats", params={"dyad": "RUS,UKR"}).json()
    assert dyad["total"] == client.get("/api/events", params={"dyad": "RUS,UKR"}).json()["total"]


def test_actors_stories_network_and_negotiation(client, store_events, sample_db):
    actors = client.get("/api/actors", params={"page_size": 200}).json()["actors"]
    russia = next(a for a in actors if a["name"] == "Russia")
    sides = [e[s] for e in store_events for s in ("source", "target") if e[s]]
    assert russia["n_events"] == sum((a.get("name") or a["text"]) == "Russia" and a["actor_id"] == russia["actor_id"]
                                     for a in sides)
    assert client.get("/api/stories").json()["total"] >= 1
    net = client.get("/api/network").json()
    both = [e for e in store_events if (e["source"] or {}).get("country") and (e["target"] or {}).get("country")]
    assert sum(edge["n"] for edge in net["edges"]) == len(both)
    answer = client.get("/api/negotiation", params={"parties": "RUS,UKR"}).json()
    with Store(sample_db, read_only=True) as store:
        expected = json.loads(json.dumps(negotiation_timeline(store, ["RUS", "UKR"]), default=str))
    assert answer == expected
    assert client.get("/api/negotiation", params={"parties": "RUS;DROP"}).status_code == 422


@pytest.mark.parametrize("parties, code", [("RUS,RUS", "N001"), ("RUS,XXX", "N002")])
def test_negotiation_refuses_parties_as_the_cli_does(client, parties, code):
    answer = client.get("/api/negotiation", params={"parties": parties})
    assert answer.status_code == 422
    assert f"[{code}]" in answer.json()["detail"]


def test_export_streams_the_filtered_events_in_each_format(client, store_events):
    consult = [e for e in store_events if e["event_type"] == "CONSULT"]
    jsonl = client.get("/api/export", params={"format": "jsonl", "type": "CONSULT"})
    assert jsonl.headers["content-disposition"].startswith("attachment")
    assert [json.loads(line) for line in jsonl.text.splitlines()] == consult
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export", params={"format": "csv", "type": "CONSULT"}).text)))
    assert [r["event_id"] for r in rows] == [e["event_id"] for e in consult]
    table = pq.read_table(pa.BufferReader(client.get("/api/export", params={"format": "parquet"}).content))
    assert table.column("event_id").to_pylist() == [e["event_id"] for e in store_events]
    assert client.get("/api/export", params={"format": "xml"}).status_code == 422


def test_pages_carry_a_script_policy_and_no_token_without_review(client):
    for path in ("/", "/document", "/timeline", "/network", "/negotiation", "/review"):
        page = client.get(path)
        assert page.status_code == 200
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert 'name="whimbrel-review" content="0"' in page.text
        assert 'name="whimbrel-token" content=""' in page.text
    docs = client.get("/docs").text
    assert "/docs-assets/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200


def test_a_loopback_server_refuses_other_host_names(sample_db):
    from fastapi.testclient import TestClient

    from whimbrel.api.app import create_app

    with TestClient(create_app(sample_db, allowed_hosts=["127.0.0.1", "localhost"]), base_url="http://localhost") as c:
        assert c.get("/api/stats").status_code == 200
        assert c.get("/api/stats", headers={"Host": "attacker.example"}).status_code == 400


def test_config_says_when_the_cross_article_tables_are_behind(db_copy):
    from fastapi.testclient import TestClient

    from whimbrel.api.app import create_app

    with TestClient(create_app(db_copy)) as fresh:
        assert fresh.get("/api/config").json()["stale"] is None
    with Store(db_copy) as store:   # as after a crash: one stored document never reached the step
        store.conn.execute("DELETE FROM story_documents WHERE doc_id = (SELECT min(doc_id) FROM documents)")
    with TestClient(create_app(db_copy)) as behind:
        stale = behind.get("/api/config").json()["stale"]
    assert stale.startswith("[S008]") and "1 stored document" in stale
