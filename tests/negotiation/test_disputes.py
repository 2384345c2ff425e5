"""Disputes from issue statements and declined comment, on hand-made canonical events (no model)."""
from whimbrel.negotiation.disputes import dispute_items

DOC = ("He added that a key issue for Moscow remains the question of who Ukraine would authorize to sign "
       "any agreements. Russia considers him illegitimate. Peskov also declined to comment on the terms "
       "Russia presented during the talks.")


def mention(event_id, sentence, speaker=None, event_type="CONSULT"):
    start = DOC.index(sentence)
    return {"event_id": event_id, "doc_id": "d1", "outlet": "RT", "event_type": event_type,
            "modality": "asserted", "attribution": {"speaker": "Dmitry Peskov", "speaker_country": speaker}
            if speaker else None,
            "evidence": {"sentence": sentence, "start": start, "end": start + len(sentence),
                         "trigger_start": start}}


def canon(cid, source, target, *mentions):
    return {"canonical_event_id": cid, "source_country": source, "target_country": target,
            "participants": [], "mentions": list(mentions)}


SENTENCES = [s + "." for s in DOC.split(". ")]
SENTENCES[-1] = SENTENCES[-1][:-1]
EVENTS = [canon("c1", "UKR", "RUS", mention("e1", SENTENCES[0], "RUS")),
          canon("c2", "RUS", "UKR", mention("e2", SENTENCES[1], event_type="ACCUSE")),
          canon("c3", "RUS", "UKR", mention("e3", SENTENCES[2]))]
ACCUSATION = {"kind": "dispute", "canonical_event_id": "c2", "items": ["considers him illegitimate"],
              "sources": ["RT"], "evidence": [{"doc_id": "d1", "start": DOC.index(SENTENCES[1]),
                                               "end": DOC.index(SENTENCES[1]) + len(SENTENCES[1])}]}


def test_disputes_issue_statement_with_its_background():
    issue, terms = dispute_items(EVENTS, ["RUS", "UKR"], [dict(ACCUSATION)])
    assert issue["items"] == ["who Ukraine would authorize to sign any agreements", "considers him illegitimate"]
    assert (issue["by"], issue["of"], issue["background"]) == ("RUS", "UKR", ["c2"])
    assert terms["items"] == ["the terms Russia presented during the talks (declined to comment)"]
    assert terms["by"] == "RUS"  # the last speaker the document quoted


def test_disputes_accusation_alone_when_no_issue_is_stated():
    out = dispute_items(EVENTS[1:2], ["RUS", "UKR"], [dict(ACCUSATION)])
    assert [d["canonical_event_id"] for d in out] == ["c2"]


def test_disputes_ignore_sentences_not_touching_the_parties():
    assert dispute_items(EVENTS, ["USA", "CHN"], []) == []
