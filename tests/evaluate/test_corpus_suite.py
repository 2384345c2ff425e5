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


def _event(event_type, modality, source=None, target=None):
    from types import SimpleNamespace as NS
    actor = lambda c: NS(country=c, sector="GOV", kind="state") if c else None
    return NS(event_type=event_type, modality=modality, source=actor(source), target=actor(target))


def test_by_trigger_scores_modality_and_countries_on_events_found_with_their_type():
    from whimbrel.evaluate.corpus import by_trigger
    gold = lambda t, m, s=None, g=None: {"type": t, "modality": m, "source_code": s, "target_code": g}
    pairs = [
        (gold("ACCUSE", "asserted", "FRAGOV", "ITAGOV"), _event("ACCUSE", "asserted", "FRA", "ITA")),
        (gold("CONSULT", "negated", "PERGOV", "CHLGOV"), _event("CONSULT", "asserted", "PER", None)),
        (gold("ASSAULT", "negated", "IND"), _event("ASSAULT", "negated", "PAK")),
        (gold("AID", "asserted", "JPN"), _event("SUPPORT", "asserted", "JPN")),   # wrong type: not found
        (gold("REQUEST", "requested"), None),                                        # nothing emitted
    ]
    result = by_trigger(pairs)
    assert result["gold_events"] == 5 and result["found_with_type"] == 3
    assert result["type_recall"] == 0.6
    assert result["modality_accuracy"] == round(2 / 3, 4)
    assert result["negated_gold"] == 2 and result["negated_recall"] == 0.5
    assert result["source_country_accuracy"] == round(2 / 3, 4)
    assert result["target_country_accuracy"] == round(2 / 3, 4)
