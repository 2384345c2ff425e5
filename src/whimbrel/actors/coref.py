"""Stage: in-document coreference for actors.

Links, in text order, each pronoun, bare surname, description ("the Kremlin spokesman",
"the Ukrainian leader") and group reference ("the sides") to an actor already mentioned.
Rules, not a model: the most recent compatible antecedent, preferring subjects and speakers.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Token

from whimbrel.actors.dictionary import ActorTables, load_tables
from whimbrel.actors.mentions import (ActorSpan, covered_tokens, mention_at, same_head_before,
                                      title_bodies)
from whimbrel.actors.names import same_person_mentions
from whimbrel.modality.cues import load_cues
from whimbrel.nlp.extensions import register_extensions
from whimbrel.quotes.extract import quote_marks

PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
THING_PRONOUNS = {"it", "its"}
PLURAL_PRONOUNS = {"they", "them", "their"}
SPEECH_VERBS = {"say", "add", "tell", "note", "stress", "insist", "warn", "state", "claim", "reply",
                "explain", "emphasise", "emphasize", "argue", "declare", "announce"}
GROUP_WORDS = {"sides", "parties"}  # "the sides", "both sides": the last pair of parties
GENERIC_BODIES = {"group", "movement", "organisation", "organization", "outfit", "militia"}  # "the group"


def surname_of(mention: ActorSpan) -> str | None:
    return mention.name.split()[-1].lower() if mention.is_person and mention.name else None


def is_subject(token: Token) -> bool:
    return token.dep_ in ("nsubj", "nsubjpass")


QUOTE_MARKS = {'"', "“", "”", "``", "''"}


def is_speaker(token: Token) -> bool:
    """The subject of a speech verb ('he said', 'Peskov told reporters'), or the name in
    apposition to it ('One of the authors, Ana Ruiz, told VOA'); any reporting verb of the quote
    lexicon counts."""
    subject = token.head if token.dep_ == "appos" else token
    if subject.dep_ != "nsubj":
        return False
    lemma, cues = subject.head.lemma_.lower(), load_cues()
    return lemma in SPEECH_VERBS or lemma in cues.reporting_verbs or lemma in cues.quote_verbs


def in_quote_chain(token: Token) -> bool:
    """'"...," he said': a speech-verb subject in a sentence that carries a direct quote."""
    before = [token.doc[i].text for i in range(max(token.sent.start, token.i - 2), token.i)]
    return is_speaker(token) and any(t in QUOTE_MARKS for t in before)


def rank_antecedents(candidates: list[ActorSpan], doc: Doc) -> list[ActorSpan]:
    """Most recent first; within the same sentence a subject beats a non-subject."""
    def key(m: ActorSpan):
        sent_start = doc[m.start].sent.start
        subject = any(is_subject(doc[i]) for i in range(m.start, m.end))
        return (sent_start, subject, m.start)
    return sorted(candidates, key=key, reverse=True)


def pronoun_antecedent(token: Token, before: list[ActorSpan], doc: Doc, inside=lambda char: False) -> ActorSpan | None:
    lower = token.lower_
    if lower in PERSON_PRONOUNS:
        gender = PERSON_PRONOUNS[lower]
        # a person an earlier "he" was resolved to is not "she" ("Lockyear ... He told ... She")
        known = {m.actor_id: PERSON_PRONOUNS[m.text.lower()] for m in before
                 if m.how == "coref" and m.text.lower() in PERSON_PRONOUNS}
        people = [m for m in before if m.is_person and (m.gender or known.get(m.actor_id)) in (gender, None)]
        if in_quote_chain(token):  # '"...," he said': the speaker of the quote chain, not its topic
            people = [m for m in people if any(is_speaker(doc[i]) for i in range(m.start, m.end))] or people
        ranked = rank_antecedents(people, doc)
        return ranked[0] if ranked else None
    if lower in PLURAL_PRONOUNS:
        found = reporter_antecedent(token, before) or plural_antecedent(token, before, doc, inside)
        return None if found is not None and same_as_own_subject(token, found, before) else found
    if lower in THING_PRONOUNS:
        things = [m for m in before if m.kind in ("government", "country", "igo", "organisation", "media")
                  or (m.kind == "group" and singular_group(m, doc))]  # "the party ... it"
        ranked = [m for m in rank_antecedents(things, doc) if not same_as_own_subject(token, m, before)]
        return ranked[0] if ranked else None  # "The group denied it": not the group
    return None


def plural_antecedent(token: Token, before: list[ActorSpan], doc: Doc, inside) -> ActorSpan | None:
    """'Three members of the Senate wrote to X. "...," they wrote': 'they'/'their' outside a
    reported clause is the last plural subject of its own or the previous sentence ('members of
    the U.S. Senate' -> the Senate); unknown when that subject is a group the tables do not code
    ('Analysts said ... They said'), when it is one person or a bare country, and inside a
    quotation when said outside it."""
    if token.lower_ == "them":
        return None
    sents = list(doc.sents)
    k = next(i for i, s in enumerate(sents) if s.start <= token.i < s.end)
    subjects = [t for t in doc[sents[max(0, k - 1)].start:token.i]
                if t.dep_ in ("nsubj", "nsubjpass") and t.tag_ in ("NNS", "NNPS", "NN", "NNP")
                and inside(t.idx) == inside(token.idx)]
    for subject in reversed(subjects):
        mention = group_mention_of(subject, before)
        if mention is not None and (mention.kind in PLURAL_BODY_KINDS or subject.tag_ in ("NNS", "NNPS")):
            return mention
        if subject.tag_ in ("NNS", "NNPS") and not (mention is not None and mention.kind in ("country", "government")
                                                    and mention.covers(subject.i)):
            return None  # the last plural subject is a group nobody coded: say unknown
    return None


PLURAL_BODY_KINDS = {"organisation", "media", "igo", "group"}


def group_mention_of(subject: Token, before: list[ActorSpan]) -> ActorSpan | None:
    """The actor a subject names: its own mention, or that of its 'of' members ('members of the
    Senate') or of its modifiers ('U.S. officials'); never a person."""
    members = [o for p in subject.children if p.dep_ == "prep" and p.lower_ == "of"
               for o in p.children if o.dep_ == "pobj"]
    words = [w for head in [subject] + members
             for w in [head] + [c for c in head.children if c.dep_ in ("amod", "compound", "nmod", "poss")]]
    for word in words:
        mention = mention_at(before, word.i)
        if mention is not None and not mention.is_person:
            return mention
    return None


def same_as_own_subject(token: Token, candidate: ActorSpan, before: list[ActorSpan]) -> bool:
    """'DHS said it would deport them': an object pronoun is not its own clause's subject."""
    if token.dep_ not in ("dobj", "dative", "pobj"):
        return False
    verb = token.head.head if token.dep_ == "pobj" else token.head
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    mention = mention_at(before, subject.i) if subject is not None else None
    return mention is not None and mention.actor_id == candidate.actor_id


def singular_group(mention: ActorSpan, doc: Doc) -> bool:
    """'the party', 'Japan's foreign ministry': a group mention whose noun is singular can be 'it';
    'Rwandan rebels' cannot. A country word's group noun is the word it modifies."""
    last = doc[mention.end - 1]
    noun = last.head if last.dep_ in ("poss", "amod", "compound") and last.head.i > last.i else last
    return noun.tag_ in ("NN", "NNP") and noun.pos_ in ("NOUN", "PROPN") and not noun.lower_.endswith("s")


def reporter_antecedent(token: Token, before: list[ActorSpan]) -> ActorSpan | None:
    """'The Fijian rebels said they will ...': a plural pronoun in a reported clause is the
    reporting verb's subject when that subject is a group, an organisation or a government."""
    clause = token.head
    while clause.dep_ not in ("ccomp", "xcomp", "advcl") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ not in ("ccomp",) or clause.head.i == clause.i:
        return None
    subject = next((c for c in clause.head.children if c.dep_ == "nsubj" and c.i < token.i), None)
    if subject is None:
        return None
    members = [o for p in subject.children if p.dep_ == "prep" and p.lower_ == "of"
               for o in p.children if o.dep_ == "pobj"]  # "a group of Yoruba leaders"
    words = [w for head in [subject] + members
             for w in [head] + [c for c in head.children if c.dep_ in ("amod", "compound", "nmod")]]
    for word in words:
        mention = mention_at(before, word.i)
        if mention is not None and not mention.is_person and mention.country:
            return mention
    return None


def description_antecedent(token: Token, before: list[ActorSpan], doc: Doc,
                           tables: ActorTables) -> ActorSpan | None:
    """'The Kremlin spokesman' / 'the Ukrainian leader': a role word with a definite article."""
    if token.tag_ != "NN" or not any(c.lower_ == "the" for c in token.children):
        return None  # singular only: "the negotiators" is not one person
    if token.lower_ in GENERIC_BODIES:  # "Hamas denied it. The group said ..."
        # "the banned separatist militant outfit" describes the body named before; "the Kenyan
        # group", "its movement" name another
        bodies = [m for m in before if m.kind in ("group", "organisation") and m.end <= token.left_edge.i
                  and m.how != "context"  # a named body, not "media" in "a statement to media"
                  and not any(c.dep_ == "poss" or (c.dep_ in OWN_MODIFIERS and (
                      mention_at(before, c.i) is not None or tables.lookup_country(c.text)))
                      for c in token.children)]
        ranked = rank_antecedents(bodies, doc)
        return ranked[0] if ranked else None
    role = tables.lookup_role(token.lemma_)
    if role is None:  # "the charity", "the institute": an organisation's head word
        org_sector = tables.lookup_org_word(token.lemma_)
        return organisation_antecedent(token, org_sector, before, doc) if org_sector else None
    if not role.person:
        return organisation_antecedent(token, role.sector, before, doc)
    bodies = title_bodies(token, before)  # "a State Department spokesperson ... the spokesperson"
    if bodies:
        return rank_antecedents(bodies, doc)[0]
    if own_affiliation(token, doc._.actor_mentions or before):
        return None
    countries = {m.country for m in before if m.start >= token.left_edge.i and m.end <= token.i and m.country}
    # "Jordan Chad, an aide to the mayor": the mayor is someone the person is described by, and a
    # person the text titled otherwise ("aide") is not "the mayor"
    around = {a.i for a in token.ancestors}
    people = [m for m in before if m.is_person and m.end <= token.left_edge.i
              and not any(m.covers(i) for i in around)
              and (m.how != "role" or not m.role or token.lemma_ in m.role.lower())]
    if countries:
        people = [m for m in people if m.country in countries]
    by_role = [m for m in people if m.role and token.lemma_ in m.role.lower()]
    ranked = rank_antecedents(by_role or people, doc)
    return ranked[0] if ranked else None


def own_affiliation(token: Token, mentions: list[ActorSpan]) -> bool:
    """'the chief correspondent of a London daily', 'the head of the UN agency': a title
    whose own of/at/for phrase names a body or a country introduces someone, not the person
    mentioned before."""
    objects = [o for p in token.children if p.dep_ == "prep" and p.lower_ in ("of", "at", "for", "with")
               for o in p.children if o.dep_ == "pobj"]
    return any(m is not None and not m.is_person for o in objects for w in [o, *o.children]
               for m in [mention_at(mentions, w.i)])


ORGANISATION_KINDS = {"media", "igo", "organisation", "group"}
ORGANISATION_SECTORS = {"MED", "IGO", "NGO", "BUS"}
OWN_MODIFIERS = {"amod", "compound", "poss", "nmod"}


def organisation_antecedent(token: Token, sector: str | None, before: list[ActorSpan],
                            doc: Doc) -> ActorSpan | None:
    """'the agency' -> the last news organisation named: an organisation noun takes the most
    recent organisation of its sector (MED, IGO ...), never a person or a government."""
    if any(c.dep_ in OWN_MODIFIERS for c in token.children):
        return None  # "the Ethiopian government" names its own actor; only a bare "the agency" refers
    # "the Paris-based International Energy Agency ... the agency": a body whose name holds the
    # noun beats the last body of the noun's usual sector (a news agency)
    named = same_head_before(token, before)
    if named:
        return rank_antecedents(named, doc)[0]
    if sector not in ORGANISATION_SECTORS:
        return None
    same = [m for m in before if m.kind in ORGANISATION_KINDS and m.sector == sector
            and m.end <= token.left_edge.i]
    ranked = rank_antecedents(same, doc)
    return ranked[0] if ranked else None


def surname_antecedent(token: Token, before: list[ActorSpan]) -> ActorSpan | None:
    if token.pos_ != "PROPN":
        return None
    for mention in reversed(before):
        if surname_of(mention) == token.lower_:
            return mention
    return None


def last_pair(before: list[ActorSpan], doc: Doc) -> list[ActorSpan]:
    """The most recent two parties of different countries joined by 'and' (Moscow and Kiev).

    Governments and countries beat people: in diplomatic prose "the sides" are states.
    """
    pairs = []
    for mention in reversed(before):
        token = doc[mention.end - 1]
        partner = next((c for c in token.children if c.dep_ == "conj"), None)
        if partner is None:
            continue
        other = next((m for m in before if m.covers(partner.i)), None)
        if other is not None and other.country and other.country != mention.country:
            pairs.append([mention, other])
    states = [p for p in pairs if not p[0].is_person and not p[1].is_person]
    return (states or pairs or [[]])[0]


def could_refer(token: Token) -> bool:
    """Cheap pre-check: only pronouns, proper nouns and singular common nouns can refer back."""
    lower = token.lower_
    return (lower in PERSON_PRONOUNS or lower in THING_PRONOUNS or lower in PLURAL_PRONOUNS
            or token.pos_ == "PROPN" or token.tag_ == "NN")


def resolve_references(doc: Doc, mentions: list[ActorSpan], tables: ActorTables) -> list[ActorSpan]:
    """Mentions plus the references that point back to them, in text order."""
    resolved = list(mentions)
    covered = covered_tokens(resolved)
    quoted = quote_marks(doc.text)
    inside = lambda char: any(a <= char < b for a, b in quoted)
    for token in doc:
        if not could_refer(token) or token.i in covered:
            continue
        before = [m for m in resolved if m.end <= token.i]
        antecedent = (pronoun_antecedent(token, narrative(token, before, inside), doc, inside)
                      or surname_antecedent(token, before)
                      or description_antecedent(token, before, doc, tables))
        if antecedent is not None:
            span = doc[token.left_edge.i:token.i + 1] if token.pos_ == "NOUN" else doc[token.i:token.i + 1]
            resolved.append(antecedent.refer(span, how="coref"))
            resolved.sort(key=lambda m: m.start)
            covered.update(range(span.start, span.end))
    return resolved


def with_said_gender(doc: Doc, mentions: list[ActorSpan]) -> list[ActorSpan]:
    """'Canos-Donnay said she hoped ...': the subject pronoun of a clause a person reports is, in
    English news, that person, so the sentence tells the sayer's gender for the whole document
    (an earlier "he" is then not theirs); a person told both ways keeps none."""
    told: dict[str, set[str]] = {}
    for m in mentions:
        if not m.is_person or m.actor_id is None or m.text.lower() in PERSON_PRONOUNS:
            continue
        head = doc[m.start:m.end].root
        if not is_speaker(head):
            continue
        verb = (head.head if head.dep_ == "appos" else head).head
        told.setdefault(m.actor_id, set()).update(
            PERSON_PRONOUNS[s.lower_] for c in verb.children if c.dep_ == "ccomp"
            for s in c.children if s.dep_ in ("nsubj", "nsubjpass") and s.lower_ in ("he", "she"))
    gender = {actor: said.pop() for actor, said in told.items() if len(said) == 1}
    return [replace(m, gender=gender[m.actor_id]) if m.gender is None and m.actor_id in gender else m
            for m in mentions]


def narrative(token: Token, before: list[ActorSpan], inside) -> list[ActorSpan]:
    """'"... President Putin remains hostile ...," he said': a person pronoun of the narration
    refers to someone the narration names, not to a person named only inside a quotation (the
    quotation's topic, in its speaker's words); inside a quotation, anyone may be meant."""
    if token.lower_ not in PERSON_PRONOUNS or inside(token.idx):
        return before
    return [m for m in before if not (m.is_person and inside(m.start_char))]


def group_members(token: Token, mentions: list[ActorSpan]) -> list[ActorSpan]:
    """'the sides' -> the last pair of parties mentioned before the token."""
    if token.lemma_.lower() not in GROUP_WORDS and token.lower_ not in GROUP_WORDS:
        return []
    before = [m for m in mentions if m.end <= token.i]
    return last_pair(before, token.doc)


class ActorCoreference:
    """spaCy component: adds coreferent mentions (how='coref') to doc._.actor_mentions."""

    def __init__(self, nlp: Language, name: str, tables: ActorTables | None = None):
        register_extensions()
        self.name = name
        self.tables = tables or load_tables()

    def __call__(self, doc: Doc) -> Doc:
        mentions = with_said_gender(doc, same_person_mentions(doc._.actor_mentions or []))
        doc._.actor_mentions = resolve_references(doc, mentions, self.tables)
        return doc


@Language.factory("whimbrel_coref", assigns=["doc._.actor_mentions"],
                  requires=["doc._.actor_mentions"])
def make_actor_coreference(nlp: Language, name: str) -> ActorCoreference:
    return ActorCoreference(nlp, name)
