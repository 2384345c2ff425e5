"""Event dedup on hand-made event records: what merges and what stays apart."""
import pytest

from whimbrel.dedup import events as d


def ev(event_id, etype="CONSULT", src="RUS", tgt="UKR", sentence="The sides held talks.", trigger="held",
       date=None, place=None, modality="asserted", doc="doc1", pub="2025-05-17", outlet="RT"):
    start = sentence.find(trigger)
    return {"event_id": event_id, "doc_id": doc, "event_type": etype, "modality": modality,
            "source": {"country": src, "text": src}, "target": {"country": tgt, "text": tgt} if tgt else None,
            "date": date, "location": {"name": place} if place else None, "pub_date": pub, "outlet": outlet,
            "evidence": {"sentence": sentence, "start": 0, "end": len(sentence), "trigger": trigger,
                         "trigger_start": start, "trigger_end": start + len(trigger)}}


def test_dedup_undated_and_dated_mentions_of_one_meeting_merge():
    merged = d.merge([ev("a", sentence="the first direct negotiations", trigger="negotiations"),
                      ev("b", sentence="They sat down in Istanbul on Friday.", trigger="sat",
                         date="2025-05-16", place="Istanbul"),
                      ev("c", src="UKR", tgt="RUS", date="2025-05-16", place="Istanbul", doc="doc2", outlet="X")])
    assert len(merged) == 1
    assert merged[0].date == "2025-05-16" and merged[0].place == "Istanbul"
    assert merged[0].doc_ids == {"doc1", "doc2"}


def test_dedup_multilateral_meeting_coded_as_two_dyads_is_one_meeting():
    merged = d.merge([ev("a", tgt="TUR", date="2025-05-16", place="Istanbul"),
                      ev("b", src="UKR", tgt="TUR", date="2025-05-16", place="Istanbul")])
    assert len(merged) == 1 and merged[0].participants == {"RUS", "UKR", "TUR"}


@pytest.mark.parametrize("other", [
    ev("b", modality="negated"),                                  # not held is not held
    ev("b", modality="conditional"),                              # a possible meeting is another event
    ev("b", tgt="USA"),                                           # another dyad
    ev("b", date="2025-06-02", pub="2025-06-03"),                 # another round
    ev("b", place="Geneva", date="2025-05-16"),                   # another place
    ev("b", etype="ASSAULT"),                                     # another type
])
def test_dedup_keeps_apart(other):
    first = ev("a", date="2025-05-16", place="Istanbul")
    assert len(d.merge([first, other])) == 2


def test_dedup_agreements_told_apart_by_their_object():
    merged = d.merge([
        ev("a", "AGREE", sentence="The sides agreed to exchange their ceasefire proposals.", trigger="agreed"),
        ev("b", "AGREE", sentence="Moscow and Kiev also agreed to a major prisoner exchange.", trigger="agreed"),
        ev("c", "AGREE", sentence="The sides agreed to exchange the list of ceasefire terms.", trigger="agreed",
           doc="doc2"),
    ])
    assert sorted(c.mention_ids for c in merged) == [["a", "c"], ["b"]]


def test_dedup_is_incremental():
    first = d.merge([ev("a", date="2025-05-16", place="Istanbul")])
    again = d.merge([ev("b", date="2025-05-16", place="Istanbul", doc="doc2")], first)
    assert len(again) == 1 and again[0].mention_ids == ["a", "b"]
