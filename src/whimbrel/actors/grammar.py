"""Role grammar: what the words around a name say about the person's country and sector.

A person the dictionaries do not know is coded from the words that describe them:
- titles and nouns in the same noun phrase ("Rep. Ann Lee", "Kremlin spokesman X");
- an apposition on either side ("Kim Soo-min, South Korea's unification minister", "the
  minister, X"), with its country words and its "of/from" phrase ("a lawmaker from Denmark");
- an affiliation ("a scholar at Columbia University", "Iberdrola spokesman X"): a university,
  think tank, company or outlet gives its sector (and country) instead of the title's GOV;
- a title's own state when the text names none ("Rep." -> USA, "Taoiseach" -> IRL).
When nothing names a country, the country stays None (never the sentence's country for a
non-state role: "a scholar" in a sentence about Iran is not Iranian).
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from whimbrel.actors.dictionary import ActorTables, RoleEntry
from whimbrel.actors.locations import gazetteer_country
from whimbrel.actors.mentions import ActorSpan
from whimbrel.quotes.extract import quote_marks

STATE_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP"}
NON_STATE_SECTORS = {"EDU", "NGO", "BUS", "MED", "PTY", "IGO", "HLH", "REL", "LAB"}
OWN_DEPS = ("compound", "amod", "poss", "nmod")
AFFILIATION_PREPS = {"at", "with", "for", "of", "from", "in", "on"}
PLACE_LABELS = ("GPE", "LOC")
# verbs that tie a person to an employer or a post ("works at", "teaches at", "serves as")
WORK_VERBS = {"work", "lecture", "teach", "serve"}
# verbs whose object is the body a person leads ("X, who heads the Y Foundation")
LEAD_VERBS = {"head", "lead", "chair", "direct", "run"}


@dataclass
class Description:
    """What the words around a name say; any field may be None."""
    sector: str | None = None
    role: str | None = None
    gender: str | None = None
    country: str | None = None
    igo: bool = False


def role_of(word: Token, tables: ActorTables) -> RoleEntry | None:
    """The role a title word names; 'Secretary-General' is one title, not a general."""
    if word.i >= 2 and word.nbor(-1).text == "-":
        joined = tables.lookup_role(f"{word.nbor(-2).lower_}-{word.lower_}")
        if joined is not None:
            return joined
        if tables.lookup_role(word.nbor(-2).lower_) is not None:
            return None  # the first half carries the title
    for mod in (c for c in word.children if c.dep_ in ("amod", "compound") and c.i == word.i - 1):
        pair = tables.lookup_role(f"{mod.lower_} {word.lower_}")  # "ranking Democrat"
        if pair is not None:
            return pair
    return tables.lookup_role(word.lemma_) or tables.lookup_role(word.lower_)


def is_person_title(word: Token, tables: ActorTables) -> bool:
    """`word` is a title a person holds ('minister', 'lawyer'), not one of a body."""
    role = role_of(word, tables)
    return role is not None and role.person


def own_words(word: Token) -> list[Token]:
    """The word, its modifiers, and the place of a '-based' modifier ('a Brussels-based analyst') or
    the body of an '-appointed' one ('a UN-appointed rapporteur' holds the UN's office; 'a
    Kremlin-appointed governor' Russia's)."""
    own = [c for c in word.children if c.dep_ in OWN_DEPS]
    places = [p for c in [word] + own if c.lower_ in ("based", "appointed")
              for p in c.children if p.dep_ == "npadvmod"]
    return [word] + own + places


def predicate_nouns(head: Token) -> list[Token]:
    """What a clause says the person is: 'X is the executive director of Y', 'X serves as an adviser
    to Y', 'X, who is Azerbaijani,' describe X as an apposition would ("X, the executive director
    of Y"); in the present tense only: 'X served as NATO secretary general until 2014' is a post X
    no longer holds. A predicate adjective counts when it is a nationality, as does a bare capitalised
    predicate ('who is Azerbaijani', which the tagger may call a name)."""
    out = []
    for verb in present_clauses(head):
        if verb.lemma_ == "be":
            out += [c for c in verb.children if c.dep_ in ("attr", "acomp")
                    and (c.pos_ == "NOUN" or c.ent_type_ == "NORP" or nationality_attr(c))]
        elif verb.lemma_ in WORK_VERBS:
            out += [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "as"
                    for o in p.children if o.dep_ == "pobj" and o.pos_ == "NOUN"]
    return out


def nationality_attr(word: Token) -> bool:
    """'X, who is Azerbaijani': a capitalised one-word predicate the tagger took for a name (a
    demonym tagged PERSON or none); the country word lookup decides whether it is one."""
    return word.dep_ == "attr" and word.pos_ == "PROPN" and not any(c.dep_ != "punct" for c in word.children)


def present_clauses(head: Token) -> list[Token]:
    """Present-tense verbs the person is the subject of: the clause's own ('X is', 'X works') or a
    relative clause on the name ('X, who is ...')."""
    verbs = [head.head] if head.dep_ == "nsubj" else []
    verbs += [c for c in head.children if c.dep_ == "relcl"
              and any(s.dep_ == "nsubj" and s.lower_ in ("who", "that") for s in c.children)]
    return [v for v in verbs if v.tag_ in ("VBZ", "VBP")]


def workplaces(head: Token) -> list[Token]:
    """Where a clause says the person works: 'X works at Y', 'X lectures at the University of Z'
    (not 'on' a subject, nor 'in' a field); a workplace named by a common noun is its 'of' phrase's
    ('works at the office of the Kenyan government spokesperson': the spokesperson's office)."""
    places = [o for verb in present_clauses(head) if verb.lemma_ in WORK_VERBS for p in verb.children
              if p.dep_ == "prep" and p.lower_ in ("at", "for", "with") for o in p.children if o.dep_ == "pobj"]
    places += led_bodies(head)
    return places + [owner for o in places if o.pos_ == "NOUN" and not o.ent_type_ for p in o.children
                     if p.dep_ == "prep" and p.lower_ == "of" for owner in p.children if owner.dep_ == "pobj"]


def led_bodies(head: Token, who_only: bool = False) -> list[Token]:
    """'X heads the Y Foundation', 'X, who leads Z': the body a present-tense clause says the
    person leads is where they work. `who_only`: only a relative clause on 'who', the relative
    pronoun English keeps for people (a body 'leads' too, but 'which' leads)."""
    verbs = [v for v in present_clauses(head) if v.lemma_ in LEAD_VERBS and (not who_only or any(
        s.dep_ == "nsubj" and s.lower_ == "who" for s in v.children))]
    return [o for v in verbs for o in v.children if o.dep_ == "dobj" and o.pos_ == "PROPN"]


def modifiers_of(head: Token) -> list[Token]:
    """Words that describe a person in the same noun phrase, an apposition on either side, or a
    predicate noun of their clause."""
    words = [c for c in head.children if c.dep_ in OWN_DEPS] + predicate_nouns(head)
    described_by = apposed_noun(head)
    if described_by is not None:
        words.append(described_by)
        words.extend(c for c in described_by.children if c.dep_ in OWN_DEPS)
    if head.dep_ == "compound" and head.head.dep_ == "appos":
        words.append(head.head.head)
    words.extend(c for c in head.children if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN"))
    expanded: list[Token] = []
    for word in words:
        expanded.extend(own_words(word))
    return list(dict.fromkeys(expanded))


def apposed_noun(head: Token) -> Token | None:
    """The noun a name is in apposition to: its head ('the minister, X'), or, when the parser hung
    two appositions from one noun ('in an interview with VOA's Bosnian Service, Dodik's lawyer, Anto
    Nobilo, said'), the common noun right before the name, which the commas pair with it."""
    if head.dep_ != "appos":
        return None
    name_start = head.left_edge.i
    before = [c for c in head.head.children if c.dep_ == "appos" and c.pos_ == "NOUN" and c.i < head.i
              and all(t.is_punct for t in head.doc[c.right_edge.i + 1:name_start])]
    return before[-1] if before else head.head


def affiliations(head: Token) -> list[Token]:
    """Objects of 'at/with/for/of/from' on the person's describing nouns ('a scholar at X') and
    of 'of/from' on the name itself ('President Idriss Deby of Chad', 'Ali Omar of Oxfam')."""
    # common nouns only: "X, author of the book The Arc of Business in Russia" hangs a title
    # (a proper noun) from the person, and its phrases say nothing about them
    nouns = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN"] + predicate_nouns(head)
    described_by = apposed_noun(head)
    if described_by is not None and described_by.pos_ == "NOUN":
        nouns.append(described_by)
    out = []
    for noun in nouns + [head]:
        preps = AFFILIATION_PREPS if noun is not head else ("of", "from")
        based = [c for c in noun.children if c.lower_ == "based"]  # "a commentator based in Hong Kong"
        for prep in [p for n in [noun, *based] for p in n.children]:
            if prep.dep_ == "prep" and prep.lower_ in preps:
                objects = [o for o in prep.children if o.dep_ == "pobj"]
                out.extend(objects)
                if prep.lower_ == "of" and noun is not head:   # "director of the Korea program at CFR"
                    out.extend(deeper for o in objects for p in o.children if p.dep_ == "prep" and p.lower_ == "at"
                               for deeper in p.children if deeper.dep_ == "pobj")
    out.extend(workplaces(head))
    # where the employer sits: "a fellow at the East-West Center in Honolulu"
    out.extend(seat for o in list(out) if o.head.lower_ != "in" for p in o.children
               if p.dep_ == "prep" and p.lower_ == "in" for seat in p.children if seat.dep_ == "pobj")
    return out


def mention_over(token: Token, found: list[ActorSpan]) -> ActorSpan | None:
    return next((m for m in found if m.covers(token.i)), None)


def country_of_word(text: str, tables: ActorTables) -> str | None:
    """A country word or a capital's country ("University of Khartoum" -> SDN)."""
    place = tables.lookup_place_actor(text)
    return tables.lookup_country(text) or (place.country if place is not None else None)


def organisation_sector(token: Token, found: list[ActorSpan], tables: ActorTables) -> tuple[str | None, str | None]:
    """(sector, country) of an organisation word: a known organisation, else the head word of an
    unknown name ('Institute', 'University', 'Bank'); a country word inside it gives its country."""
    mention = mention_over(token, found)
    if mention is not None and not mention.is_person and mention.how in ("dictionary", "based") \
            and (mention.sector in NON_STATE_SECTORS or mention.how == "based"):
        return mention.sector, mention.country  # not a country word ('a senior Iran analyst')
    if mention is not None:
        return None, None
    owner = next((m for c in token.children if c.dep_ == "poss" and (m := mention_over(c, found)) is not None
                  and not m.is_person and m.how == "dictionary" and m.sector == "EDU"), None)
    if owner is not None:  # "Cornell University's Emerging Markets Institute": an academic unit is its university's
        return owner.sector, owner.country
    if token.ent_type_ != "ORG":
        return named_body_noun(token, found, tables)
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    words = list(ent) if ent is not None else [token]
    sector = next((tables.lookup_org_word(w.lower_) for w in reversed(words)
                   if tables.lookup_org_word(w.lower_) is not None), None)
    inside = {country_of_word(w.text, tables) for w in words} - {None}  # "Birdlife Spain"
    seat = organisation_seat(token, found)
    country = seat if seat else inside.pop() if len(inside) == 1 else None
    return sector, country


def named_body_noun(token: Token, found: list[ActorSpan], tables: ActorTables) -> tuple[str | None, str | None]:
    """'the Delta Mekong Research consultancy': a common noun after a name the tagger left outside
    it. English noun phrases are head-final, so the head noun says what the body is (a consultancy,
    BUS), not a word of its name ('Research'); only with a proper name before it ('the research
    consultancy' names no body)."""
    sector = tables.lookup_org_word(token.lower_) if token.pos_ == "NOUN" else None
    name = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    if sector is None or not name:
        return None, None
    inside = {country_of_word(w.text, tables) for c in name for w in c.subtree} - {None}
    seat = organisation_seat(token, found)
    return sector, seat if seat else inside.pop() if len(inside) == 1 else None


def organisation_seat(token: Token, found: list[ActorSpan]) -> str | None:
    """Where an organisation sits: 'the Stockholm-based X', 'X, a New York-based consultancy',
    'Koya University in Iraqi Kurdistan'."""
    nouns = [token] + [c for c in token.children if c.dep_ == "appos"]
    places = [p for n in nouns for w in n.children if w.dep_ == "amod" and w.lower_ == "based"
              for p in w.children if p.dep_ == "npadvmod"]
    places += [o for p in token.children if p.dep_ == "prep" and p.lower_ == "in"
               for o in p.children if o.dep_ == "pobj"]
    # "the Lotus Rights Foundation, a Thai rights group": a nationality on the body's apposition
    places += [w for n in nouns[1:] for w in n.subtree if w.i < n.i
               and (m := mention_over(w, found)) is not None and m.how == "country"]
    for place in places:
        for word in own_words(place):
            mention = mention_over(word, found)
            if mention is not None and mention.country and not mention.is_person:
                return mention.country
            if mention is None and word.ent_type_ == "GPE":
                return gpe_country(word)
    return None


def gpe_country(word: Token) -> str | None:
    """The country of the whole place name a word belongs to ('York' in 'New York' -> USA, 'Ghazni'
    in 'Ghazni province' -> AFG, 'northern Hebei Province' -> CHN); None when the gazetteer does
    not know it or the name is a town in several countries."""
    ent = next((e for e in word.doc.ents if e.start <= word.i < e.end), None)
    words = list(ent) if ent is not None and ent.label_ in PLACE_LABELS else [word]
    return gazetteer_country(words, set())


def place_or_state(word: Token, found: list[ActorSpan]) -> bool:
    """A word that names a place, a state or a body ('in the Netherlands', 'in Ghazni province', 'in
    Kenya's National Assembly'), not a field ('in Modern Chinese Studies')."""
    mention = mention_over(word, found)
    return word.ent_type_ in PLACE_LABELS or (mention is not None and not mention.is_person) \
        or any(c.dep_ == "poss" for c in word.children)


def name_head(ent: Span) -> Token:
    """The word a name hangs from: its last word whose head lies outside it. English names are
    head-final; spaCy's `root` takes the first such word, which a misparse can make a given name
    ('Will' read as an auxiliary in 'Will Okafor, a Nigerian lawyer, said')."""
    outside = [t for t in ent if not ent.start <= t.head.i < ent.end or t.head.i == t.i]
    return outside[-1] if outside else ent.root


def describe(ent: Span, found: list[ActorSpan], tables: ActorTables) -> Description:
    """Sector, role, gender and country that the words around a person's name give."""
    d = Description()
    role_entry, topic, body = None, False, None
    org_sector, org_country = None, None
    leading = [ent[0]] if len(ent) > 1 and role_of(ent[0], tables) is not None else []
    head = name_head(ent)
    # a title the parser hung from the given name ("X's CEO Giles Dickson": 'CEO' on 'Giles') is the name's
    inner = [w for t in ent if t.i != head.i for c in t.children if c.dep_ in OWN_DEPS
             and not ent.start <= c.i < ent.end for w in own_words(c)]
    for word in leading + modifiers_of(head) + inner:  # "Emir Sheikh Faisal": NER took the title in
        if ent.start < word.i < ent.end and word.ent_type_ == "PERSON":
            continue
        past = former(word)
        entry = None if past else role_of(word, tables)
        if entry is not None and entry.person and role_entry is None and not describes_a_noun(word, ent):
            role_entry, d.role = entry, word.text
        mention = mention_over(word, found)
        if mention is not None and mention.how == "context":
            mention = None  # a group noun's guessed country is no evidence for the person
        if mention is not None and mention.sector == "IGO" and not mention.country:
            d.igo = d.igo or not past
        elif mention is not None and mention.country and d.country is None \
                and (mention.how in ("country", "agent") or mention.sector not in NON_STATE_SECTORS):
            d.country = mention.country  # "Cambodian journalist X"; not a company's home
            topic = word.dep_ == "compound" and word.tag_ == "NNP"  # "a China expert", "Japan chair"
        elif mention is None and d.country is None and word.dep_ == "poss" and word.ent_type_ in PLACE_LABELS:
            d.country = gpe_country(word)  # "Ontario's provincial leader"
        sector, country = organisation_sector(word, found, tables)
        org_sector, org_country = org_sector or (None if past else sector), org_country or country
    for obj in affiliations(head):
        # "in" gives a place, not a field: "a professor in Modern Chinese Studies" is not Chinese
        if obj.head.lower_ == "in" and not place_or_state(obj, found):
            continue
        sector, country = organisation_sector(obj, found, tables)
        org_sector, org_country = org_sector or sector, org_country or country
        body = body or member_of(obj, tables)
        topical = obj.head.lower_ == "on"  # "an expert on Western-Russian ties": a subject
        for word in own_words(obj):  # "a lawmaker from Denmark('s ruling party)"
            mention = mention_over(word, found)
            if mention is not None and mention.sector == "IGO" and not mention.country and not topical:
                org_sector = org_sector or "IGO"  # "a spokesperson for UNHCR Kenya": the IGO's office
            if mention is not None and mention.how in ("country", "agent") and d.country is None \
                    and not topical:
                d.country = mention.country
            if mention is not None and mention.sector in STATE_SECTORS and not mention.is_person \
                    and mention.how != "country":  # "in Malawi" is where, not a body
                body = body or mention.sector  # "from the Swedish foreign ministry" -> GOV
                d.country = d.country or mention.country  # "on the Armed Services Committee"
            if mention is None and word.ent_type_ in PLACE_LABELS and d.country is None:
                d.country = gpe_country(word)  # "Gov. Lisa Marsh of Ohio", "a member in Ghazni province"
    if role_entry is not None:
        d.sector, d.gender = role_entry.sector, role_entry.gender
    d.sector = d.sector or body
    if org_sector is not None and d.sector in (None, "GOV", "EDU", "BUS"):
        d.sector = org_sector  # "Iberdrola spokesman", "a fellow at the Atlantic Council", a foundation's CEO
    if topic and d.sector in NON_STATE_SECTORS:
        d.country = None  # a country noun before a scholar's title is their subject, not their state
    d.country = org_country or d.country if d.sector in NON_STATE_SECTORS else d.country or org_country
    if d.country is None and role_entry is not None and org_sector is None:
        d.country = role_entry.country  # "Rep." -> USA, "Taoiseach" -> IRL
    return d


PAST_WORDS = {"former", "ex", "ex-", "onetime", "erstwhile"}


def former(word: Token) -> bool:
    """'a former EU commissioner', 'Former French Ambassador X': a title, or a word of the title
    ('EU'), that "former" marks is a post the person no longer holds, so it gives no sector (the
    dictionary's out-of-office stub has none either); a nationality in it still places them."""
    return any(c.lower_ in PAST_WORDS and c.i < word.i for t in (word, word.head) for c in t.children
               if c.dep_ in ("amod", "advmod", "compound"))


def member_of(obj: Token, tables: ActorTables) -> str | None:
    """'a member of the upper house', 'a member of parliament': a member of a state body the role
    table names (a group noun, not a person's title) belongs to that body's sector."""
    if obj.head.lower_ != "of" or obj.head.head.lemma_.lower() != "member":
        return None
    mods = [c.lower_ for c in obj.children if c.dep_ in ("amod", "compound") and c.i == obj.i - 1]
    role = next((r for r in (tables.lookup_role(f"{m} {obj.lower_}") for m in mods) if r), None) \
        or tables.lookup_role(obj.lower_)
    return role.sector if role is not None and not role.person and role.sector in STATE_SECTORS else None


def describes_a_noun(word: Token, ent: Span) -> bool:
    """'deputy project director': a title word that modifies another noun is not the title."""
    head = word.head
    return word.dep_ in ("compound", "amod") and head.pos_ == "NOUN" and not ent.start <= head.i < ent.end


def sentence_country(ent: Span, found: list[ActorSpan]) -> str | None:
    """The one country named in the person's sentence, if exactly one is ('President Mugabe'
    in a sentence about Zimbabwe); two or more leave the person uncoded."""
    sent = ent.sent
    quoted = quoted_chars(ent.doc)
    inside = lambda char: any(a <= char < b for a, b in quoted)
    countries = {m.country for m in found if m.how in ("country", "agent")
                 and sent.start <= m.start < sent.end and m.country
                 and (inside(m.start_char) == inside(ent.start_char))}
    return countries.pop() if len(countries) == 1 else None


def quoted_chars(doc) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks: a country the quotation names ('"... the push from
    the Chinese ...," said X, a lawmaker') is what the sayer talks about, not whose lawmaker X is."""
    if "quoted_chars" not in doc.user_data:
        doc.user_data["quoted_chars"] = quote_marks(doc.text)
    return doc.user_data["quoted_chars"]


def role_person(ent: Span, found: list[ActorSpan], tables: ActorTables) -> ActorSpan | None:
    """An unknown person coded from the role, country and affiliation words around the name."""
    d = describe(ent, found, tables)
    if d.igo:  # "Arab League Secretary-General X" speaks for the organisation
        d.sector, d.country = "IGO", None
    if d.sector is None and d.country is None:
        return None
    if d.country is None and d.sector in STATE_SECTORS:
        d.country = sentence_country(ent, found)
    return ActorSpan(start=ent.start, end=ent.end, start_char=ent.start_char, end_char=ent.end_char,
                     text=ent.text, actor_id=f"person:{ent.text.lower().replace(' ', '-')}",
                     name=ent.text, country=d.country, sector=d.sector, kind="person",
                     entity_type="PERSON", how="role", gender=d.gender, role=d.role)
