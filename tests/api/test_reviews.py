"""Reviews through the API: refused without --allow-review or the page's token, stored with it,
and exported by `whimbrel export --reviews` as records the event evaluation reader loads."""
import json

from typer.testing import CliRunner

from whimbrel.cli import app as cli
from whimbrel.evaluate.plover_gsr import load_records

TOKEN = {"X-Whimbrel-Token": "test-token"}


def test_reviews_are_refused_by_a_read_only_server(client, store_events):
    review = {"event_id": store_events[0]["event_id"], "verdict": "right", "reviewer": "ann"}
    answer = client.post("/api/reviews", json=review, headers=TOKEN)
    assert answer.status_code == 403 and "--allow-review" in answer.json()["detail"]


def test_a_review_needs_the_runs_token(review_client, store_events):
    review = {"event_id": store_events[0]["event_id"], "verdict": "right", "reviewer": "ann"}
    assert review_client.post("/api/reviews", json=review).status_code == 403
    assert review_client.post("/api/reviews", json=review, headers={"X-Whimbrel-Token": "guess"}).status_code == 403
    assert review_client.get("/api/reviews").json()["total"] == 0
    page = review_client.get("/review").text
    assert 'name="whimbrel-token" content="test-token"' in page and 'name="whimbrel-review" content="1"' in page


def test_bad_reviews_and_large_bodies_are_rejected(review_client, store_events):
    event_id = store_events[0]["event_id"]
    bad = [{"event_id": event_id, "verdict": "maybe", "reviewer": "ann"},
           {"event_id": event_id, "verdict": "wrong", "reviewer": "ann", "event_type": "DANCE"},
           {"event_id": event_id, "verdict": "wrong", "reviewer": "ann", "source_country": "russia"},
           {"event_id": event_id, "verdict": "wrong", "reviewer": "", "modality": "negated"},
           {"event_id": event_id, "verdict": "wrong", "reviewer": "ann", "path": "/etc/passwd"}]
    for review in bad:
        assert review_client.post("/api/reviews", json=review, headers=TOKEN).status_code == 422, review
    missing = {"event_id": "no-such-event", "verdict": "right", "reviewer": "ann"}
    assert review_client.post("/api/reviews", json=missing, headers=TOKEN).status_code == 404
    huge = {"event_id": event_id, "verdict": "right", "reviewer": "ann", "note": "x" * 20_000}
    assert review_client.post("/api/reviews", json=huge, headers=TOKEN).status_code == 413
    chunked = review_client.post("/api/reviews", content=iter([b'{"event_id": "x"}']),
                                 headers={**TOKEN, "Content-Type": "application/json"})
    assert chunked.status_code == 411
    assert review_client.get("/api/reviews").json()["total"] == 0


def test_a_review_is_stored_and_exported_as_a_training_record(review_client, store_events, db_copy, tmp_path):
    event = next(e for e in store_events if e["modality"] == "negated")
    right = next(e for e in store_events if e["event_id"] != event["event_id"])
    review = {"event_id": event["event_id"], "verdict": "wrong", "reviewer": "ann", "modality": "asserted",
              "target_country": "TUR", "note": "the talks did happen"}
    stored = review_client.post("/api/reviews", json=review, headers=TOKEN)
    assert stored.status_code == 201
    assert review_client.post("/api/reviews", json={"event_id": right["event_id"], "verdict": "right",
                                                    "reviewer": "bob"}, headers=TOKEN).status_code == 201
    listed = review_client.get("/api/reviews").json()
    assert listed["total"] == 2
    detail = review_client.get(f"/api/events/{event['event_id']}").json()
    assert [r["verdict"] for r in detail["reviews"]] == ["wrong"] and detail["reviews"][0]["modality"] == "asserted"
    queue = review_client.get("/api/events", params={"unreviewed": "true", "page_size": 200}).json()
    assert queue["total"] == len(store_events) - 2
    review_client.app.state.store.close()  # the CLI opens the file itself

    out = tmp_path / "reviews.jsonl"
    result = CliRunner().invoke(cli, ["export", "--db", str(db_copy), "--reviews", "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["event_id"] for r in records] == [event["event_id"], right["event_id"]]
    wrong = records[0]
    assert wrong["text"] == event["evidence"]["sentence"]
    assert wrong["event"] == event["event_type"] and wrong["modality"] == "asserted"
    assert wrong["target"] == [{"code": "TUR" + (event["target"] or {}).get("sector", "")}]
    assert wrong["coded"]["modality"] == "negated" and wrong["corrected"] == ["target_country", "modality"]
    trig = wrong["trigger"]
    assert wrong["text"][trig["start"]:trig["end"]] == event["evidence"]["trigger"]
    assert records[1]["verdict"] == "right" and records[1]["event"] == right["event_type"]
    gold = load_records(out)  # the event evaluation's reader takes the file as it is
    assert [g["event"] for g in gold] == [event["event_type"], right["event_type"]]
