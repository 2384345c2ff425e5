"""run_eval end to end with a stand-in coder on tiny inline files (no model needed)."""
import json

from whimbrel.evaluate import run_eval
from whimbrel.evaluate.runner import bundled_sample
from whimbrel.models import ActorRef, CodedDocument, Event, Evidence


class FakeCoder:
    """Codes every sentence containing 'talks' as an asserted RUS-UKR CONSULT (a test double)."""

    nlp = None
    base_model_name = None

    def code(self, document):
        events = []
        start = 0
        for sent in document.text.split(". "):
            if "talks" in sent:
                events.append(Event(f"e{start}", document.doc_id, "CONSULT",
                                    ActorRef("Russia", "Russia", "RUS", "GOV"),
                                    ActorRef("Ukraine", "Ukraine", "UKR", "GOV"),
                                    Evidence(sent, start, start + len(sent))))
            start += len(sent) + 2
        return CodedDocument(document, events=events)

    def code_many(self, documents, n_process=1):
        return (self.code(d) for d in documents)


def test_runner_bundled_sample_files_exist():
    text, gold = bundled_sample()
    assert text.is_file() and gold.is_file()


def test_runner_without_data_dir_scores_only_the_sample():
    res = run_eval(None, coder=FakeCoder(), strict=True)
    assert set(res) == {"sample", "plover_gsr", "factuality", "ecbplus", "corpus", "speakers"}
    assert res["speakers"] is None   # the speaker suite runs with the corpus only
    assert res["plover_gsr"] is None and res["factuality"] is None and res["ecbplus"] is None
    s = res["sample"]
    assert s["required_total"] == 15 and 0 < s["required_found"] < 15
    assert s["quotes_total"] == 14 and s["quotes_found"] == 0
    json.dumps(res, allow_nan=False)


def test_runner_runs_the_suites_it_finds(tmp_path):
    (tmp_path / "plover_gsr").mkdir()
    (tmp_path / "plover_gsr" / "dev.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"text": "Russia and Ukraine held talks.", "date": "2000-01-01", "event": "CONSULT", "mode": None,
         "source": [{"code": "RUS"}], "target": [{"code": "UKR"}]},
        {"text": "Rebels attacked a town.", "date": "2000-01-01", "event": "ASSAULT", "mode": None,
         "source": [{"code": "SDN"}], "target": []},
        {"text": "Never read: over the limit.", "date": "2000-01-01", "event": "AID", "source": [], "target": []},
    ]) + "\n")
    (tmp_path / "ecbplus").mkdir()
    docs = [{"doc_id": f"d{i}", "story": "s1" if i < 2 else "s2", "topic": "1",
             "tokens": (["quake", "hits", "Chile"] if i < 2 else ["floods", "hit", "Dhaka"]) + [str(i)],
             "mentions": [{"id": f"m{i}", "sent_id": 0, "tokens_number": [1], "text": "hits",
                           "cluster": "c1" if i < 2 else "c2"}]} for i in range(4)]
    (tmp_path / "ecbplus" / "dev.jsonl").write_text("\n".join(json.dumps(d) for d in docs) + "\n")
    res = run_eval(tmp_path, coder=FakeCoder(), limit=2, strict=True)
    p = res["plover_gsr"]
    assert p["n"] == 2 and p["event_type_accuracy"] == 0.5 and p["source_accuracy"] == 0.5
    assert res["ecbplus"]["n_docs"] == 2
    assert res["factuality"] is None
    json.dumps(res, allow_nan=False)


def test_runner_a_failing_suite_is_null_unless_strict(tmp_path):
    class Broken(FakeCoder):
        def code(self, document):
            raise RuntimeError("boom")

    res = run_eval(None, coder=Broken())
    assert res["sample"] is None
