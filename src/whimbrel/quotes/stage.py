"""Stage: quotes with their speakers resolved to actors (through the document's coreference)."""
from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from whimbrel.actors.dictionary import load_tables
from whimbrel.actors.grammar import PLACE_LABELS, gpe_country
from whimbrel.actors.resolve import STATE_SECTORS
from whimbrel.actors.mentions import ActorSpan, mention_at
from whimbrel.actors.nominals import ARMED_SECTORS
from whimbrel.nlp.extensions import register_extensions
from whimbrel.modality.cues import load_cues
from whimbrel.quotes.extract import CharIndex, QuoteSpan, extract_quotes


@dataclass
class ResolvedQuote:
    span: QuoteSpan
    speaker: ActorSpan | None
    speaker_text: str | None


def speaker_of(doc: Doc, quote: QuoteSpan, mentions: list[ActorSpan]) -> tuple[ActorSpan | None, str | None]:
    """The actor of the speaker expression: its root token's mention, else any mention inside it."""
    if quote.speaker_tokens is None:
        return None, None
    start, end = quote.speaker_tokens
    phrase = doc[start:end]
    mention = mention_at(mentions, phrase.root.i)
    if mention is None:
        # not a mention inside a clause on the speaker ("a charity, citing World Bank data",
        # "X, who headed the agency's mission"): the clause is about something else
        aside = {t.i for c in phrase.root.children if c.dep_ in CLAUSE_DEPS or is_example(c) for t in c.subtree}
        inside = [m for m in mentions if start <= m.start and m.end <= end and m.kind != "nationality"
                  and m.start not in aside]
        people = [m for m in inside if m.is_person]
        mention = (people or inside or [None])[-1]
    speaker = mention or role_speaker(phrase, mentions) or surname_speaker(phrase, mentions) \
        or named_speaker(phrase)
    return unplaced_source(speaker, phrase), phrase.text


def unplaced_source(speaker: ActorSpan | None, phrase: Span) -> ActorSpan | None:
    """'Experts say', 'environmentalists say', 'according to analysts': an unnamed source outside
    the state, named by a plural noun and no determiner of its own, took its country from the
    story's other actors (`groups.context_groups`), which places the one who acts in an event but
    not the one who speaks; the annotation guide codes an unnamed source's country only when the
    text gives it, so such a speaker keeps its sector and no country. Officials and other state
    bodies keep the story's country (the guide's "officials in a story about Kenya's
    government"), as do armed groups (coded where they operate) and civilians (where they live);
    a single person ('a student in Beijing', 'the student') is one of the story's people."""
    if speaker is None or speaker.how != "context" or speaker.sector in KEEP_PLACED \
            or phrase.root.tag_ not in ("NNS", "NNPS") \
            or any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ not in QUANTIFIERS) for c in phrase.root.children) \
            or any(load_tables().lookup_country(c.text) for c in phrase.root.children if c.dep_ in ("amod", "compound")):
        return speaker  # "some French media outlets": the text gives the country
    return replace(speaker, country=None)


CLAUSE_DEPS = {"acl", "relcl", "advcl"}
EXAMPLE_PREPS = {"including", "like"}


def is_example(child) -> bool:
    """'Critics, including X', 'officials, such as those from Y': members named as examples of a
    group are not the group that speaks."""
    if child.dep_ != "prep":
        return False
    return child.lower_ in EXAMPLE_PREPS or (child.lower_ == "as" and child.i > 0 and child.nbor(-1).lower_ == "such")
# "some commentators", "many analysts": a quantifier leaves the source as unnamed as no determiner;
# "the analysts" refers back to someone the text placed
QUANTIFIERS = {"some", "many", "several", "other", "most", "few", "all"}
KEEP_PLACED = STATE_SECTORS | set(ARMED_SECTORS) | {"CVL"}


def role_speaker(phrase: Span, mentions: list[ActorSpan]) -> ActorSpan | None:
    """'Officials said', 'a British charity said': a speaker known only by a title or a body
    keeps its sector, and the country of a country word on it; a state's body or source with
    none takes the document's own country (actors.nominals.document_country), else no country."""
    root, tables = phrase.root, load_tables()
    # "the rights groups", "civil society groups": the noun with its modifiers (and theirs) first,
    # then the noun alone
    words = [t.lower_ for left in root.lefts for t in left.subtree if t.dep_ in ("compound", "amod")]
    role = next((r for r in (tables.lookup_role(" ".join(words[k:] + [w]))
                             for k in range(len(words)) for w in (root.lower_, root.lemma_)) if r), None) \
        or tables.lookup_role(root.lemma_) or tables.lookup_role(root.lower_)
    sector = role.sector if role is not None else tables.lookup_org_word(root.lemma_)
    if sector is None or root.pos_ not in ("NOUN", "PROPN"):
        return None
    own = [mention_at(mentions, c.i) for c in root.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
    country = next((m.country for m in own if m is not None and m.country), None) or home_place(root, mentions)
    if country is None and sector in STATE_SECTORS:   # "security sources" in a story about Pakistan
        country = phrase.doc._.home_country
    return ActorSpan(start=phrase.start, end=phrase.end, start_char=phrase.start_char,
                     end_char=phrase.end_char, text=phrase.text, actor_id=None, name=None,
                     country=country, sector=sector, kind="person" if role and role.person else "group",
                     entity_type="PERSON" if role and role.person else "ORG", how="role")


def home_place(root, mentions: list[ActorSpan]) -> str | None:
    """'one user from Nairobi', 'a farmer from Kenya': where an unnamed speaker is from or lives is
    their country (the guide: people with the country the text gives them)."""
    for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ in ("from", "in")):
        for place in (o for o in prep.children if o.dep_ == "pobj"):
            mention = mention_at(mentions, place.i)
            if mention is not None and mention.country and not mention.is_person and mention.sector != "IGO":
                return mention.country
            if mention is None and place.ent_type_ in PLACE_LABELS:
                return gpe_country(place)
    return None


def surname_speaker(phrase: Span, mentions: list[ActorSpan]) -> ActorSpan | None:
    """'..., Dakin-Grimm said', 'Creemers said', 'Mehdiyev, who is Azerbaijani, said': the sayer of a
    reporting verb named by a name that no mention covers (a hyphenated surname, a surname the
    tagger took for a plural noun, an interjection or an organisation) is the person mentioned
    before whose name ends with it: a short name refers back within a document. The name is the
    phrase's leading capitalised words; the earlier person is what makes it a name."""
    end = phrase.start
    while end < phrase.end and name_word(phrase.doc[end]):
        end += 1
    while end > phrase.start and phrase.doc[end - 1].is_punct:
        end -= 1
    if end == phrase.start:
        return None
    said = phrase.doc[phrase.start:end].text.lower()
    earlier = [m for m in mentions if m.is_person and m.name and m.end <= phrase.start
               and (m.name.lower() == said or m.name.lower().endswith(" " + said))]
    return earlier[-1].refer(phrase, how="coref") if earlier else None


def named_speaker(phrase: Span) -> ActorSpan | None:
    """'"...," Rosasi said': a sayer named by a proper name the tagger and the tables missed and
    that no earlier person ends with is a person of the story's own country when the story has one
    (as the resolver codes a name-only person, `nominals.home_officials`), with low confidence."""
    words = [t for t in phrase if not t.is_punct]
    if not words or not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in words) or len(words) > 4:
        return None
    name, role, country = titled_name(words)
    return ActorSpan(start=phrase.start, end=phrase.end, start_char=phrase.start_char,
                     end_char=phrase.end_char, text=phrase.text,
                     actor_id=f"person:{name.lower().replace(' ', '-')}", name=name,
                     country=country or phrase.doc._.home_country, sector=role and role.sector,
                     kind="person", entity_type="PERSON", how="ner", confidence="low",
                     gender=role and role.gender)


def titled_name(words: list) -> tuple[str, object, str | None]:
    """'Mayor Ana Reyes', 'Lagos Governor Ade Bello': English puts a capitalised title (and the
    place it is of) before the name, so the words up to the last person title are the title and
    the rest the name; the title's sector is the person's, and a country word or capital before it
    their country. (name, role or None, country or None)"""
    tables = load_tables()
    at = max((k for k, w in enumerate(words[:-1]) if (r := tables.lookup_role(w.lower_)) and r.person), default=None)
    if at is None:
        return " ".join(w.text for w in words), None, None
    role = tables.lookup_role(words[at].lower_)
    places = [tables.lookup_country(w.text) or getattr(tables.lookup_place_actor(w.text), "country", None)
              for w in words[:at]]
    return " ".join(w.text for w in words[at + 1:]), role, role.country or next((c for c in places if c), None)


def name_word(token) -> bool:
    """A word of a name: capitalised and no pronoun or determiner ('He', 'The'), or a hyphen in it."""
    if token.text in ("-", "‐"):
        return True
    return token.text[:1].isupper() and token.pos_ not in ("PRON", "DET", "PUNCT")


def narrator_subject(index: CharIndex, quote: QuoteSpan, mentions: list[ActorSpan]) -> ActorSpan | None:
    """'X assured Y that “...”', 'X has vowed to make the region “climate neutral”': a quotation
    with no reporting verb inside a sentence that goes on outside the marks is the words of that
    sentence's subject, when the subject is a person named there (train: bodies, countries and
    pronouns as such subjects were mostly not the quotation's source)."""
    sent = index.token_at(quote.start).sent
    root = sent.root
    if quote.start <= root.idx < quote.end:
        return None  # the sentence is the quotation's own
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or quote.start <= subject.idx < quote.end:
        return None
    own = mention_at(mentions, subject.i)
    return own if own is not None and own.is_person and own.how != "coref" else None


def reported_sayer(doc: Doc, quote: QuoteSpan, outer: ActorSpan | None) -> QuoteSpan | None:
    """'Reuters reported that Peskov said ...', '... groups accused X of ..., AFP reported': an
    outlet reporting what someone said is the reporter, not the sayer (the annotation guide); when
    the reported clause is itself a reporting verb with a subject, the quote with that subject as
    its speaker, else None. `outer`: the speaker the quote's own cue gives."""
    if quote.kind != "indirect" or quote.speaker_tokens is None or quote.content_root is None:
        return None
    inner = doc[quote.content_root]
    if outer is None or outer.sector != "MED" or inner.lemma_.lower() not in load_cues().reporting_verbs:
        return None
    subject = next((c for c in inner.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON":
        return None
    return replace(quote, speaker_tokens=(subject.left_edge.i, subject.right_edge.i + 1))


def earlier_speaker(doc: Doc, quote: QuoteSpan, resolved: list[ResolvedQuote]) -> ActorSpan | None:
    """'According to security sources, ... The sources said', 'said the business owner ... The owner
    said': a definite speaker nobody coded whose noun is the noun of an earlier quote's speaker
    is that speaker."""
    if quote.speaker_tokens is None:
        return None
    root = doc[quote.speaker_tokens[0]:quote.speaker_tokens[1]].root
    if root.pos_ != "NOUN" or not any(c.lower_ == "the" for c in root.children):
        return None
    for other in reversed(resolved):
        if other.speaker is not None and other.span.speaker_tokens is not None:
            start, end = other.span.speaker_tokens
            if doc[start:end].root.lemma_.lower() == root.lemma_.lower():
                return other.speaker
    return None


def chain_speakers(index: CharIndex, quotes: list[ResolvedQuote]) -> list[ResolvedQuote]:
    """A direct quotation with no attribution of its own continues its neighbour's: '"...," X
    said. "More."' (the last direct quote before it, ending in the same or the previous sentence,
    however many sentences it ran over; an indirect quote between them, as in '"...," he said,
    noting that ...', does not break the chain) or '"First." "Second," X said.' (the next quote,
    same or next sentence). Only direct quotes chain; the neighbour must have a speaker."""
    starts = [index.sentence_index(q.span.start) for q in quotes]
    ends = [index.sentence_index(max(q.span.start, q.span.end - 1)) for q in quotes]
    for k, quote in enumerate(quotes):
        if quote.speaker is not None or quote.span.kind != "direct" or quote.span.speaker_tokens is not None:
            continue
        before = next((j for j in range(k - 1, -1, -1) if quotes[j].span.kind == "direct"), None)
        near = [(before, starts[k] - ends[before])] if before is not None else []
        near += [(k + 1, starts[k] - starts[k + 1])] if k + 1 < len(quotes) else []
        for j, gap in near:
            other = quotes[j]
            if other.span.kind == "direct" and other.speaker is not None and gap in ((0, 1) if j < k else (0, -1)):
                quote.speaker = other.speaker
                break
        if quote.speaker is None and k > 0 and opens_sentence(index, quote.span):
            quote.speaker = paraphrase_speaker(quotes[k - 1], starts[k] - ends[k - 1])
    return quotes


def opens_sentence(index: CharIndex, span: QuoteSpan) -> bool:
    """The quotation is the start of its sentence (its opening mark is the sentence's first word)."""
    return index.token_at(span.start).sent.start_char >= span.start - 1


def paraphrase_speaker(previous: ResolvedQuote, gap: int) -> ActorSpan | None:
    """'X said she hoped the reform would pass. "We have waited twenty years."': a quotation with no
    attribution opening the sentence after someone's reported speech goes on in that person's
    words (news paraphrases a speaker, then quotes them)."""
    speaker = previous.speaker
    if previous.span.kind != "indirect" or gap != 1 or speaker is None or not speaker.is_person:
        return None
    return speaker


class QuoteFinder:
    """spaCy component: doc._.quotes = ResolvedQuotes in text order."""

    def __init__(self, nlp: Language, name: str):
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc._.actor_mentions or []
        resolved, index = [], CharIndex(doc)
        for quote in extract_quotes(doc):
            speaker, text = speaker_of(doc, quote, mentions)
            reported = reported_sayer(doc, quote, speaker)
            if reported is not None:
                quote = reported
                speaker, text = speaker_of(doc, quote, mentions)
            if speaker is None and quote.kind == "direct" and quote.speaker_tokens is None:
                speaker = narrator_subject(index, quote, mentions)
            if speaker is None:
                speaker = earlier_speaker(doc, quote, resolved)
            resolved.append(ResolvedQuote(quote, speaker, text))
        doc._.quotes = chain_speakers(index, resolved)
        return doc


@Language.factory("whimbrel_quotes", assigns=["doc._.quotes"], requires=["doc._.actor_mentions"])
def make_quote_finder(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder(nlp, name)
