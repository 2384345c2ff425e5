"""Event dedup: mentions of one real-world event, in one article or many, -> one canonical event.

A mention is one stored event record (`Store.events()` dict). It joins an existing canonical event
when they agree on type, dyad (unordered for symmetric types), modality class, date window and
place, and -- for types whose object tells events apart ("agreed to a prisoner exchange" vs
"agreed to exchange ceasefire proposals") -- on the words around the trigger. Otherwise it starts a
new canonical event. Merging is incremental: `merge` takes the existing canonical events and only
the new mentions. See docs/dedup.md.
"""
from __future__ import annotations

import bisect
import calendar
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date

SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}
# types whose object (what was agreed, demanded ...) tells two events of the same dyad apart
OBJECT_TYPES = {"AGREE", "REQUEST", "REJECT", "CONCEDE", "COOPERATE", "AID", "SUPPORT", "RETREAT",
                "THREATEN", "SANCTION", "COERCE", "ACCUSE", "PROTEST"}
MODALITY_CLASS = {"asserted": "fact", "reported": "fact", "negated": "negated", "possible": "irrealis",
                  "conditional": "irrealis", "hypothetical": "irrealis", "intended": "intended",
                  "requested": "requested", "proposed": "proposed"}
_STOP = set("""a an the of to and or for in on at by with from as that this these those its their his her
their our your is are was were be been being has have had will would could should can may might must
not no it he she they we you i said says say adding added also only but if than then there which who
whom whose what when where while into over after before about between any some all more most""".split())
_WORD = re.compile(r"[a-z][a-z'-]+")


@dataclass
class DedupSettings:
    undated_window_days: int = 7   # an undated mention's publication date vs the event's date
    dated_window_days: int = 1     # two day-precision dates
    object_similarity: float = 0.25  # Jaccard of object words, for OBJECT_TYPES
    object_window: int = 8         # words after the trigger that name its object


@dataclass
class Canonical:
    """A canonical event: its key attributes and the ids of its mentions."""

    canonical_event_id: str
    event_type: str
    dyad: tuple[str | None, str | None]
    modality_class: str
    modality: str
    dates: Counter = field(default_factory=Counter)
    pub_dates: list[str] = field(default_factory=list)
    places: Counter = field(default_factory=Counter)
    words: set[str] = field(default_factory=set)
    mention_ids: list[str] = field(default_factory=list)
    doc_ids: set[str] = field(default_factory=set)
    participants: set[str] = field(default_factory=set)

    # date, place and the parsed days are read for every candidate of every new mention: computed
    # once, and forgotten by add_mention (the only writer) when a mention joins
    @cached_property
    def date(self) -> str | None:
        return _best(self.dates)

    @cached_property
    def place(self) -> str | None:
        return _best(self.places)

    @cached_property
    def day(self) -> date | None:
        return _day(self.date)

    @cached_property
    def span(self) -> tuple[date, date] | None:
        return days_of(self.date)

    @cached_property
    def pub_days(self) -> list[date]:
        """The distinct publication days of its mentions, sorted (a long-running event has many
        mentions and few days)."""
        return sorted({d for d in map(_day, set(self.pub_dates)) if d})

    def forget(self) -> None:
        for name in ("date", "place", "day", "span", "pub_days"):
            self.__dict__.pop(name, None)


def _best(counts: Counter) -> str | None:
    # most mentions, then the most precise (longest) value, then the greatest: whatever order the
    # mentions came in (a store reads the counts back in no particular order)
    return max(counts, key=lambda v: (counts[v], len(v), v), default=None)


def crude_stem(word: str) -> str:
    """'proposals' -> 'propos', 'exchanged' -> 'exchang': enough to match word forms.

    >>> crude_stem("proposals"), crude_stem("proposal"), crude_stem("exchanging")
    ('propos', 'propos', 'exchang')
    """
    for suffix in ("ations", "ation", "ings", "ing", "als", "al", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def object_words(mention: dict, window: int = 8) -> set[str]:
    """Stemmed content words of the `window` words after the trigger (actor names left out)."""
    ev = mention.get("evidence") or {}
    sentence = ev.get("sentence") or ""
    start = (ev.get("trigger_end") or ev.get("trigger_start") or ev.get("start") or 0) - (ev.get("start") or 0)
    tail = sentence[max(start, 0):].lower()
    names = {w for side in ("source", "target") for w in _WORD.findall(((mention.get(side) or {}).get("text") or "").lower())}
    words = [w for w in _WORD.findall(tail) if w not in _STOP and w not in names][:window]
    return {crude_stem(w) for w in words}


def dyad(mention: dict) -> tuple[str | None, str | None]:
    s = (mention.get("source") or {}).get("country")
    t = (mention.get("target") or {}).get("country")
    if mention["event_type"] in SYMMETRIC and s and t:
        return tuple(sorted((s, t)))  # type: ignore[return-value]
    return s, t


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def days_of(value: str | None) -> tuple[date, date] | None:
    """The days an ISO value covers: a day, a month (YYYY-MM) or a year (YYYY); else None.

    >>> days_of("2025-02")
    (datetime.date(2025, 2, 1), datetime.date(2025, 2, 28))
    """
    if not value or not value[:4].isdigit():
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return day, day
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if len(value) == 4:
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class Probe:
    """What `score` reads of a mention, read once: a mention meets many canonical events."""

    event_type: str
    modality_class: str | None
    place: str | None
    dyad: tuple[str | None, str | None]
    date: str | None           # its date as coded
    value: str | None          # that date when it starts with a digit (a dated mention), else None
    day: date | None           # that date's day, when it is a full day
    anchor: date | None        # its day, else its publication day
    words: frozenset[str]

    @classmethod
    def of(cls, mention: dict, settings: DedupSettings) -> Probe:
        value = mention.get("date")
        day = _day(value)
        return cls(mention["event_type"], MODALITY_CLASS.get(mention.get("modality") or "asserted"),
                   place_of(mention), dyad(mention), value, value if value and value[:1].isdigit() else None,
                   day, day or _day(mention.get("pub_date")),
                   frozenset(object_words(mention, settings.object_window)))


def dates_agree(probe: Probe, canon: Canonical, settings: DedupSettings) -> bool:
    """A dated mention vs the event's date (month values by prefix); an undated one by its anchor
    (its publication date) within `undated_window_days` of the days the event's date covers (a
    month or year date: of that month or year), or of its mentions' publication dates."""
    if probe.value and canon.date:
        a, b = probe.day, canon.day
        if a and b:
            return abs((a - b).days) <= settings.dated_window_days
        return probe.value[:7] == canon.date[:7]
    anchor = probe.anchor
    if anchor is None:
        return True
    window = settings.undated_window_days
    if canon.date:
        span = canon.span  # None: a date value no day can be read from, nothing to compare
        return span is None or (span[0] - anchor).days <= window and (anchor - span[1]).days <= window
    days = canon.pub_days
    if not days:
        return True
    k = bisect.bisect_left(days, anchor)  # the nearest publication days are days[k - 1] and days[k]
    return min(abs((anchor - o).days) for o in days[max(k - 1, 0):k + 1]) <= window


def dyads_agree(a: tuple, b: tuple) -> bool:
    """Equal, or equal where both are known (an event with no target fits any target)."""
    return all(x == y or x is None or y is None for x, y in zip(a, b)) and (a[0] or b[0]) is not None


def same_meeting(probe: Probe, canon: Canonical) -> bool:
    """A multilateral meeting coded as several dyads ("delegations met in Istanbul, mediated by
    Turkey" -> RUS-TUR, UKR-TUR): same type, day and place and a participant in common."""
    if canon.event_type not in SYMMETRIC or not {x for x in probe.dyad if x} & canon.participants:
        return False
    place, day = probe.place, probe.date
    if canon.place or canon.date:
        return bool(place) and place == canon.place and bool(day) and day == canon.date
    return bool(place) and bool(day)  # an undated, placeless mention of talks, now dated and placed


def participants(mention: dict) -> set[str]:
    return {x for x in dyad(mention) if x}


def place_of(mention: dict) -> str | None:
    return ((mention.get("location") or {}).get("name")) or None


def score(probe: Probe, canon: Canonical, settings: DedupSettings) -> float | None:
    """How well a mention (`Probe.of(mention)`) fits a canonical event: None when it cannot be the
    same event."""
    if probe.event_type != canon.event_type or probe.modality_class != canon.modality_class:
        return None
    place = probe.place
    if place and canon.place and place != canon.place:
        return None
    if not dates_agree(probe, canon, settings):
        return None
    if not dyads_agree(probe.dyad, canon.dyad) and not same_meeting(probe, canon):
        return None
    union = probe.words | canon.words
    overlap = len(probe.words & canon.words) / len(union) if union else 0.0
    if canon.event_type in OBJECT_TYPES and overlap < settings.object_similarity:
        return None
    return overlap + (0.5 if place and place == canon.place else 0.0) + (0.5 if probe.dyad == canon.dyad else 0.0)


def canonical_id(mention: dict) -> str:
    return "ce_" + hashlib.sha256(mention["event_id"].encode()).hexdigest()[:16]


def new_canonical(mention: dict, settings: DedupSettings) -> Canonical:
    return Canonical(canonical_id(mention), mention["event_type"], dyad(mention),
                     MODALITY_CLASS.get(mention.get("modality") or "asserted", "fact"),
                     mention.get("modality") or "asserted")


def add_mention(canon: Canonical, mention: dict, settings: DedupSettings) -> None:
    canon.mention_ids.append(mention["event_id"])
    canon.doc_ids.add(mention["doc_id"])
    value = mention.get("date")
    if value and value[:1].isdigit():
        canon.dates[value] += 1
    if mention.get("pub_date"):
        canon.pub_dates.append(str(mention["pub_date"]))
    if place_of(mention):
        canon.places[place_of(mention)] += 1
    canon.words |= object_words(mention, settings.object_window)
    canon.participants |= participants(mention)
    canon.forget()
    if not dyads_agree(dyad(mention), canon.dyad):
        return  # joined as a participant of a multilateral meeting: keep the first dyad
    s, t = canon.dyad
    ms, mt = dyad(mention)
    canon.dyad = (s or ms, t or mt)
    canon.forget()


def merge(mentions: Iterable[dict], existing: Sequence[Canonical] = (),
          settings: DedupSettings | None = None) -> list[Canonical]:
    """Canonical events after adding `mentions` (in order) to `existing` (which is updated in place)."""
    settings = settings or DedupSettings()
    events = list(existing)
    # score() rejects another type or modality class first (neither changes): skip those
    by_kind: dict[tuple[str, str], list[Canonical]] = {}
    for canon in events:
        by_kind.setdefault((canon.event_type, canon.modality_class), []).append(canon)
    for mention in mentions:
        probe = Probe.of(mention, settings)
        scored = [(s, c) for c in by_kind.get((probe.event_type, probe.modality_class), ()) if (s := score(probe, c, settings)) is not None]
        if scored:  # the best fit; of equal fits the smallest id, whatever order they were made in
            target = min(scored, key=lambda sc: (-sc[0], sc[1].canonical_event_id))[1]
        else:
            target = new_canonical(mention, settings)
            events.append(target)
            by_kind.setdefault((target.event_type, target.modality_class), []).append(target)
        add_mention(target, mention, settings)
    return events
