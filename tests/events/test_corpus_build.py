"""Extending the event corpus with a later annotation round (scripts/build_event_corpus.extend)."""
import importlib.util
import json
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def load(name):
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def row(doc_id, annotator):
    return {"doc_id": doc_id, "source": "voa", "sent_id": 0, "split": "train", "text": "Chad thanked Niger.",
            "context": None, "candidates": [{"c": 0, "i": 1, "text": "thanked", "lemma": "thank", "pos": "VERB"}],
            "events": [], "annotator": annotator, "synthetic": False}


def test_extend_appends_only_new_documents_and_keeps_the_old_agreement(tmp_path):
    build = load("build_event_corpus")
    out, work = tmp_path / "corpus", tmp_path / "work"
    out.mkdir()
    work.mkdir()
    (out / "corpus.jsonl").write_text(json.dumps(row("voa:1", "ann1")) + "\n")
    (out / "stats.json").write_text(json.dumps({"annotators": {"ann1": 1}, "adjudicated_sentences": 0,
                                                "agreement": {"type_kappa": 0.9}, "split_rule": "old rule"}))
    (work / "split.json").write_text(json.dumps({"rule": "new rule", "test": [], "train": ["voa:2"]}))
    (work / "batches").mkdir()
    batch = [dict(row("voa:2", "-"), text="Chad  praised Niger."), dict(row("voa:3", "-"), text="Chad thanked niger.")]
    (work / "batches" / "batch_001.jsonl").write_text("".join(json.dumps(r) + "\n" for r in batch))
    new = [row("voa:1", "ann7"), dict(row("voa:2", "ann7"), text="Chad  praised Niger."), row("voa:3", "ann7")]
    rows, meta = build.extend(new, {"agreement": {"type_kappa": 0.8}, "adjudicated_sentences": 0, "annotators": {}},
                              work, out, "2026-12-03")
    # voa:1 is held already; voa:3 repeats the corpus's sentence (case and spaces aside)
    assert [(r["doc_id"], r["annotator"], r.get("added")) for r in rows] == [
        ("voa:1", "ann1", None), ("voa:2", "ann7", "2026-12-03")]
    assert meta["additions"]["2026-12-03"]["duplicates_dropped"] == 1
    assert meta["annotators"] == {"ann1": 1, "ann7": 1}
    assert meta["agreement"] == {"type_kappa": 0.9}
    assert meta["additions"]["2026-12-03"]["agreement"] == {"type_kappa": 0.8}
    assert meta["split_rule"] == ["old rule", "new rule"]


def test_disagreement_is_a_type_or_on_a_shared_event_a_country_or_modality():
    differs = load("corpus_disagreements").differs
    sentence = row("voa:1", "ann7")
    event = {"c": 0, "type": "SUPPORT", "source_code": "TCDGOV", "target_code": "NERGOV", "modality": "asserted"}
    assert not differs(sentence, [event], [dict(event, source_code="TCDMIL")])     # same countries
    assert differs(sentence, [event], [])                                         # event vs NONE
    assert differs(sentence, [event], [dict(event, type="AID")])
    assert differs(sentence, [event], [dict(event, target_code="NGAGOV")])
    assert differs(sentence, [event], [dict(event, modality="intended")])
