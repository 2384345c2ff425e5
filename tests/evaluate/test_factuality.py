"""`run_factuality`: scoring factuality files with the stage's model, told the corpus by the folder."""
import json

import pytest

from whimbrel.evaluate.factuality import corpus_of, run_factuality
from whimbrel.modality.factuality import gold_class, score_predictions

ROWS = [
    {"text": "Russia did not attack the town .", "targets": [{"span1": [3, 4], "label": -3.0}]},
    {"text": "The army attacked the town on Monday .", "targets": [{"span1": [2, 3], "label": 3.0}]},
    {"text": "They might meet in Istanbul .", "targets": [{"span1": [2, 3], "label": 0.0}]},
]


def _write(folder, rows=ROWS):
    folder.mkdir()
    path = folder / "dev.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_corpus_of_reads_the_folder():
    assert corpus_of("x/uw_factuality/dev.jsonl") == "uw"
    assert corpus_of("uds_ih2_factuality/train.jsonl") == "uds"


def test_a_known_corpus_folder_makes_told_corpus_the_headline(tmp_path, nlp_sm):
    path = _write(tmp_path / "meantime_factuality")
    res = run_factuality([path], nlp_sm)["meantime_factuality/dev.jsonl"]
    assert res["n"] == 3 and res["predictor"] == "told_corpus"
    assert set(res["by_predictor"]) == {"model", "told_corpus"}
    assert res["macro_f1"] == res["by_predictor"]["told_corpus"]["macro_f1"]


def test_an_unknown_folder_is_read_as_news_only(tmp_path, nlp_sm):
    path = _write(tmp_path / "mine")
    res = run_factuality([path, tmp_path / "missing.jsonl"], nlp_sm)
    assert list(res) == ["mine/dev.jsonl"] and res["mine/dev.jsonl"]["predictor"] == "model"
    assert run_factuality([tmp_path / "missing.jsonl"], nlp_sm) is None


def test_score_predictions_folds_labels_into_three_classes():
    assert [gold_class(x) for x in (3.0, 1.5, 1.4, -1.4, -1.5)] == [
        "factual", "factual", "uncertain", "uncertain", "negated"]
    res = score_predictions([3.0, -3.0, 0.0], ["factual", "negated", "factual"], [3.0, -3.0, 1.0])
    assert res["n"] == 3 and res["negated_f1"] == 1.0
    assert res["macro_f1"] == pytest.approx((2 / 3 + 1.0 + 0.0) / 3)
