"""Who did it and to whom: source and target actors from the dependency tree.

Pure functions over a parsed Doc and its resolved actor mentions (doc._.actor_mentions).
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from whimbrel.actors.coref import group_members
from whimbrel.actors.locations import locative_place
from whimbrel.actors.mentions import CALENDAR_WORDS, ActorSpan, mention_at

TARGET_PREPS = ("with", "to", "against", "on", "toward", "towards", "from", "into", "at", "for", "of")
NOUN_TARGET_PREPS = ("with", "to", "against", "on", "toward", "towards")
MODIFIER_DEPS = ("amod", "compound", "poss", "nmod")
# Head nouns of a named organisation the dictionaries do not know that say it is not a state's:
# "the Global Climate Forum".
NGO_HEADS = {"forum", "foundation", "association", "federation", "society", "institute", "coalition",
             "network", "watch", "trust", "charity", "initiative", "fund"}
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# "Vietnam is committed to opening up": a state, not something done to the subject
STATIVE_PARTICIPLES = {"commit", "prepare", "determine", "resolve", "dedicate", "poise"}
INHERIT_DEPS = ("xcomp", "conj", "advcl", "pcomp", "acomp")


def party_key(actor: ActorSpan) -> tuple:
    """Who an actor is for argument purposes: country and sector ('Ugandan opposition' is not
    the Ugandan government), or the actor id when there is no country (an IGO)."""
    return (actor.country, actor.sector) if actor.country else (actor.actor_id, None)


def dedupe(actors: list[ActorSpan]) -> list[ActorSpan]:
    """One actor per country (people beat their governments), in text order."""
    best: dict[str, ActorSpan] = {}
    for actor in sorted(actors, key=lambda a: a.start):
        key = actor.country or actor.actor_id or actor.text
        if key not in best or (actor.is_person and not best[key].is_person):
            best[key] = actor
    return sorted(best.values(), key=lambda a: a.start)


def coordinated(token: Token) -> list[Token]:
    """The token and everything joined to it by 'and' (conj chains)."""
    out, todo = [], [token]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(c for c in current.children if c.dep_ == "conj")
    return out


def actors_of(token: Token, mentions: list[ActorSpan]) -> list[ActorSpan]:
    """The actors a noun phrase headed by `token` denotes.

    "Moscow and Kiev" -> both; "Russian and Ukrainian representatives" -> both, via the
    modifiers; "the sides" -> the last pair of parties; a bare role noun -> nothing.
    """
    found: list[ActorSpan] = []
    for head in coordinated(token):
        mention = mention_at(mentions, head.i)
        if mention is not None and mention.kind != "nationality":
            found.append(mention)
            found.extend(nmod_people(head, mentions))
            continue
        members = group_members(head, mentions)
        if members:
            found.extend(members)
            continue
        found.extend(appositive_actors(head, mentions) or modifier_actors(head, mentions))
        if mention is not None and not found:
            found.append(mention)
        if not found:
            found.extend(of_phrase_actors(head, mentions))
    return dedupe(found)


def of_phrase_actors(head: Token, mentions: list[ActorSpan]) -> list[ActorSpan]:
    """'A group of Moroccan diplomats', 'thousands of Iraqi Kurds': the members are the actor."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in (c for c in child.children if c.dep_ == "pobj"):
                return actors_of(obj, mentions)
    return []


def appositive_actors(head: Token, mentions: list[ActorSpan]) -> list[ActorSpan]:
    """'The Federal Minister for Interior Aftab Sherpao': the named person in apposition."""
    out = []
    for child in head.children:
        mention = mention_at(mentions, child.i) if child.dep_ == "appos" else None
        if mention is not None and (mention.country or mention.sector):
            out.append(mention)
    return out


def nmod_people(head: Token, mentions: list[ActorSpan]) -> list[ActorSpan]:
    """A parser quirk: 'Putin and Zelensky' sometimes hangs Putin off Zelensky as nmod."""
    out = []
    for child in head.children:
        if child.dep_ == "nmod" and child.pos_ == "PROPN":
            mention = mention_at(mentions, child.i)
            if mention is not None and mention.is_person:
                out.append(mention)
    return out


def modifier_actors(head: Token, mentions: list[ActorSpan]) -> list[ActorSpan]:
    """Country words modifying a group noun: 'Russian and Ukrainian representatives', 'US
    Predator attacks' (one compound deeper), 'NATO troops' (an IGO without a country)."""
    out = []
    for child in head.children:
        if child.dep_ not in MODIFIER_DEPS:
            continue
        for word in coordinated(child):
            mention = mention_at(mentions, word.i)
            if mention is None and word.dep_ == "compound":
                inner = [mention_at(mentions, c.i) for c in word.children if c.dep_ == "compound"]
                mention = next((m for m in inner if m is not None), None)
            if mention is not None and (mention.country or mention.sector in ("IGO", "NGO", "IMG")):
                out.append(mention)
    return out


def subject_token(verb: Token) -> tuple[Token | None, bool]:
    """The verb's subject, inherited from governing verbs for xcomp/conj; (token, passive)."""
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ in SUBJECT_DEPS:
                return child, child.dep_ == "nsubjpass"
        if current.dep_ == "relcl" and current.head.pos_ in ("NOUN", "PROPN"):
            return None, False
        if current.dep_ not in INHERIT_DEPS or current.head.i == current.i:
            break
        current = current.head
    return None, False


def agent_of(verb: Token) -> Token | None:
    """'was attacked by X' -> X."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def prep_objects(token: Token, preps: tuple[str, ...]) -> list[Token]:
    """Objects of the token's prepositions; a dative 'to' ('providing X to Macedonia') and a
    preposition under a particle ('kidnapped up to 16 advisers') count."""
    out = []
    for child in token.children:
        if child.dep_ in ("prep", "dative") and child.lower_ in preps:
            out.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ == "prt":
            out.extend(prep_objects(child, preps))
    return out


def own_possessive(token: Token, actor: ActorSpan) -> bool:
    """'completed their withdrawal': a possessive pronoun on the object is the doer's own."""
    word = token.doc[actor.start]
    return actor.how == "coref" and word.tag_ == "PRP$" and word.head.i == token.i


def first_actor_in(tokens: list[Token], mentions: list[ActorSpan],
                   exclude: set[str]) -> list[ActorSpan]:
    for token in tokens:
        actors = [a for a in actors_of(token, mentions)
                  if party_key(a) not in exclude and not own_possessive(token, a)]
        if actors:
            return actors
    return []


def complement_subjects(verb: Token) -> list[Token]:
    """Subjects of a clause the verb governs: 'demanded that Moscow agree', 'wants Kiev to withdraw'."""
    out = []
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp", "acl"):
            out.extend(c for c in child.children if c.dep_ in ("nsubj", "nsubjpass"))
    return out


def subtree_actors(token: Token, mentions: list[ActorSpan], exclude: set[str]) -> list[ActorSpan]:
    """The first actor anywhere inside a phrase ('a list of conditions including Ukraine ...');
    not a possessive pronoun ('completed their withdrawal' is the subject's own)."""
    for mention in mentions:
        if mention.how == "coref" and token.doc[mention.start].dep_ == "poss":
            continue
        if token.left_edge.i <= mention.start and mention.end - 1 <= token.right_edge.i:
            # a demonym counts on a group of people ('a conference of Palestinian factions')
            word = token.doc[mention.end - 1]
            group = word.dep_ == "amod" and word.head.tag_ in ("NNS", "NNPS")
            if (mention.kind != "nationality" or group) and party_key(mention) not in exclude:
                return [mention]
    return []


def verb_arguments(verb: Token, noun: Token | None, mentions: list[ActorSpan],
                   home_fallback: bool = True) -> tuple[list[ActorSpan], list[ActorSpan]]:
    """(sources, targets) of a verbal trigger; `noun` is the object that carried the meaning.

    Without `home_fallback`, a target found only by the fallbacks (a clause, a place) is not
    taken from the source's own country: 'a general resigned to make way for Haiti's
    elected government', 'militiamen surrendered in Bunia' yield to no one named."""
    subject, passive = subject_token(verb)
    passive = passive and verb.lemma_ not in STATIVE_PARTICIPLES
    sources = actors_of(subject, mentions) if subject is not None else []
    targets: list[ActorSpan] = []
    if verb.dep_ == "relcl" and not sources:
        sources = [a for a in actors_of(verb.head, mentions)]
    if subject is not None and not sources and not passive:
        sources = subject_place(subject, mentions)
    if passive:
        agent = agent_of(verb)
        patients = sources or (subtree_actors(subject, mentions, set()) if subject is not None else [])
        if not patients and subject is not None:   # "a journalist from Toronto was arrested"
            home = locative_place(subject, mentions, ("from",))
            patients = [home] if home is not None else []
        sources, targets = (actors_of(agent, mentions) if agent is not None else []), patients
    exclude = {party_key(a) for a in sources}
    if not targets:
        objects = [c for c in verb.children if c.dep_ in ("dobj", "dative", "obj")]
        candidates = objects + prep_objects(verb, TARGET_PREPS)
        if noun is not None:
            candidates += prep_objects(noun, NOUN_TARGET_PREPS + ("between",))
        candidates += complement_subjects(verb)
        # "mobilized reserve units for a war against Syria": the aim's adversary
        candidates += [t for o in prep_objects(verb, ("for",)) for t in prep_objects(o, ("against",))]
        targets = first_actor_in(candidates, mentions, exclude)
    direct = bool(targets)
    if not targets:
        for obj in [c for c in verb.children if c.dep_ in ("dobj", "xcomp", "ccomp")]:
            targets = subtree_actors(obj, mentions, exclude)
            if targets:
                break
    if not targets:
        targets = place_targets([verb] + objects_of(verb) + ([noun] if noun is not None else []), mentions)
    if not direct and not home_fallback:
        targets = [t for t in targets if t.country not in {a.country for a in sources}]
    return sources, targets


def subject_place(subject: Token, mentions: list[ActorSpan]) -> list[ActorSpan]:
    """An unnamed doer known only by where it is: 'a roadside bombing near Samarra killed ...',
    'a newspaper based in Beirut' (the PLOVER GSR codes the place's country as the source)."""
    anchors = [subject] + [c for c in subject.children if c.dep_ == "acl" and c.lower_ == "based"]
    found = place_targets(anchors, mentions)
    if not found:   # "the government of Punjab province"
        place = locative_place(subject, mentions, ("of",))
        found = [place] if place is not None else []
    return found


def objects_of(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("dobj", "obj")]


def place_targets(anchors: list[Token], mentions: list[ActorSpan]) -> list[ActorSpan]:
    """Last resort: the place the act is aimed at or happens in ('imposed a curfew in Cizre'),
    as the PLOVER GSR codes a target when the sentence names no other."""
    for anchor in anchors:
        place = locative_place(anchor, mentions)
        if place is not None:
            return [place]
    return []


# nominalised acts whose possessor or 'of' object is the patient, not the doer (English
# nominalisations of transitive verbs: "his arrest" = someone arrested him; "Russia's invasion"
# is the doer's, so ASSAULT nouns of attack are not here)
PATIENT_NOUNS = {"arrest", "detention", "deportation", "release", "expulsion", "extradition",
                 "imprisonment", "conviction", "abduction", "kidnapping", "assassination",
                 "execution", "jailing", "sentencing", "indictment", "prosecution", "ouster"}


def sources_are_agents(noun: Token) -> bool:
    """'the government's release of prisoners': with an 'of' object the possessor is the doer."""
    return any(c.dep_ == "poss" for c in noun.children) and bool(prep_objects(noun, ("of",)))


def noun_arguments(noun: Token, mentions: list[ActorSpan]) -> tuple[list[ActorSpan], list[ActorSpan]]:
    """(sources, targets) of a nominal trigger: 'talks between X and Y', "X's demands"."""
    between = prep_objects(noun, ("between", "among"))
    if between:
        parties = dedupe([a for t in between for a in actors_of(t, mentions)])
        return parties[:1], parties[1:2]
    sources = [a for c in noun.children if c.dep_ in ("poss", "amod", "compound")
               for a in actors_of(c, mentions) if a.kind != "nationality" or c.dep_ == "amod"]
    if noun.lemma_.lower() in PATIENT_NOUNS and not sources_are_agents(noun):
        # "Mech Dara's arrest", "the release of Zamora": the possessor or 'of' object is the one
        # the act is done to; the doer, if named, is a 'by' phrase ("his arrest by police")
        patients = [a for c in noun.children if c.dep_ == "poss" for a in actors_of(c, mentions)]
        patients += [a for o in prep_objects(noun, ("of",)) for a in actors_of(o, mentions)]
        agents = [a for o in prep_objects(noun, ("by",)) for a in actors_of(o, mentions)]
        if patients:
            return dedupe(agents), dedupe(patients)[:1]
    exclude = {party_key(a) for a in sources}
    candidates = prep_objects(noun, NOUN_TARGET_PREPS)
    # "a suspension of air links with Serbia": the target hangs off the 'of' object
    candidates += [t for o in prep_objects(noun, ("of",)) for t in prep_objects(o, NOUN_TARGET_PREPS)]
    # "its demand that Israel ease ...": the clause may hang off the noun or its verb
    candidates += complement_subjects(noun) + (complement_subjects(noun.head) if noun.dep_ == "dobj" else [])
    # "Russia's invasion of Ukraine", "its condemnation of the raid by X": the 'of' object is what
    # the act is done to, after the phrases that name a partner
    candidates += prep_objects(noun, ("of",))
    targets = first_actor_in(candidates, mentions, exclude)
    return dedupe(sources), targets or place_targets([noun], mentions)


def unresolved_subject(doc: Doc, token: Token, lexicon,
                       plover: str) -> ActorSpan | None:
    """An actor the dictionaries do not know, named by the subject phrase of the trigger.

    Counts: a plural or proper noun, or a phrase holding a named entity ('Islamic
    fundamentalists', 'students throughout Indonesia'); a pronoun subject of a reported clause
    takes the reporting verb's subject ('the rebels said they will ...'); for ASSAULT, the
    attack itself may stand in ('a roadside bomb killed ...', as the PLOVER GSR codes it).
    Not: other pronouns, other event nouns ('a pause'), bare singular common nouns.
    """
    subject, passive = subject_token(token)
    clause = subject.head if subject is not None else token
    if subject is not None and subject.pos_ == "PRON" and clause.dep_ in ("ccomp", "conj") \
            and clause.head.i != clause.i:
        subject, passive = subject_token(clause.head)
    if subject is None or passive or subject.pos_ not in ("NOUN", "PROPN") or is_bare_place(subject) \
            or is_time_phrase(subject):
        return None
    event_noun = lexicon.match_noun(subject)
    if event_noun is not None and not (plover == "ASSAULT" and event_noun.plover == "ASSAULT"):
        return None
    has_entity = any(t.ent_type_ in ("NORP", "GPE", "ORG", "PERSON", "LOC") for t in subject.subtree)
    if subject.tag_ not in ("NNS", "NNPS", "NNP") and not has_entity and event_noun is None:
        return None
    return phrase_actor(subject)


# nouns that name a stretch of time: "last year ended with ...", "the weekend saw ..."
TIME_NOUNS = frozenset({"year", "decade", "century", "month", "week", "weekend", "day", "morning",
                        "afternoon", "evening", "night", "era"})


def is_time_phrase(head: Token) -> bool:
    """A subject that says when, not who ("if the regime lets Tuesday pass", "the 1990s brought
    sanctions", "last year ended with an agreement"): never an actor (issue 16 item 4). Not a
    counted crowd ("thousands protested", "hundreds of teachers marched": the annotation codes the
    crowd as the source), nor a person whose name is a time word ("Day said ...", tagged PERSON)."""
    if head.ent_type_ == "PERSON":
        return False
    dated = head.ent_type_ in ("DATE", "TIME")
    return (dated and (head.lower_ in CALENDAR_WORDS or head.text[:1].isdigit())) \
        or head.lemma_.lower() in TIME_NOUNS


def is_bare_place(head: Token) -> bool:
    """A phrase that is only a place name the dictionaries do not code as an actor ("[Istanbul]
    talks"): a city is where something happens, not who does it."""
    phrase = list(head.subtree)
    return all(t.ent_type_ in ("GPE", "LOC", "FAC") or t.is_punct for t in phrase)


def phrase_actor(head: Token) -> ActorSpan:
    """An actor the dictionaries do not know, as the noun phrase headed by `head`; a named
    organisation with a non-governmental head noun ('the X Forum') is an NGO."""
    doc = head.doc
    span = doc[head.left_edge.i:head.right_edge.i + 1]
    sector = "NGO" if head.pos_ == "PROPN" and head.lower_ in NGO_HEADS else None
    return ActorSpan(start=span.start, end=span.end, start_char=span.start_char,
                     end_char=span.end_char, text=span.text, actor_id=None, name=None,
                     country=None, sector=sector, kind="unresolved", entity_type=None, how="subject")
