"""Stage: modality, condition and attribution of every event candidate.

The modality comes from cues that govern the trigger (modality.classify); the attribution from the
quote or reported-speech span that contains the trigger. An event whose only source is a media
outlet ("Bloomberg reported that ...", "according to the agency") is `reported`.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Token

from whimbrel.models import Attribution
from whimbrel.modality.classify import ModalityResult, classify_trigger
from whimbrel.modality.cues import Lexicon, load_cues
from whimbrel.modality.predictor import agree, load_predictor
from whimbrel.nlp.extensions import register_extensions
from whimbrel.quotes.stage import ResolvedQuote


def containing_quote(trigger: Token, quotes: list[ResolvedQuote]) -> ResolvedQuote | None:
    """The innermost quote whose text contains the trigger."""
    inside = [q for q in quotes if q.span.start <= trigger.idx < q.span.end]
    return min(inside, key=lambda q: q.span.end - q.span.start) if inside else None


def attribution_of(quote: ResolvedQuote | None) -> Attribution | None:
    if quote is None:
        return None
    speaker = quote.speaker
    is_media = speaker is not None and speaker.sector == "MED"
    return Attribution(speaker=(speaker.name if speaker else quote.speaker_text),
                       kind="media" if is_media else quote.span.kind,
                       quote=quote.span.text,
                       speaker_country=speaker.country if speaker else None)


def proposing_act(trigger: Token, result: ModalityResult, cues: Lexicon) -> ModalityResult:
    """A proposal verb's own event is `proposed` ("it proposed holding talks" -> AGREE, proposed)."""
    governor = cues.governors.get(trigger.lemma_.lower())
    if result.modality == "asserted" and governor is not None and governor.cls == "proposed":
        return ModalityResult("proposed", trigger.text, None, result.score)
    return result


COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
WILL = {"will", "wo", "'ll", "would", "shall"}


def is_refusal(trigger: Token, result: ModalityResult) -> bool:
    """'will not accept', "won't meet": a negated intention to cooperate is a refusal (PLOVER REJECT).

    A negated past act ("has not held talks") stays a negated event: it did not happen.
    """
    if result.modality != "negated":
        return False
    auxes = {c.lower_ for c in trigger.children if c.dep_ == "aux"}
    return bool(auxes & WILL) and any(c.dep_ == "neg" for c in trigger.children)


def recode_refusal(event) -> None:
    """The event becomes an asserted REJECT of the cooperation it refuses (mode from the act)."""
    mode = {"AID": "assist", "CONSULT": "meet", "CONCEDE": "yield", "RETREAT": "yield"}.get(event.match.plover)
    event.match = replace(event.match, plover="REJECT", mode=mode or event.match.mode,
                          pattern=f"{event.match.pattern}; refusal: negated intention to {event.match.plover}")
    event.modality = "asserted"


FACTUALITY_CHOICES = ("features", "linear", "none")


def check_factuality(name: str) -> None:
    """Raise ValueError [M010] unless `name` is one of FACTUALITY_CHOICES."""
    if name not in FACTUALITY_CHOICES:
        raise ValueError(f"[M010] factuality must be one of {', '.join(FACTUALITY_CHOICES)}, not {name!r}")


class ModalityTagger:
    """spaCy component: sets modality, cue, condition, attribution and factuality on doc._.events.

    `factuality`: "features" (the default: the shipped factuality model of modality.predictor, the
    linear model averaged with the tuned encoder, scores each event -3..3, bounded by the sign its
    modality fixes), "linear" (the linear model alone: no encoder, cheaper) or "none" (the field
    stays null).
    """

    def __init__(self, nlp: Language, name: str, factuality: str = "features"):
        register_extensions()
        check_factuality(factuality)
        self.name = name
        self.cues = load_cues()
        # loaded here, not on first use, so that forked workers share the model instead of each loading it
        self.predictor = None if factuality == "none" else load_predictor(kind=factuality)

    def __call__(self, doc: Doc) -> Doc:
        quotes = doc._.quotes or []
        rules = []  # the plain rule result of each trigger, reused by the factuality predictor
        for event in doc._.events or []:
            quote = containing_quote(event.trigger, quotes)
            attribution = attribution_of(quote)
            media = attribution is not None and attribution.kind == "media"
            plain = classify_trigger(event.trigger)
            rules.append(plain)
            result = proposing_act(event.trigger, classify_trigger(event.trigger, reported_by_media=True)
                                   if media else plain, self.cues)
            event.modality, event.modality_cue = result.modality, result.cue
            event.condition, event.attribution = result.condition, attribution
            if event.match.plover in COOPERATIVE and is_refusal(event.trigger, result):
                recode_refusal(event)
        self.score_factuality(doc._.events or [], rules)
        return doc

    def score_factuality(self, events: list, rules: list) -> None:
        if self.predictor is None or not events:
            return
        for event, (cls, score) in zip(events, self.predictor([e.trigger for e in events], rules)):
            event.factuality = round(agree(event.modality, cls, score)[1], 2)  # the final modality bounds it


@Language.factory("whimbrel_modality", assigns=["doc._.events"],
                  requires=["doc._.events", "doc._.quotes"], default_config={"factuality": "features"})
def make_modality_tagger(nlp: Language, name: str, factuality: str) -> ModalityTagger:
    return ModalityTagger(nlp, name, factuality)
