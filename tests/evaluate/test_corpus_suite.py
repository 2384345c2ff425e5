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


def test_coded_sentences_codes_each_document_whole_and_maps_events_back_by_offset():
    from types import SimpleNamespace as NS

    from whimbrel.evaluate.corpus import coded_sentences
    seen = []

    class Coder:   # an event on every capitalised word after the first, at its character offset
        def code(self, document):
            seen.append(document.text)
            starts = [k for k, ch in enumerate(document.text) if ch.isupper() and k]
            return NS(events=[NS(evidence=NS(trigger_start=k, start=0)) for k in starts])

    row = lambda doc, sent, text, context=None: {"doc_id": doc, "sent_id": sent, "text": text, "context": context}
    rows = [row("a", 0, "one Two"), row("a", 2, "x Four", "Three"), row("b", 0, "five Six")]
    coded = coded_sentences(Coder(), rows)
    assert seen == ["one Two\nThree\nx Four", "five Six"]        # two documents, context line restored
    assert [(r["doc_id"], r["sent_id"], [k for k, _ in ev]) for r, ev in coded] == [
        ("a", 0, [4]), ("a", 2, [2]), ("b", 0, [5])]             # "Three" is a context line: not scored


def _scored_event(event_type, source, target, confidence, start):
    from types import SimpleNamespace as NS
    ev = _event(event_type, "asserted", source, target)
    ev.confidence, ev.evidence = confidence, NS(start=start, trigger_start=start)
    return ev


def test_records_read_one_sentence_documents_by_their_top_event():
    from whimbrel.evaluate.corpus import records
    gold = lambda *events: [{"type": t, "source_code": s, "target_code": g, "optional": o} for t, s, g, o in events]
    row = lambda doc, events, sent=0: {"doc_id": doc, "sent_id": sent, "events": events}
    coded = [
        (row("uw:1", gold(("ACCUSE", "FRAGOV", "ITAGOV", False))),            # top right in full
         [(0, _scored_event("ACCUSE", "FRA", "ITA", 0.9, 0)), (5, _scored_event("AID", "FRA", None, 0.4, 5))]),
        (row("uw:2", gold(("CONSULT", "PERGOV", "CHLGOV", False))),           # type right, target wrong
         [(0, _scored_event("CONSULT", "PER", None, 0.5, 0))]),
        (row("uw:3", gold(("ASSAULT", "INDMIL", None, False))), []),        # no event: wrong
        (row("uw:4", gold(("AID", "JPNGOV", None, True))), []),             # only an optional event: not a record
        (row("uw:5", []), [(0, _scored_event("AID", "JPN", None, 0.9, 0))]),  # no gold event: not a record
        (row("voa:1", gold(("AID", "JPNGOV", None, False))), []),           # two sentences: not a record
        (row("voa:1", [], 1), []),
    ]
    assert records(coded) == {"records": 3, "with_event": round(2 / 3, 4), "type_accuracy": round(2 / 3, 4),
                              "triple_accuracy": round(1 / 3, 4)}


def test_by_round_scores_each_annotation_round_apart_only_when_there_are_several():
    from whimbrel.evaluate.corpus import by_round
    first, added = {"doc_id": "a"}, {"doc_id": "b", "added": "2026-12-03"}
    pair = ([(ASSAULT, False)], [(ASSAULT, 0.9)])
    assert by_round([(first, pair)]) == {}
    rounds = by_round([(first, pair), (added, ([(REQUEST, False)], []))])
    assert rounds["first"]["tp"] == 1 and rounds["2026-12-03"]["fn"] == 1
