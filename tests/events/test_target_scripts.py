"""The target error classes (scripts/target_errors.py) and record mode's top event
(scripts/record_roles.py) on tiny hand-made items."""
from types import SimpleNamespace

import numpy as np


def cand(text, country, start_char, origin="mention"):
    actor = SimpleNamespace(text=text, country=country, sector=None, kind="country",
                            start_char=start_char, end_char=start_char + len(text))
    return SimpleNamespace(actor=actor, origin=origin, lexicon_role=set())


def item(gold, cands):
    return {"gold": gold, "cands": cands}


def test_error_classes_tell_resolution_candidates_and_decisions(script):
    classify = script("target_errors").error_class
    ghana, togo = cand("Ghana", "GHA", 0), cand("Togo", "TGO", 20)
    togo_span = [(20, 24)]
    # the gold target has no country among the candidates that cover it: resolution
    assert classify(item(("GHA", "BEN"), [ghana, togo]), ("GHA", None), ghana, togo_span) == "resolution"
    # the right mention with the right country, nobody named: the assigner's decision
    assert classify(item(("GHA", "TGO"), [ghana, togo]), ("GHA", None), ghana, togo_span) == "decision: none named"
    # the gold words are no candidate and no other candidate has the country: candidate generation
    assert classify(item(("GHA", "BEN"), [ghana, togo]), ("GHA", "TGO"), ghana, [(40, 45)]) == "candidates"
    # named where the gold has none, of the source's own country
    assert classify(item(("GHA", None), [ghana, togo]), ("GHA", "GHA"), ghana, []) == "named, gold none: same country"


def test_record_mode_keeps_the_most_probable_event_when_none_passes(script):
    def top_event(events, conf, flat, threshold):
        return script("gate_records").top_triple(events, conf, flat, threshold, record_mode=True)
    # (sentence, (type, source, target), trigger char, noun char, modality)
    events = [(0, ("ACCUSE", "PER", "CHL"), 5, None, "asserted"), (0, ("CONSULT", "PER", None), 30, None, "asserted")]
    conf = np.array([0.1, 0.2])
    assert top_event(events, conf, [0, 1], 0.3) == ("CONSULT", "PER", None)   # below the threshold: the best one
    conf = np.array([0.5, 0.2])
    assert top_event(events, conf, [0, 1], 0.3) == ("ACCUSE", "PER", "CHL")
    assert top_event([], conf, [], 0.3) is None


def test_labels_fall_back_to_the_gold_country_only_for_the_roles_asked(script):
    from whimbrel.events.roles import NEITHER, SOURCE, TARGET
    labels = script("train_event_roles").labels
    row = {"text": "The Ghanaian government thanked the Togolese navy, Togo's president said."}
    ghana = cand("Ghanaian government", "GHA", 4)
    togo = cand("Togo", "TGO", row["text"].index("Togo's"))
    # the gold target's words are no candidate's ("the Togolese navy" was not found)
    gold = {"source_text": "The Ghanaian government", "source_code": "GHAGOV",
            "target_text": "the Togolese navy", "target_code": "TGOMIL"}
    assert labels([ghana, togo], gold, row, 0, frozenset({"source", "target"})) == [SOURCE, TARGET]
    # without the target's fallback another mention of its country is no target: Togo's president
    assert labels([ghana, togo], gold, row, 0, frozenset({"source"})) == [SOURCE, NEITHER]
    # a candidate on the gold words is the target whatever the fallback
    navy = cand("Togolese navy", "TGO", row["text"].index("Togolese"))
    assert labels([ghana, togo, navy], gold, row, 0, frozenset()) == [SOURCE, NEITHER, TARGET]
    # the same for the source: gold words no candidate covers ("Accra" is not in the sentence)
    accra = {**gold, "source_text": "Accra"}
    assert labels([ghana, togo, navy], accra, row, 0, frozenset({"source"})) == [SOURCE, NEITHER, TARGET]
    assert labels([ghana, togo, navy], accra, row, 0, frozenset()) == [NEITHER, NEITHER, TARGET]
