"""The speaker measure of issue 16 (scoring and the gold file's checks; no model needed)."""
import json
from types import SimpleNamespace

import pytest

from whimbrel.evaluate.speakers import load_speaker_gold, score_speakers, speaker_code
from whimbrel.events.corpus import CorpusError


def gold(is_quote, code=None):
    return {"doc_id": "d", "sent_id": 0, "is_quote": is_quote, "speaker_text": None, "speaker_code": code}


def test_speaker_code_maps_police_to_government_and_keeps_igos():
    assert speaker_code(SimpleNamespace(country="KEN", sector="COP")) == "KENGOV"
    assert speaker_code(SimpleNamespace(country=None, sector="IGO")) == "IGO"
    assert speaker_code(SimpleNamespace(country=None, sector="GOV")) is None
    assert speaker_code(None) is None


def test_score_counts_recall_precision_and_accuracy_on_quotes_both_found():
    pairs = [(gold(True, "USAGOV"), True, "USAGOV"),     # right
             (gold(True, "RUSGOV"), True, "RUSMIL"),     # country right, sector wrong
             (gold(True, None), True, "FRAGOV"),         # gold says unknown: a guess is wrong
             (gold(True, "IGO"), False, None),           # missed quote
             (gold(False), True, "USAGOV"),              # not a quote
             (None, True, None),                         # no candidate at all: not a quote
             (None, False, None)]
    s = score_speakers(pairs)
    assert (s["gold_quotes"], s["whimbrel_quotes"], s["both"]) == (4, 5, 3)
    assert s["quote_recall"] == 0.75 and s["quote_precision"] == 0.6
    assert s["speaker_country_accuracy"] == round(2 / 3, 4)
    assert s["speaker_code_accuracy"] == round(1 / 3, 4)
    assert s["speaker_country_accuracy_gold_coded"] == 1.0
    assert (s["gold_null_speakers"], s["gold_null_guessed"]) == (1, 1)


def test_bad_gold_line_names_the_file_and_line(tmp_path):
    path = tmp_path / "speakers.jsonl"
    good = {"doc_id": "d", "sent_id": 1, "is_quote": True, "speaker_text": "he", "speaker_code": "USAGOV"}
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "is_quote": "yes"}) + "\n")
    with pytest.raises(CorpusError, match=r"\[C701\] .*speakers.jsonl:2"):
        load_speaker_gold(path)
    path.write_text(json.dumps(good) + "\n")
    assert load_speaker_gold(path)[("d", 1)]["speaker_code"] == "USAGOV"


def test_speaker_gold_takes_the_adjudicator_then_the_first_pass_and_checks_lines(tmp_path, script):
    sg = script("speaker_gold")
    batch = tmp_path / "batches"
    batch.mkdir()
    lines = [{"batch": "speakers_000", "q": f"d#{i}", "doc_id": "d", "sent_id": i, "source": "voa",
              "text": "Officials said the talks failed.", "doc_text": None} for i in range(3)]
    (batch / "speakers_000.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    answers = tmp_path / "answers"
    for who, codes in (("sp1", ["KENGOV", "KENGOV", "XX1"]), ("sp2", ["KENGOV", "UGAGOV", None]),
                       ("adj", ["TZAGOV", None, None])):
        (answers / who).mkdir(parents=True)
        rows = [{"q": f"d#{i}", "is_quote": True, "speaker_text": "Officials", "speaker_code": c}
                for i, c in enumerate(codes) if who != "adj" or i == 0]
        (answers / who / "speakers_000.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    batches = sg.read_batches(batch)
    got, problems = sg.read_answers(answers, batches)
    assert len(problems) == 1 and "bad speaker_code 'XX1'" in problems[0]
    gold = sg.gold_lines(batches, got, ["sp1", "sp2"])
    assert [g["speaker_code"] for g in gold] == ["TZAGOV", "KENGOV", None]   # adj, sp1, sp2 (sp1's bad line)
    agree = sg.agreement(got, ["sp1", "sp2"])
    assert (agree["double_annotated"], agree["speaker_code_agreement"]) == (2, 0.5)


def test_a_voa_story_is_rebuilt_as_title_and_one_paragraph():
    from whimbrel.evaluate.speakers import document_text
    rows = [{"source": "voa", "sent_id": k, "text": t} for k, t in enumerate(["Title", "“A.", "B,” he said."])]
    text, spans = document_text(rows)
    assert text == "Title\n“A. B,” he said." and [text[a:b] for a, b in spans] == ["Title", "“A.", "B,” he said."]
    other = [{"source": "uds", "sent_id": k, "text": t} for k, t in ((3, "One."), (9, "Two."))]
    assert document_text(other)[0] == "One.\nTwo."


def test_the_train_split_has_its_own_gold_and_documents(tmp_path):
    from whimbrel.evaluate.speakers import SPEAKER_FILES, gold_documents

    assert SPEAKER_FILES["test"].name == "speakers.jsonl" and SPEAKER_FILES["train"].name == "speakers_train.jsonl"
    corpus = tmp_path / "corpus.jsonl"
    rows = [{"doc_id": "a", "sent_id": 0, "split": "train", "source": "voa", "text": "He said so."},
            {"doc_id": "b", "sent_id": 0, "split": "test", "source": "voa", "text": "She said so."},
            {"doc_id": "c", "sent_id": 0, "split": "train", "source": "voa", "text": "Nobody annotated this."}]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
    lines = {("a", 0): gold(True, "USAGOV") | {"doc_id": "a"}, ("b", 0): gold(True) | {"doc_id": "b"}}
    assert list(gold_documents(lines, None, corpus, "train")) == ["a"]
    assert list(gold_documents(lines, None, corpus, "test")) == ["b"]


def test_speaker_errors_reports_country_precision_and_a_fixed_held_quarter(script):
    # session 16: the held quarter is a fixed hash of the document id; precision counts only the
    # speakers given a country
    se = script("speaker_errors")
    ids = [f"voa:{k}" for k in range(400)]
    held = [d for d in ids if se.held_aside(d)]
    assert held == [d for d in ids if se.held_aside(d)] and 0.2 < len(held) / len(ids) < 0.3
    pairs = [({"is_quote": True, "speaker_code": "KENGOV"}, True, "KENGOV"),
             ({"is_quote": True, "speaker_code": None}, True, "UGAGOV"),
             ({"is_quote": True, "speaker_code": "KENGOV"}, True, None),
             ({"is_quote": False, "speaker_code": None}, True, "KENGOV")]
    figures = se.part_figures(pairs)
    assert (figures["country_given"], figures["country_right"], figures["country_precision"]) == (2, 1, 0.5)
    assert figures["speaker_country_accuracy"] == round(1 / 3, 4)


def test_speaker_errors_counts_changed_sentences_per_part(tmp_path, script, capsys):
    se = script("speaker_errors")
    ids = ["voa:1", "voa:2", "voa:3", "voa:4", "voa:5"]
    old, new = tmp_path / "old.jsonl", tmp_path / "new.jsonl"
    line = lambda d, code: json.dumps({"doc_id": d, "sent_id": 0, "speaker_text": "X", "code": code}) + "\n"
    old.write_text("".join(line(d, "KENGOV") for d in ids))
    new.write_text("".join(line(d, "KENGOV" if d != "voa:1" else None) for d in ids))
    se.compare(old, new)
    parts = [json.loads(row) for row in capsys.readouterr().out.splitlines()]
    assert parts[0]["sentences_changed"] == 1
    assert parts[1]["sentences_changed"] + parts[2]["sentences_changed"] == 1
