"""Selection of the precision gate over cross-validation draws (scripts/gate_selection.py,
gate_draws.draw_folds, gate_errors' classes) on tiny hand-made figures."""
from types import SimpleNamespace

import pytest

from whimbrel.evaluate.corpus import match_gold


@pytest.fixture
def load(script):
    return script


def draw(real, short):
    return {"real": real, "short": short}


def test_f_beta_weighs_precision_at_half(load):
    sel = load("gate_selection")
    assert sel.f_beta(0.5, 0.5, 0.5) == pytest.approx(0.5)
    assert sel.f_beta(0.6, 0.2, 0.5) > sel.f_beta(0.2, 0.6, 0.5)
    assert sel.f_beta(0.6, 0.2, 1.0) == pytest.approx(sel.f_beta(0.2, 0.6, 1.0))
    assert sel.f_beta(0.0, 0.0, 0.5) == 0.0


def test_summarise_gives_mean_and_sd_per_register_and_rule(load):
    sel = load("gate_selection")
    m = sel.summarise([draw((0.4, 0.2), (0.6, 0.3)), draw((0.2, 0.2), (0.6, 0.3))])
    assert m["real_P"] == (0.3, 0.1)
    assert m["short_R"] == (0.3, 0.0)
    assert m["register_f1"][0] == pytest.approx(
        (sel.f_beta(0.4, 0.2, 1) + sel.f_beta(0.6, 0.3, 1) + sel.f_beta(0.2, 0.2, 1) + sel.f_beta(0.6, 0.3, 1)) / 4,
        abs=1e-4)


def test_choose_takes_the_best_mean_not_the_best_single_draw(load):
    sel = load("gate_selection")
    lucky = [draw((0.9, 0.9), (0.9, 0.9)), draw((0.1, 0.1), (0.1, 0.1))]     # one great draw, one bad
    steady = [draw((0.6, 0.6), (0.6, 0.6)), draw((0.6, 0.6), (0.6, 0.6))]
    assert sel.choose({("a", 0.1): lucky, ("b", 0.2): steady}, "register_f1") == ("b", 0.2)


def test_choose_breaks_ties_by_real_precision_and_rules_differ(load):
    sel = load("gate_selection")
    recall = [draw((0.3, 0.6), (0.3, 0.6))] * 3
    precise = [draw((0.6, 0.3), (0.6, 0.3))] * 3
    cands = {("x", 0.1): recall, ("x", 0.3): precise}
    assert sel.choose(cands, "register_f1") == ("x", 0.3)         # equal F1: the more precise wins
    cands[("x", 0.1)] = [draw((0.32, 0.6), (0.32, 0.6))] * 3      # F1 now clearly higher
    assert sel.choose(cands, "register_f1") == ("x", 0.1)
    assert sel.choose(cands, "register_f05") == ("x", 0.3)


def test_agreement_counts_draws_up_equal_down(load):
    sel = load("gate_selection")
    before = [draw((0.3, 0.2), (0.5, 0.3))] * 3
    after = [draw((0.4, 0.1), (0.5, 0.3)), draw((0.3, 0.1), (0.5, 0.3)), draw((0.2, 0.1), (0.5, 0.3))]
    assert sel.agreement(before, after) == (1, 1, 1)
    assert sel.agreement(before, after, "real", 1) == (0, 0, 3)
    assert sel.agreement(before, after, "short") == (0, 3, 0)


def test_draw_folds_keep_documents_whole_and_change_with_the_seed(load):
    draws = load("gate_draws")
    docs = [SimpleNamespace(doc_id=f"d{i}", spans=[None] * (1 + i % 4)) for i in range(40)]
    a, b = draws.draw_folds(docs, 0), draws.draw_folds(docs, 1)
    assert set(a) == {d.doc_id for d in docs} and set(a.values()) == set(range(5))
    assert a == draws.draw_folds(docs, 0) and a != b


def test_error_classes_of_missed_and_wrong_events(load):
    errors = load("gate_errors")
    gold = {"c": 1, "type": "ACCUSE", "source_code": "USAGOV", "target_code": "CHN"}
    events = [(0, ("ACCUSE", "USA", None), 10, None), (0, ("CONSULT", "USA", "CHN"), 30, None)]
    assert errors.miss_class(gold, 50, events, [0.9, 0.9], 0.2) == "no lexicon event on the gold trigger"
    assert errors.miss_class(gold, 30, events, [0.9, 0.9], 0.2) == "lexicon event, wrong type"
    assert errors.miss_class(gold, 10, events, [0.1, 0.9], 0.2) == "right type, gate rejected"
    assert errors.miss_class(gold, 10, events, [0.3, 0.9], 0.2) == "kept, source/target country wrong"
    row = {"events": [gold]}
    assert errors.wrong_class(events[0], row, {1: 10}) == "right type, target country wrong"
    assert errors.wrong_class(events[1], row, {1: 30}) == "wrong type"
    assert errors.wrong_class(events[1], row, {1: 10}) == "not an event (gold NONE)"
    # the gold events a kept event takes: the required one before an optional twin (evaluate/corpus)
    assert match_gold([(("A", "X", None), False), (("A", "X", None), True)], [("A", "X", None)]) == [0]


def test_records_rule_needs_the_record_register_and_weighs_precision(load):
    sel = load("gate_selection")
    both = {"real": (0.5, 0.2), "short": (0.6, 0.3), "records": (0.7, 0.1)}
    want = (sel.f_beta(0.5, 0.2, 0.5) + sel.f_beta(0.7, 0.1, 0.5)) / 2
    assert sel.rule_score(both, "records_f05") == pytest.approx(want)
    assert "records_f05" not in sel.summarise([draw((0.4, 0.2), (0.6, 0.3))])   # no record register: not scored
    assert "records_f05" in sel.summarise([both])


def record_row(*gold, single=True):
    return {"events": [{"c": k, "type": t, "source_code": s, "target_code": g, "optional": o}
                       for k, (t, s, g, o) in enumerate(gold)], "single": single}


def test_record_outcome_takes_the_top_event_as_plover_gsr_does(load):
    rec = load("gate_records")
    row = record_row(("REQUEST", "USAGOV", "CHN", False))
    # (sentence, triple, trigger char, noun char, modality)
    demand = (0, ("REQUEST", "USA", "CHN"), 5, None, "asserted")
    content = (0, ("SUPPORT", "CHN", None), 30, None, "requested")
    assert rec.record_outcome(row, [demand, content], [0.4, 0.9], [0, 1], 0.3) == 1   # a demand's content ranks below
    assert rec.record_outcome(row, [demand, content], [0.2, 0.9], [0, 1], 0.3) == 0   # the demand gated out: wrong
    assert rec.record_outcome(row, [demand], [0.2], [0], 0.3) == 0                    # no event: wrong
    wrong_first = (0, ("CONSULT", "USA", "CHN"), 1, None, "asserted")
    assert rec.record_outcome(row, [wrong_first, demand], [0.5, 0.5], [0, 1], 0.3) == 0   # ties: first in text
    assert rec.record_outcome(record_row(("REQUEST", "USA", None, True)), [demand], [0.9], [0], 0.3) is None


def test_score_records_counts_precision_over_records_given_an_event(load):
    rec = load("gate_records")
    hit = (0, ("ACCUSE", "USA", None), 0, None, "asserted")
    sentences = [(record_row(("ACCUSE", "USAGOV", None, False)), [0], [hit]),
                 (record_row(("ACCUSE", "FRA", None, False), single=False), [1], [hit]),
                 (record_row(("ASSAULT", "RUS", "UKR", False)), [], []),
                 (record_row(), [2], [hit])]   # no gold event: not a record
    assert rec.score_records(sentences, [0.9, 0.9, 0.9], 0.5) == (0.5, pytest.approx(1 / 3), 3)
    assert rec.score_records(sentences, [0.9, 0.9, 0.9], 0.5, single=True) == (1.0, 0.5, 2)


def test_standalone_rows_cut_real_sentences_from_their_documents(load):
    rec = load("gate_records")
    rows = [{"doc_id": "a", "sent_id": 0, "context": None}, {"doc_id": "a", "sent_id": 3, "context": "Before."},
            {"doc_id": "b", "sent_id": 2, "context": None}, {"doc_id": "s", "sent_id": 0, "synthetic": True}]
    alone = rec.standalone_rows(rows)
    assert [r["doc_id"] for r in alone] == ["a#0", "a#3", "b#2"]
    assert [r["single"] for r in alone] == [False, False, True]
    assert all(r["context"] is None for r in alone) and rec.parent("a#3") == "a"


def test_role_settings_keep_the_shipped_ones_within_the_tie(tmp_path, load):
    roles = load("train_event_roles")
    results = [(0.7389, 0.03, "real"), (0.7388, 0.03, "found"), (0.7300, 0.01, "all")]
    shipped = tmp_path / "event_roles.json"
    assert roles.choose_setting(results, shipped)[2] == "real"          # nothing shipped: the best
    shipped.write_text('{"C": 0.03, "learn": "found"}')
    assert roles.choose_setting(results, shipped)[2] == "found"         # shipped and tied: kept
    shipped.write_text('{"C": 0.01, "learn": "all"}')
    assert roles.choose_setting(results, shipped)[2] == "real"          # shipped but clearly worse
