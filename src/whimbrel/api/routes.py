"""The REST endpoints of `whimbrel serve`: thin wrappers over whimbrel.store queries and the tracker.

Each request reads through its own cursor of the app's store (`store_view`). Page sizes are capped
(MAX_PAGE), strings are bounded, and no request names a file.
"""
from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from whimbrel.api.streams import CONTENT_TYPES, stream_export
from whimbrel.models import MODALITIES, PLOVER_TYPES
from whimbrel.store import EventFilter, Store, StoreError
from whimbrel.store import queries, reviews, summaries

router = APIRouter(prefix="/api")
MAX_PAGE = 200
Text = Annotated[str | None, Query(max_length=200)]
Many = Annotated[list[str] | None, Query(max_length=50, description="repeatable; or comma-separated")]
Page = Annotated[int, Query(ge=1, le=100_000)]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Code = Annotated[str | None, Field(default=None, pattern=r"^[A-Z]{3}$")]
Sector = Annotated[str | None, Field(default=None, pattern=r"^[A-Z]{2,5}$")]


def store_view(request: Request) -> Iterator[Store]:
    view = request.app.state.store.thread_view()
    try:
        yield view
    finally:
        view.close()


StoreDep = Annotated[Store, Depends(store_view)]


def _many(values: list[str] | None, upper: bool = False) -> list[str]:
    out = [v.strip() for value in values or [] for v in value.split(",") if v.strip()]
    return [v.upper() for v in out] if upper else out


def event_filter(event_type: Annotated[list[str] | None, Query(alias="type", max_length=50)] = None, mode: Many = None, modality: Many = None, context: Many = None,
                 source_country: Many = None, source_sector: Many = None, target_country: Many = None,
                 target_sector: Many = None, doc: Many = None, canonical: Many = None,
                 actor: Text = None, country: Text = None, dyad: Text = None,
                 min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
                 date_from: date | None = None, date_to: date | None = None,
                 story: Text = None, q: Text = None, unreviewed: bool = False) -> EventFilter:
    """Event filters shared by /api/events, /api/stats, /api/network and /api/export. `date_*`
    compare the event's own date when it is a day, else its document's publication date; `dyad`
    is two countries ("RUS,UKR"), either direction; `q` searches the evidence sentence."""
    return EventFilter(
        event_type=_many(event_type, True), mode=_many(mode), modality=_many(modality), context=_many(context),
        source_country=_many(source_country, True), source_sector=_many(source_sector, True),
        target_country=_many(target_country, True), target_sector=_many(target_sector, True),
        doc_id=_many(doc), canonical_event_id=_many(canonical), actor=actor or None,
        country=country.upper() if country else None, dyad=_many([dyad] if dyad else None, True),
        min_confidence=min_confidence, date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None, story=story or None, q=q or None,
        unreviewed=unreviewed)


Filters = Annotated[EventFilter, Depends(event_filter)]


def _or_404(found: dict[str, Any] | None, what: str) -> dict[str, Any]:
    if found is None:
        raise HTTPException(404, f"no such {what}")
    return found


@router.get("/events", summary="Events, filtered, sorted and paged")
def events(store: StoreDep, flt: Filters, page: Page = 1, page_size: PageSize = 50,
           sort: Literal[queries.SORT_NAMES] | None = None) -> dict[str, Any]:
    """`sort`: date, pub_date, confidence, type or modality; `-` first for descending."""
    return queries.event_page(store, flt, page, page_size, sort)


@router.get("/events/{event_id}", summary="One event with its evidence, canonical event and other mentions")
def event(store: StoreDep, event_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    return _or_404(queries.event_detail(store, event_id), "event")


@router.get("/documents", summary="Documents (without text), newest first")
def documents(store: StoreDep, q: Text = None, page: Page = 1, page_size: PageSize = 50) -> dict[str, Any]:
    return summaries.documents(store, q, page, page_size)


@router.get("/documents/{doc_id}", summary="A document's text with the spans of events, actors, quotes, dates")
def document(store: StoreDep, doc_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    return _or_404(summaries.document(store, doc_id), "document")


@router.get("/actors", summary="Actors met in events, most events first")
def actors(store: StoreDep, q: Text = None, page: Page = 1, page_size: PageSize = 50) -> dict[str, Any]:
    return summaries.actors(store, q, page, page_size)


@router.get("/stories", summary="Stories (documents about one development), latest first")
def stories(store: StoreDep, page: Page = 1, page_size: PageSize = 50) -> dict[str, Any]:
    return summaries.stories(store, page, page_size)


@router.get("/stats", summary="Event counts by type, modality, month, dyad and week")
def stats(store: StoreDep, flt: Filters) -> dict[str, Any]:
    return summaries.stats(store, flt)


@router.get("/network", summary="Actor network: nodes and typed edges with event counts")
def network(store: StoreDep, flt: Filters, level: Literal["country", "actor"] = "country",
            limit: Annotated[int, Query(ge=1, le=1000)] = 300) -> dict[str, Any]:
    return summaries.network(store, flt, level, limit)


@router.get("/negotiation", summary="The negotiation timeline between parties")
def negotiation(store: StoreDep, parties: Annotated[str, Query(pattern=r"^[A-Za-z]{3}(,[A-Za-z]{3}){1,5}$",
                                                               examples=["RUS,UKR"])]) -> dict[str, Any]:
    from whimbrel.negotiation import negotiation_timeline, party_problem, store_countries

    if not queries.has_table(store, "canonical_events"):
        raise HTTPException(409, "the store has no canonical events yet (run `whimbrel run` on it)")
    codes = parties.upper().split(",")
    problem = party_problem(codes, store_countries(store))
    if problem:
        raise HTTPException(422, problem)
    return negotiation_timeline(store, codes)


@router.get("/export", summary="The selected events as a file (streamed)")
def export(request: Request, flt: Filters, format: Literal["jsonl", "csv", "parquet"] = "jsonl",
           sort: Literal[queries.SORT_NAMES] | None = None) -> StreamingResponse:
    name = f"whimbrel-events.{format}"
    return StreamingResponse(stream_export(request.app.state.store, flt, format, sort),
                             media_type=CONTENT_TYPES[format],
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


class ReviewIn(BaseModel):
    """A verdict on an event; the other fields correct it (omit or null: as coded)."""

    model_config = ConfigDict(extra="forbid")
    event_id: str = Field(min_length=1, max_length=200)
    verdict: Literal["right", "wrong"]
    reviewer: str = Field(min_length=1, max_length=100)
    event_type: Literal[PLOVER_TYPES] | None = None
    mode: str | None = Field(default=None, pattern=r"^[a-z-]{1,30}$")
    modality: Literal[MODALITIES] | None = None
    source_country: Code = None
    source_sector: Sector = None
    target_country: Code = None
    target_sector: Sector = None
    note: str | None = Field(default=None, max_length=2000)


@router.post("/reviews", status_code=201, summary="Review an event (only with --allow-review and the page's token)")
def add_review(request: Request, store: StoreDep, review: ReviewIn,
               x_whimbrel_token: Annotated[str | None, Header(max_length=200)] = None) -> dict[str, Any]:
    state = request.app.state
    if not state.allow_review:
        raise HTTPException(403, "reviews are off: start `whimbrel serve` with --allow-review")
    if not x_whimbrel_token or not secrets.compare_digest(x_whimbrel_token, state.token):
        raise HTTPException(403, "missing or wrong review token (reload the page)")
    corrections = review.model_dump(include=set(reviews.CORRECTABLE))
    try:
        return reviews.add_review(store, review.event_id, review.verdict, review.reviewer,
                                  corrections, review.note)
    except StoreError as error:
        raise HTTPException(404 if "[S025]" in str(error) else 422, str(error)) from error


@router.get("/reviews", summary="Stored reviews, newest first")
def list_reviews(store: StoreDep, event_id: Text = None, page: Page = 1, page_size: PageSize = 50) -> dict[str, Any]:
    return reviews.review_page(store, event_id, page, page_size)


@router.get("/config", summary="What this server allows")
def config(request: Request, store: StoreDep) -> dict[str, Any]:
    from whimbrel.store import crossdoc

    return {"allow_review": request.app.state.allow_review, "max_page_size": MAX_PAGE,
            "event_types": list(PLOVER_TYPES), "modalities": list(MODALITIES),
            # [S008] when stories and canonical events miss stored documents (a crashed or failed step)
            "stale": crossdoc.staleness_warning(store)}
