"""Hand-built coded documents for the store tests (no parser needed)."""
from datetime import date

import pytest

from whimbrel.models import (
    Actor, ActorMention, ActorRef, Attribution, CodedDocument, DateValue, Document, Event,
    Evidence, Quote, Span,
)

TEXT = (
    "Putin and Zelensky talk.\n"
    "Russia said it would not attack Kyiv. Ukraine asked Turkey for talks if the ceasefire holds."
)


def _at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def build_coded(doc_id: str = "doc-a", pub: date | None = date(2025, 5, 17),
               outlet: str = "kremlin.ru", n_events: int = 3) -> CodedDocument:
    doc = Document(
        doc_id=doc_id, text=TEXT, title=Span(0, 24), paragraphs=[Span(25, len(TEXT))],
        pub_date=pub, outlet=outlet, url=f"https://example.org/{doc_id}",
        source_path=f"/data/{doc_id}.txt", meta={"lang": "en", "tags": ["a", "b"]},
    )
    russia = ActorRef("Russia", "Russia", "RUS", "GOV", "RUS_GOV", "GPE")
    kyiv = ActorRef("Kyiv", "Ukraine", "UKR", "GOV", None, "GPE")
    ukraine = ActorRef("Ukraine", "Ukraine", "UKR", "GOV", "UKR_GOV", "GPE")
    turkey = ActorRef("Turkey", None, "TUR", None)
    s1, s2 = (25, 62), (63, len(TEXT))
    events = [  # in store order: by sentence_start, then trigger_start
        Event(
            event_id=f"{doc_id}:e0", doc_id=doc_id, event_type="CONSULT", source=None, target=None,
            evidence=Evidence(TEXT[0:24], 0, 24),
        ),
        Event(
            event_id=f"{doc_id}:e1", doc_id=doc_id, event_type="ASSAULT",
            source=russia, target=kyiv,
            evidence=Evidence(TEXT[s1[0]:s1[1]], *s1, "attack", *_at("attack")),
            mode="aerial",
            context=["military", "territory"], date="2025-05-17", date_precision="day",
            location={"name": "Kyiv", "country": "UKR", "lat": 50.45, "lon": 30.52},
            modality="negated", attribution=Attribution("Russia", "indirect", None, "RUS"),
            confidence=0.8125, pattern="ASSAULT:attack",
        ),
        Event(
            event_id=f"{doc_id}:e2", doc_id=doc_id, event_type="REQUEST", source=ukraine,
            target=turkey, evidence=Evidence(TEXT[s2[0]:s2[1]], *s2, "asked", *_at("asked")),
            modality="conditional", condition="if the ceasefire holds",
            attribution=Attribution(None, "media", "Ukraine asked Turkey"), confidence=0.6,
        ),
    ]
    return CodedDocument(
        document=doc,
        mentions=[
            ActorMention(doc_id, 0, 5, "Putin", "RUS_PUTIN", "Vladimir Putin", "RUS", "GOV",
                         "PERSON", "dictionary"),
            ActorMention(doc_id, 25, 31, "Russia", None, None, "RUS", None, "GPE", "nationality"),
        ],
        events=events[:n_events],
        quotes=[
            Quote("q1", doc_id, 37, 61, "it would not attack Kyiv", "indirect", "said", russia),
            Quote("q2", doc_id, *_at("talks"), "talks", "direct", None, None),
        ],
        dates=[DateValue("today", 0, 5, "2025-05-17", "day")],
        actors=[
            Actor("RUS_PUTIN", "Vladimir Putin", "RUS", "GOV", "president",
                  date(2000, 5, 7), None, "test"),
            Actor("UKR_GOV", "Ukraine", "UKR", "GOV"),
        ],
    )


def build_expected(coded: CodedDocument) -> list[dict]:
    """What `Store.events()` should return: `Event.to_dict()` + outlet and pub_date."""
    doc = coded.document
    extra = {"outlet": doc.outlet, "pub_date": doc.pub_date.isoformat() if doc.pub_date else None}
    return [{**e.to_dict(), **extra} for e in coded.events]


@pytest.fixture
def make_coded():
    """A factory of hand-built CodedDocuments: make_coded(doc_id, pub, outlet, n_events)."""
    return build_coded


@pytest.fixture
def expected_events():
    """expected_events(coded) -> the event records the store should give back."""
    return build_expected
