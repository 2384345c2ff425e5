"""ECB+-style event mentions for coreference: the parse of a document's tokens and each mention's
head lemma, context lemmas and arguments (`whimbrel.dedup.coref` pairs and clusters them)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

CONTENT_POS = ("VERB", "NOUN", "PROPN", "ADJ")
ARG_POS = ("PROPN", "NUM")
WINDOW = 15  # tokens either side of a mention that make its context
_ENT_KINDS = {"PERSON": "per", "NORP": "org", "ORG": "org", "GPE": "loc", "LOC": "loc", "FAC": "loc",
              "DATE": "time", "TIME": "time", "CARDINAL": "num", "QUANTITY": "num", "MONEY": "num"}


@dataclass(frozen=True)
class Mention:
    """One event mention: its head lemma, context lemmas and the arguments of its sentence."""

    id: str
    doc: str
    sent: int
    group: str  # the story (predicted or gold) the mention's document belongs to
    head: str
    pos: str
    lemmas: str  # lemmas of the whole mention span
    context: str  # content lemmas within WINDOW tokens, the mention excluded
    args: frozenset = frozenset()  # lower-cased proper nouns and numbers of the window
    ents: tuple = ()  # (kind, text) entities of the mention's sentence
    n_tokens: int = 1
    lead: bool = False  # in the first two sentences of its document
    deps: tuple = ()  # (kind, word) of names, numbers and times within two arcs of the head
    # L2-normalised contextual vector of the span (coref_vectors), None without the encoder; kept out
    # of ==/hash because it is an array
    vector: Any = field(default=None, compare=False, repr=False)
    mpnet_vector: Any = field(default=None, compare=False, repr=False)  # MPNet layer 9 (`coref_vectors.mpnet_vectors`)



def analyze_tokens(nlp: Any) -> Callable[[Sequence[str]], dict[str, list]]:
    """A function: pre-tokenised words -> {"lemma", "pos", "ent", "head", "sent"} lists, by `nlp`."""
    from spacy.tokens import Doc

    def analyze(tokens: Sequence[str]) -> dict[str, list]:
        doc = Doc(nlp.vocab, words=[t if t.strip() else "_" for t in tokens])
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        sent_of = [0] * len(doc)
        for k, sent in enumerate(doc.sents):
            for t in sent:
                sent_of[t.i] = k
        return {"lemma": [t.lemma_.lower() or t.lower_ for t in doc], "pos": [t.pos_ for t in doc],
                "ent": [t.ent_type_ for t in doc], "head": [t.head.i for t in doc], "sent": sent_of}

    return analyze


def head_index(span: Sequence[int], an: dict[str, list]) -> int:
    """The syntactic head of a span, preferring a content word; else its last token."""
    inside = set(span)
    heads = [i for i in span if an["head"][i] not in inside or an["head"][i] == i]
    for i in heads:
        if an["pos"][i] in CONTENT_POS:
            return i
    return heads[0] if heads else span[-1]


def _entities(tokens: Sequence[str], an: dict[str, list], lo: int, hi: int) -> tuple:
    out, cur, kind = [], [], None
    for i in range(lo, hi):
        k = _ENT_KINDS.get(an["ent"][i])
        if k and k == kind:
            cur.append(tokens[i].lower())
            continue
        if cur:
            out.append((kind, " ".join(cur)))
        cur, kind = ([tokens[i].lower()], k) if k else ([], None)
    if cur:
        out.append((kind, " ".join(cur)))
    return tuple(sorted(set(out)))


def _dep_args(tokens: Sequence[str], an: dict[str, list], h: int, span: Sequence[int],
              children: dict[int, list[int]]) -> tuple:
    """(kind, word) of the names, numbers and times within two dependency arcs below the head."""
    near = [c for c in children[h] if c not in span]
    near += [g for c in near for g in children[c]]
    out = set()
    for i in near:
        kind = _ENT_KINDS.get(an["ent"][i])
        if kind in ("time", "num") or an["pos"][i] == "NUM":
            out.add(("time" if kind == "time" else "num", tokens[i].lower()))
        elif kind or an["pos"][i] == "PROPN":
            out.add(("name", tokens[i].lower()))
    return tuple(sorted(out))


def doc_mentions(doc: dict, an: dict[str, list], group: str, vectors: Sequence[Any] | None = None,
                 mpnet_vectors: Sequence[Any] | None = None) -> list[Mention]:
    """Mentions of one ECB+-style document ({"doc_id", "tokens", "mentions": [{"id", "tokens_number"}]}).

    `vectors`, `mpnet_vectors`: per mention its trigger vector from the tuned MiniLM and from MPNet
    (`coref_vectors.trigger_vectors` / `mpnet_vectors`), or None.
    """
    tokens = doc["tokens"]
    n = len(tokens)
    sent_span: dict[int, list[int]] = {}
    for i, s in enumerate(an["sent"]):
        sent_span.setdefault(s, [i, i])[1] = i
    children: dict[int, list[int]] = defaultdict(list)
    for i, hd in enumerate(an["head"]):
        if hd != i:
            children[hd].append(i)
    out = []
    for k, m in enumerate(doc.get("mentions", [])):
        span = sorted(m["tokens_number"])
        h = head_index(span, an)
        window = [i for i in range(max(0, span[0] - WINDOW), min(n, span[-1] + WINDOW + 1)) if i not in span]
        lo, hi = sent_span[an["sent"][h]]
        out.append(Mention(
            id=m["id"], doc=doc["doc_id"], sent=m.get("sent_id", an["sent"][h]), group=str(group),
            head=an["lemma"][h], pos=an["pos"][h], lemmas=" ".join(an["lemma"][i] for i in span),
            context=" ".join(an["lemma"][i] for i in window if an["pos"][i] in CONTENT_POS + ("NUM",)),
            args=frozenset(tokens[i].lower() for i in window if an["pos"][i] in ARG_POS),
            ents=_entities(tokens, an, lo, hi + 1), n_tokens=len(span), lead=an["sent"][h] < 2,
            deps=_dep_args(tokens, an, h, span, children), vector=vectors[k] if vectors else None,
            mpnet_vector=mpnet_vectors[k] if mpnet_vectors else None))
    return out
