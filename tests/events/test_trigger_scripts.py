"""The trigger encoder's training inputs (scripts/trigger_items.py) and the gate's out-of-fold trigger
columns (scripts/train_event_gate.py --trigger-oof) on tiny hand-made items."""
import json

import numpy as np
import pytest


def test_candidate_classes_follow_the_type_order_and_skip_optional_events(script):
    items = script("trigger_items")
    row = {"candidates": [{"c": 0}, {"c": 1}, {"c": 2}, {"c": 3}],
           "events": [{"c": 1, "type": "ASSAULT"}, {"c": 2, "type": "CONSULT", "optional": True},
                      {"c": 3, "type": "NONE"}]}
    assert items.candidate_classes(row) == [0, items.TYPES.index("ASSAULT"), -1, 0]
    assert items.TYPES[0] == "NONE" and len(set(items.TYPES)) == 17


def test_folds_keep_a_document_together(script):
    items = script("trigger_items")
    assert items.fold_of("voa:1") == items.fold_of("voa:1")
    assert {items.fold_of(f"doc{k}") for k in range(200)} == set(range(items.FOLDS))


def test_out_of_fold_trigger_columns_match_by_text_and_character(script, tmp_path):
    gate = script("gate_columns")
    types = ["NONE", "CONSULT", "ASSAULT"]
    text = "The envoys held talks."
    (tmp_path / "items.json").write_text(json.dumps({"types": types, "items": [
        {"text": text, "spans": [[11, 15], [16, 21]]}]}))
    np.savez(tmp_path / "oof.npz", k=np.log(np.array([[0.9, 0.05, 0.05], [0.2, 0.7, 0.1]])))
    row = {"text": text}
    # two events: "held" with its noun "talks", and one on a word that is no candidate ("envoys")
    sentences = [(row, [0, 1], [(0, ("CONSULT", None, None), 11, 16), (0, ("ASSAULT", None, None), 4, None)])]

    def assemble(rows, cache, label):
        return np.zeros((2, 1), dtype=np.float32), np.array([1, 0]), np.array(["d", "d"]), sentences

    x = gate.with_trigger_columns(assemble, tmp_path / "items.json", tmp_path / "oof.npz", "k")(None, None, "triple")[0]
    assert x.shape == (2, 3)
    assert x[0, 1:] == pytest.approx([np.log(0.7), np.log(0.8)])
    # the word on no candidate takes the others' mean (here the one event's)
    assert x[1, 1:] == pytest.approx(x[0, 1:])


def _cache(roles):
    return {"doc": {"events": [(0, ("REQUEST", "EGY", "ETH"), 6, None), (0, ("CONSULT", "EGY", None), 33, None)],
                    "roles": roles}}


ROWS = [{"doc_id": "doc", "sent_id": 0, "text": "Egypt urged Ethiopia to resume talks."}]


def test_role_queries_ask_each_chosen_span_once_with_its_documents_fold(script):
    columns, items = script("gate_columns"), script("trigger_items")
    cache = _cache([((0, 5), (12, 20), (6, 11)), (None, None, (30, 36))])
    queries = columns.role_queries(ROWS, [cache, cache])
    assert [(q["trigger"], q["spans"]) for q in queries] == [([6, 11], [[0, 5]]), ([6, 11], [[12, 20]])]
    assert {q["fold"] for q in queries} == {items.fold_of("doc")}


def test_role_columns_from_answers_follow_assemble_order(script, tmp_path):
    import json
    columns = script("gate_columns")
    cache = _cache([((0, 5), (12, 20), (6, 11)), (None, None, (30, 36))])
    queries = columns.role_queries(ROWS, [cache])
    (tmp_path / "q.json").write_text(json.dumps(queries))
    (tmp_path / "a.json").write_text(json.dumps([[[0.9, 0.05]], [[0.1, 0.7]]]))
    sentences = [(ROWS[0], [0, 1], cache["doc"]["events"])]

    def assemble(rows, cache, label):
        return np.zeros((2, 1), dtype=np.float32), np.array([1, 0]), np.array(["doc", "doc"]), sentences

    x = columns.with_role_columns(assemble, tmp_path / "q.json", tmp_path / "a.json")(ROWS, cache, "triple")[0]
    assert x[0, 1:] == pytest.approx([1.0, np.log(0.9), 1.0, np.log(0.7)])
    assert x[1, 1:] == pytest.approx([0.0, 0.0, 0.0, 0.0])
