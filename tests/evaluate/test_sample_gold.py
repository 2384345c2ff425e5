"""The sample-gold scorer on hand-made event dicts and records (same rules as shared/tools/score_gold.py)."""
import json

import pytest

from whimbrel.evaluate import sample_gold as sg
from whimbrel.models import (ActorMention, ActorRef, CodedDocument, DateValue, Document, Event, Evidence,
                             Quote)

from whimbrel.evaluate.runner import bundled_sample

GOLD = {
    "events": [
        {"id": "E1", "type": "CONSULT", "source": "RUSGOV", "target": "UKRGOV", "modality": "asserted",
         "symmetric": True, "evidence_contains": ["sat down for talks"]},
        {"id": "E2", "type": "REQUEST", "source": "UKRGOV", "target": "RUSGOV", "modality": "asserted",
         "evidence_contains": ["demanded a ceasefire"]},
        {"id": "E3", "type": "AGREE", "source": "RUSGOV", "target": "UKRGOV", "modality": "proposed",
         "alternatives": {"type": ["REQUEST"], "modality": ["possible"]}, "evidence_contains": ["proposed"]},
        {"id": "E4", "type": "REJECT", "source": "UKRGOV", "target": None, "modality": "asserted",
         "optional": True, "evidence_contains": ["refused"]},
    ],
    "must_not": [
        {"what": "asserted RUS-USA consult", "check": {"type": "CONSULT", "dyad": ["RUS", "USA"],
                                                         "modality": "asserted"}},
        {"what": "a person named Kiev", "check": {"actor_text": "Kiev", "entity_type": "PERSON"}},
    ],
    "quotes": [{"speaker": "Dmitry Peskov", "kind": "direct", "text": "Talks are possible,"}],
    "actors": [{"name": "Dmitry Peskov", "country": "RUS", "sector": "GOV"},
               {"name": "Kiev", "country": "UKR", "sector": "GOV"}],
    "dates": [{"text": "on Friday", "value": "2025-05-16"}],
    "places": [{"text": "Istanbul", "name": "Istanbul", "country": "TUR"}],
}


def ev(eid, etype, src, tgt, sentence, modality="asserted", **extra):
    out = {"event_id": eid, "event_type": etype, "modality": modality,
           "source": {"country": src, "text": src} if src else None,
           "target": {"country": tgt, "text": tgt} if tgt else None,
           "evidence": {"sentence": sentence, "start": 0, "end": len(sentence)}}
    out.update(extra)
    return out


def perfect_events(gold):
    """One exported event per gold event, built from the gold itself."""
    out = []
    for g in gold["events"]:
        out.append(ev(g["id"], g["type"], (g.get("source") or "")[:3] or None,
                      (g.get("target") or "")[:3] or None, f"... {g['evidence_contains'][0]} ...",
                      g["modality"]))
    return out


def test_sample_gold_perfect_inline_set_finds_all():
    res = sg.score_events(perfect_events(GOLD), GOLD)
    assert (res["required_found"], res["required_total"]) == (3, 3)
    assert res["required_found_with_modality"] == 3
    assert res["must_not_hits"] == 0 and res["missing"] == []
    assert res["per_event"]["E4"] == {"found": True, "found_with_modality": True, "optional": True,
                                      "matched": ["E4"]}


def test_sample_gold_perfect_set_from_bundled_gold_finds_all():
    gold = json.loads(bundled_sample()[1].read_text())
    res = sg.score_events(perfect_events(gold), gold)
    assert res["required_found"] == res["required_total"] == 15
    assert res["required_found_with_modality"] == 15
    assert res["must_not_hits"] == 0


def test_sample_gold_asserted_rus_usa_consult_is_a_must_not_hit():
    events = [ev("x1", "CONSULT", "USA", "RUS", "Russia held talks with the US")]
    res = sg.score_events(events, GOLD)
    assert res["must_not_hits"] == 1
    assert res["must_not_detail"] == {"asserted RUS-USA consult": ["x1"]}
    negated = [ev("x2", "CONSULT", "RUS", "USA", "Russia has not held talks", modality="negated")]
    assert sg.score_events(negated, GOLD)["must_not_hits"] == 0


def test_sample_gold_person_named_kiev_is_a_must_not_hit():
    e = ev("k", "ACCUSE", "RUS", None, "x")
    e["target"] = {"text": "Kiev", "entity_type": "PERSON", "country": None, "sector": None}
    assert sg.score_events([e], GOLD)["must_not_hits"] == 1
    e["target"] = {"text": "Kiev", "entity_type": "GPE", "country": "UKR", "sector": "GOV"}
    assert sg.score_events([e], GOLD)["must_not_hits"] == 0


@pytest.mark.parametrize("event,found", [
    (ev("a", "CONSULT", "UKR", "RUS", "they sat down for talks"), True),    # symmetric: reversed ok
    (ev("b", "REQUEST", "RUS", "UKR", "Kiev demanded a ceasefire"), False),  # not symmetric
    (ev("c", "REQUEST", "UKR", "RUS", "Kiev demanded a ceasefire"), True),
    (ev("d", "CONSULT", "RUS", "UKR", "an unrelated sentence"), False),     # evidence phrase needed
    (ev("e", "REQUEST", "RUS", "UKR", "Moscow proposed talks"), True),      # alternative type
    (ev("f", "CONSULT", "RUS", "TUR", "they sat down for talks"), False),   # wrong target
])
def test_sample_gold_event_matching(event, found):
    res = sg.score_events([event], GOLD)
    assert any(r["found"] for r in res["per_event"].values()) is found


def test_sample_gold_modality_and_its_alternatives():
    g = GOLD["events"][2]
    assert sg.matches(ev("x", "AGREE", "RUS", "UKR", "proposed", "possible"), g, with_modality=True)
    assert not sg.matches(ev("x", "AGREE", "RUS", "UKR", "proposed", "asserted"), g, with_modality=True)
    assert sg.matches(ev("x", "AGREE", "RUS", "UKR", "proposed", "asserted"), g, with_modality=False)


def test_sample_gold_evidence_falls_back_to_document_offsets():
    text = "Preamble. They sat down for talks."
    e = ev("x", "CONSULT", "RUS", "UKR", "")
    e["evidence"] = {"sentence": None, "start": 10, "end": len(text)}
    assert sg.matches(e, GOLD["events"][0], doc_text=text)


@pytest.mark.parametrize("text,speaker,found", [
    ("\u201cTalks are possible,\u201d", "Dmitry Peskov", True),      # surrounding punctuation ignored
    ("He said talks are   possible, today", "Dmitry Peskov", False),  # case differs inside
    ("We think Talks are possible, really", "dmitry  peskov", True),   # contains; name spacing/case
    ("Talks are possible", "Vladimir Medinsky", False),               # wrong speaker
])
def test_sample_gold_quotes(text, speaker, found):
    quotes = [{"text": text, "speaker": {"name": speaker}}]
    assert sg.quote_found(GOLD["quotes"][0], quotes) is found


def _coded():
    text = "Kremlin spokesman Dmitry Peskov said on Friday that talks in Istanbul were possible."
    doc = Document(doc_id="d1", text=text)
    peskov = ActorRef(text="Dmitry Peskov", name="Dmitry Peskov", country="RUS", sector="GOV")
    return CodedDocument(
        document=doc,
        mentions=[ActorMention("d1", 18, 31, "Dmitry Peskov", "a1", "Dmitry Peskov", "RUS", "GOV", "PERSON", "dict"),
                  ActorMention("d1", 0, 7, "Kremlin", "a2", "Kiev", "UKR", "MIL", "GPE", "dict")],
        events=[Event("e1", "d1", "CONSULT", peskov, None, Evidence(text, 0, len(text)),
                      location={"name": "Istanbul", "country": "TUR"})],
        quotes=[Quote("q1", "d1", 0, 10, "talks are possible.", "indirect", "said", peskov)],
        dates=[DateValue("Friday", 37, 43, "2025-05-16", "day")],
    )


def test_sample_gold_score_sample_counts_quotes_actors_dates_places():
    gold = dict(GOLD, quotes=[{"speaker": "Dmitry Peskov", "text": "talks are possible"}])
    res = sg.score_sample(_coded(), gold)
    assert (res["quotes_found"], res["quotes_total"]) == (1, 1)
    assert (res["actors_found"], res["actors_name_found"], res["actors_total"]) == (1, 2, 2)
    assert res["actors_missing"] == ["Kiev"]  # right name, wrong sector
    assert (res["dates_found"], res["dates_total"]) == (1, 1)
    assert (res["places_found"], res["places_total"]) == (1, 1)
    assert res["events_emitted"] == 1


def test_sample_gold_date_needs_the_right_value():
    assert not sg.date_found({"text": "on Friday", "value": "2025-05-17"},
                             [{"text": "Friday", "value": "2025-05-16"}])
