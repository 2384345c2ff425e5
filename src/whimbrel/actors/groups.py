"""Generic agents tied to a country: "Rwandan rebels", "Egyptian police", "police in Kenya".

A group noun (curated role words with person=false, then Phoenix agents) takes the country of a
demonym or country name that modifies it, and its own sector: "Rwandan rebels" -> RWA REB. A group
noun with a country in an "in"/"of"/"from" phrase ("rebels in the Ivory Coast") becomes a mention
of its own. Pure functions over a parsed Doc and the mentions found so far.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from whimbrel.actors.dictionary import ActorTables
from whimbrel.actors.grammar import gpe_country
from whimbrel.actors.locations import locative_place
from whimbrel.actors.mentions import ActorSpan, covered_tokens, mention_at, same_head_before, title_bodies

MODIFIER_DEPS = ("amod", "compound", "poss", "nmod")
HYPHEN_PARTICIPLES = {"led", "backed", "sponsored", "supported", "mediated", "brokered", "allied",
                      "controlled", "run", "trained", "armed", "funded", "installed", "dominated"}
PLACE_PREPS = ("in", "of", "from", "throughout", "across")
# words that describe rather than denote a group: "Afghan territory" is not an actor
NOT_AGENTS = {"territory", "border", "borders", "town", "city", "village", "region", "province",
              "capital", "state", "country", "nation", "side", "sides"}


# nouns that name a platform, not a group, after these modifiers: "on social media"
PLATFORMS = {"media": ("social",), "network": ("social",), "networks": ("social",)}


def is_platform(token: Token) -> bool:
    return any(c.dep_ in ("amod", "compound") and c.lower_ in PLATFORMS.get(token.lower_, ())
               for c in token.children)


def agent_sector(token: Token, tables: ActorTables) -> str | None:
    """Sector of a group noun: curated roles (person=false) first, then Phoenix agents."""
    if token.pos_ not in ("NOUN", "PROPN") or token.lower_ in NOT_AGENTS or is_platform(token):
        return None
    for word in (token.lower_, token.lemma_.lower()):
        role = tables.lookup_role(word)
        if role is not None:
            return role.sector
    for word in (token.lower_, token.lemma_.lower()):
        sector = tables.lookup_agent(word)
        if sector is not None:
            return sector
    return None


def hyphen_head(mention: ActorSpan, doc) -> Token | None:
    """'Vietnamese-led forces', 'Turkish-mediated talks': the noun behind '<country>-<participle>'."""
    if mention.end + 1 >= len(doc) or doc[mention.end].text != "-":
        return None
    participle = doc[mention.end + 1]
    if participle.lower_ not in HYPHEN_PARTICIPLES or participle.head.i <= participle.i:
        return None
    return participle.head if participle.head.pos_ in ("NOUN", "PROPN") else None


def group_head(mention: ActorSpan, doc) -> Token | None:
    """The noun a country word modifies ('Rwandan' -> 'rebels'), following 'and' chains."""
    behind = hyphen_head(mention, doc)
    if behind is not None:
        return behind
    token = doc[mention.end - 1]
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    if token.dep_ in MODIFIER_DEPS and token.head.i > token.i:
        return token.head
    return None


def sector_of_compound(head: Token, tables: ActorTables) -> str | None:
    """The most specific sector in 'military police', 'army officers', 'opposition leader'; a
    title the table names with its modifier first ('military spokesperson', 'defense officials')."""
    words = [c for c in head.children if c.dep_ == "compound" and c.i < head.i] + [head]
    pairs = [tables.lookup_role(f"{c.lower_} {head.lower_}") for c in head.children
             if c.dep_ in ("amod", "compound") and c.i == head.i - 1]
    if any(pairs) and agent_sector(head, tables):  # only re-sectors a group noun, never makes one
        return next(p for p in pairs if p).sector
    body = tables.lookup_org_word(head.lower_) if agent_sector(head, tables) is None \
        and any(agent_sector(w, tables) for w in words[:-1]) else None
    if body is not None:  # "media association", "farmers association": head-final, an association
        return body
    sectors = [agent_sector(w, tables) for w in words]
    sectors = [s for s in sectors if s]
    return sectors[-1] if sectors else None


def country_groups(mentions: list[ActorSpan], doc, tables: ActorTables) -> list[ActorSpan]:
    """Country words that modify a group noun take that noun's sector; kind becomes 'group'."""
    out = []
    for mention in mentions:
        if mention.how != "country" or mention.sector != "GOV":
            out.append(mention)
            continue
        head = group_head(mention, doc)
        sector = sector_of_compound(head, tables) if head is not None else None
        if sector is None or mention_at(mentions, head.i) is not None:
            out.append(mention)
            continue
        grouped = replace(mention, actor_id=f"{sector.lower()}:{mention.country}", sector=sector,
                          kind="group", how="agent")
        if hyphen_head(mention, doc) is not None:  # the whole 'Vietnamese-led forces' is the actor
            span = doc[mention.start:head.i + 1]
            grouped = replace(grouped, end=span.end, end_char=span.end_char, text=span.text)
        out.append(grouped)
    return out


def located_groups(mentions: list[ActorSpan], doc, tables: ActorTables) -> list[ActorSpan]:
    """'Rebels in the Ivory Coast', 'security forces in Guinea': the group noun as a mention."""
    added, covered = [], covered_tokens(mentions)
    for token in doc:
        if token.tag_ not in ("NNS", "NNPS", "NN") or token.i in covered:
            continue
        if any(c.dep_ in MODIFIER_DEPS and c.i in covered for c in token.children):
            continue  # "Albanian rebels in Macedonia" are Albanian: the modifier already says whose
        sector = sector_of_compound(token, tables)  # "opposition groups in Zimbabwe" -> OPP
        if sector is None:
            continue
        country = place_country(token, mentions)
        if country is None:
            continue
        added.append(group_mention(doc, token, sector, country, tables, how="agent"))
    return added


def group_mention(doc, token: Token, sector: str, country: str, tables: ActorTables,
                  how: str) -> ActorSpan:
    """The group noun with its compound modifiers ('security forces') as a country+sector mention."""
    start = token.i
    while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == token.i:
        start -= 1
    span = doc[start:token.i + 1]
    return ActorSpan(start=span.start, end=span.end, start_char=span.start_char,
                     end_char=span.end_char, text=span.text, actor_id=f"{sector.lower()}:{country}",
                     name=f"{tables.country_name(country)} {sector}", country=country,
                     sector=sector, kind="group", entity_type="NORP", how=how)


def place_country(token: Token, mentions: list[ActorSpan]) -> str | None:
    """The country of an 'in X' / 'of X' / 'from X' phrase right after a group noun."""
    for prep in token.children:
        if prep.dep_ != "prep" or prep.lower_ not in PLACE_PREPS or prep.i != token.i + 1:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            mention = mention_at(mentions, obj.i)
            if mention is not None and mention.country and mention.how == "country":  # "in Paris" is where
                return mention.country
    return None


def sentence_country(token: Token, mentions: list[ActorSpan], home: str | None = None) -> str | None:
    """The one country the token's sentence names (countries, people, groups); `home` when it names
    none; None when it names two or more. A city ('mayors in Paris') says where, not whose."""
    sent = token.sent
    countries = {m.country for m in mentions  # an outlet ("told VOA") reports, it is no party
                 if m.country and m.how != "place" and m.sector != "MED" and sent.start <= m.start < sent.end}
    return countries.pop() if len(countries) == 1 else None if countries else home


def context_groups(mentions: list[ActorSpan], doc, tables: ActorTables,
                   home: str | None = None) -> list[ActorSpan]:
    """'Islamic fundamentalists ... Algerian President X', 'the government' in a sentence about
    one country: a group noun with no country word of its own takes the sentence's only country;
    in a sentence that names no country, the document's own country (`home`) when it has one.
    Not: nouns with any actor word in front ('UN troops'), 'the sides'/'parties' (coreference)."""
    added, covered = [], covered_tokens(mentions)
    for token in doc:
        if token.tag_ not in ("NNS", "NNPS", "NN") or token.i in covered:
            continue
        if token.tag_ == "NN" and tables.lookup_role(token.lower_) is None:
            continue  # singular: only curated group nouns ('the government', 'the party')
        if token.dep_ == "compound" and token.head.i > token.i and tables.lookup_org_word(token.head.lower_):
            continue  # "a media association": the noun modifies the body, which is the actor
        if token.dep_ == "appos" and (token.head.i in covered
                                      or token.head.ent_type_ == "PERSON"):
            continue  # "X, a scholar at ...": the noun describes a mention, it is not a new actor
        if token.tag_ == "NN" and ((named_before(token, mentions) and not person_role(token, tables))
                                   or (person_role(token, tables) and title_bodies(token, mentions)
                                       and any(c.lower_ == "the" for c in token.children))
                                   or sector_before(token, mentions, tables)):
            continue  # "the International Court of Justice ... the court": coreference's to link
        if token.lower_ in ("sides", "parties") or (token.lower_ == "people" and not counted(token)) or any(
                c.i in covered for c in token.subtree if c.i < token.i):
            continue  # 'UN troops': the modifier says whose they are
        sector = sector_of_compound(token, tables)
        if sector is None:
            continue
        origin = locative_place(token, mentions, ("from",))   # "a journalist from Toronto"
        placed = origin.country if origin is not None else compound_place(token)
        country = placed or sentence_country(token, mentions, home)
        if country is None:
            continue
        added.append(group_mention(doc, token, sector, country, tables, how="agent" if placed else "context"))
    return added


def compound_place(token: Token) -> str | None:
    """'a New York court', 'Kabul residents': a place name in the group noun's own phrase says
    where the group is, as a country word does ('Kenyan courts'), before the sentence's country."""
    places = [c for c in token.children if c.dep_ == "compound" and c.i < token.i and c.ent_type_ == "GPE"]
    return gpe_country(places[-1]) if places else None


COURT_WORDS = ("court", "tribunal")   # in the name of an international court ('Tribunal for ...')


def placed_courts(found: list[ActorSpan], tables: ActorTables) -> list[ActorSpan]:
    """'... told a New York court. Prosecutors say ...': the judiciary of a story whose court the
    text places once (a country word or a place on a court, judges or prosecutors) is that court's:
    prosecutors and judges with no country word of their own take its country instead of the
    sentence's or the story's (a trial abroad of a plot from Iran is not Iran's). An international
    court the text names ('the International Court of Justice ... The judges added') counts as one
    court: its judges are that IGO's."""
    courts = {m.country for m in found if m.sector == "JUD" and m.how == "agent" and m.country}
    named = [m for m in found if m.sector == "IGO" and m.how == "dictionary" and not m.is_person
             and any(w in (m.name or "").lower().split() for w in COURT_WORDS)]
    courts |= {m.actor_id for m in named}
    if len(courts) != 1:
        return found
    court = courts.pop()
    igo = next((m for m in named if m.actor_id == court), None)
    out = []
    for m in found:
        if m.sector == "JUD" and m.how == "context":
            m = replace(m, country=None, sector="IGO", actor_id=igo.actor_id, name=igo.name) if igo else \
                replace(m, country=court, actor_id=f"jud:{court}", name=f"{tables.country_name(court)} JUD")
        elif m.sector == "JUD" and m.how == "role" and m.is_person and m.country is None:
            m = replace(m, sector="IGO") if igo else replace(m, country=court)
        out.append(m)
    return out


def counted(token: Token) -> bool:
    """'nearly 400 people', 'thousands of people': people counted are a crowd of civilians; a bare
    'people' ('people say') is no actor."""
    if any(c.dep_ == "nummod" for c in token.children):
        return True
    head = token.head
    return token.dep_ == "pobj" and head.lower_ == "of" and head.head.like_num


def named_before(token: Token, mentions: list[ActorSpan]) -> bool:
    """A definite singular noun ('the court', 'the ministry') that heads the name or the noun of a
    body the document named before it ('the International Court of Justice', 'Japan's foreign
    ministry'): coreference links it to that body rather than the sentence's only country."""
    return any(c.lower_ == "the" for c in token.children) and bool(same_head_before(token, mentions))


def person_role(token: Token, tables: ActorTables) -> bool:
    """'the spokesperson': a person's title is one person, not the body it may share a word with
    ('Taliban spokesperson X'); the person rules resolve it."""
    role = tables.lookup_role(token.lower_)
    return role is not None and role.person


def sector_before(token: Token, mentions: list[ActorSpan], tables: ActorTables) -> bool:
    """'Bloomberg reported ... according to the agency': a definite singular noun of an
    organisation's sector (an outlet, an IGO) after a body of that sector is coreference's to link
    (`coref.organisation_antecedent`), not a group of the story's country."""
    role = tables.lookup_role(token.lower_)
    if role is None or role.sector not in ("MED", "IGO") or not any(c.lower_ == "the" for c in token.children):
        return False
    return any(not m.is_person and m.sector == role.sector and m.end <= token.i for m in mentions)


def resolve_groups(mentions: list[ActorSpan], doc, tables: ActorTables) -> list[ActorSpan]:
    """Mentions with country-modified group nouns sectored, plus located group nouns."""
    sectored = country_groups(mentions, doc, tables)
    return sorted(sectored + located_groups(sectored, doc, tables), key=lambda m: m.start)
