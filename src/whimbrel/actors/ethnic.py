"""Ethnic groups coded with the country they live in, not their kin state.

"Tamil refugees" -> LKA, "Shona rebels" in a sentence about Mozambique -> MOZ, "ethnic Albanians
demonstrated in Serbia" -> SRB. The homes come from data/actors/ethnic_groups.yaml; the sentence's
other countries choose among them. A kin-state demonym ("Albanians", "Serbs") is re-homed only
after "ethnic": alone it stays its state's nationals. Pure functions over a parsed Doc.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from spacy.tokens import Token

from whimbrel.actors.dictionary import ActorTables
from whimbrel.actors.groups import MODIFIER_DEPS, sector_of_compound
from whimbrel.actors.mentions import ActorSpan, mention_at


def is_ethnic_word(token: Token) -> bool:
    """'ethnic Albanians', 'ethnic Albanian guerrillas'."""
    before = token.doc[token.i - 1] if token.i > 0 else None
    return (before is not None and before.lower_ == "ethnic") or any(
        c.lower_ == "ethnic" for c in token.children)


def home_country(row: dict, token: Token, mentions: list[ActorSpan]) -> str | None:
    """The group's home the sentence names (the most named, not the kin state when another is
    named), else its default home."""
    sent = token.sent
    named = Counter(m.country for m in mentions if m.country and sent.start <= m.start < sent.end
                    and not m.covers(token.i))
    homes = [c for c in row["homes"] if c in named]
    if len(homes) > 1 and row.get("country") in homes:
        homes.remove(row["country"])
    if homes:
        return max(homes, key=lambda c: (named[c], -row["homes"].index(c)))
    return row.get("country")


def group_sector(token: Token, tables: ActorTables) -> str:
    """'Shona rebels' -> REB; a bare 'Kurds' or 'Tamil civilians' -> CVL; 'Yoruba leaders' are
    not a government -> CVL."""
    head = token.head
    if token.dep_ in MODIFIER_DEPS and head.i > token.i and head.pos_ in ("NOUN", "PROPN"):
        sector = sector_of_compound(head, tables)
        return sector if sector not in (None, "GOV") else "CVL"
    return "CVL"


def ethnic_groups(mentions: list[ActorSpan], doc, tables: ActorTables) -> list[ActorSpan]:
    """Mentions with ethnic words added or re-homed."""
    out = list(mentions)
    for token in doc:
        row = tables.lookup_ethnic(token.text)
        if row is None:
            continue
        mention = mention_at(out, token.i)
        if mention is not None:
            if not is_ethnic_word(token) or mention.how not in ("country", "agent"):
                continue
            country = home_country(row, token, out)
            if country is None or country == mention.country:
                continue
            sector = "CVL" if mention.sector == "GOV" else mention.sector
            out[out.index(mention)] = replace(mention, country=country, sector=sector, kind="group",
                                              actor_id=f"{sector.lower()}:{country}", how="ethnic")
            continue
        country = home_country(row, token, out)
        if country is None:
            continue
        sector = group_sector(token, tables)
        span = doc[token.i:token.i + 1]
        out.append(ActorSpan(start=span.start, end=span.end, start_char=span.start_char,
                             end_char=span.end_char, text=span.text, actor_id=f"{sector.lower()}:{country}",
                             name=row["name"], country=country, sector=sector, kind="group",
                             entity_type="NORP", how="ethnic"))
    return sorted(out, key=lambda m: m.start)
