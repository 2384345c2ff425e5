"""The corpus suite's event scoring: type + source country + target country, optional gold events."""
from whimbrel.evaluate.corpus import ece, match_sentence, score

ASSAULT = ("ASSAULT", "RUS", "UKR")
REQUEST = ("REQUEST", "EGY", "ETH")


def test_corpus_suite_match_needs_type_and_both_countries():
    verdicts, missed = match_sentence([(ASSAULT, False)], [("ASSAULT", "RUS", None), ASSAULT])
    assert verdicts == [False, True] and missed == 0


def test_corpus_suite_optional_gold_is_neither_hit_nor_miss():
    verdicts, missed = match_sentence([(ASSAULT, True), (REQUEST, False)], [ASSAULT])
    assert verdicts == [None] and missed == 1


def test_corpus_suite_score_counts_clean_negative_sentences():
    result = score([([(ASSAULT, False)], [(ASSAULT, 0.9), (REQUEST, 0.6)]),   # one right, one wrong
                    ([], []),                                               # negative, clean
                    ([], [(REQUEST, 0.7)]),                                 # negative with an event
                    ([(REQUEST, False)], [])])                              # missed
    assert (result["tp"], result["fp"], result["fn"]) == (1, 2, 1)
    assert result["event_precision"] == round(1 / 3, 4) and result["event_recall"] == 0.5
    assert result["none_sentences"] == 2 and result["none_sentences_no_event"] == 0.5


def test_corpus_suite_ece_is_zero_when_confidence_matches_the_hit_rate():
    assert ece([0.75] * 4, [True, True, True, False]) == 0.0
    assert ece([0.9, 0.9], [False, False]) == 0.9
    assert ece([], []) is None
