"""Cross-document event coreference over given mentions: a lexical pairwise model + average link.

Each mention is described by its head lemma and part of speech, the content lemmas around it and
the arguments of its sentence (names, numbers, places, times). A pair of mentions in the same story
is scored by a small model trained on ECB+ train.jsonl (`scripts/train_event_coref.py`, shipped as
`data/dedup/event_coref.json`): same lemma, how often the two head lemmas co-refer on train, context
and argument overlap, distance. Mentions are then clustered per story with average link on the
pair probabilities. One feature is not lexical: the cosine of the mentions' contextual trigger
vectors from the MiniLM encoder (`coref_vectors`), +0.016 CoNLL on train topic-fold CV; without the
encoder it is missing and the shipped lexical model (the same, fitted without it) is used: imputing
the mean instead collapsed dev CoNLL to 0.34, since the cosine carries much of the weight.

>>> a = Mention("a", "d1", 0, "s", "arrest", "VERB", "arrest", "police arrest man", frozenset({"smith"}))
>>> b = Mention("b", "d2", 0, "s", "arrest", "NOUN", "arrest", "arrest of smith", frozenset({"smith"}))
>>> pair_features(a, b, 0.5, PairStats())[:3]
[1.0, 1.0, 1.0]
"""
from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "dedup" / "event_coref.json"
CONTENT_POS = ("VERB", "NOUN", "PROPN", "ADJ")
ARG_POS = ("PROPN", "NUM")
WINDOW = 15  # tokens either side of a mention that make its context
_ENT_KINDS = {"PERSON": "per", "NORP": "org", "ORG": "org", "GPE": "loc", "LOC": "loc", "FAC": "loc",
              "DATE": "time", "TIME": "time", "CARDINAL": "num", "QUANTITY": "num", "MONEY": "num"}
ENT_KINDS = ("per", "org", "loc", "time", "num")
FEATURES = ("same_head", "same_prefix4", "same_lemmas", "head_trigram_jaccard", "both_verbs",
            "pos_differ", "same_doc", "same_sentence", "context_cosine", "arg_jaccard", "shared_args",
            "head_pair_rate", "head_pair_seen", "lemma_rate", "lemma_seen",
            *(f"shared_{k}" for k in ENT_KINDS), *(f"both_{k}" for k in ENT_KINDS), "lead_pair",
            "tokens_max", "singleton_min", "singleton_max", "dep_shared", "dep_conflict_time",
            "dep_conflict_num", "dep_conflict_name", "doc_cosine", "trigger_cosine")


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


@dataclass
class PairStats:
    """Co-reference rates learned on train: per unordered head-lemma pair and per lemma (same head)."""

    pair_hits: dict = field(default_factory=dict)  # "a|b" -> [coreferent pairs, pairs], if any co-referred
    lemma_hits: dict = field(default_factory=dict)  # "a" -> [coreferent same-head pairs, pairs]
    singletons: dict = field(default_factory=dict)  # "a" -> [mentions in singleton chains, mentions]

    def singleton_rate(self, a: str) -> float:
        hit, tot = self.singletons.get(a, (0, 0))
        return (hit + 0.3) / (tot + 1)

    def pair_rate(self, a: str, b: str) -> tuple[float, float]:
        hit, tot = self.pair_hits.get(_pair_key(a, b), (0, 0))
        return (hit + 0.1) / (tot + 1), float(tot > 0)

    def lemma_rate(self, a: str) -> tuple[float, float]:
        hit, tot = self.lemma_hits.get(a, (0, 0))
        return (hit + 0.5) / (tot + 1), float(tot > 0)

    @classmethod
    def count(cls, mentions: Sequence[Mention], clusters: Sequence[str]) -> "PairStats":
        """Count co-reference of head-lemma pairs among mention pairs of the same group."""
        pair: dict = defaultdict(lambda: [0, 0])
        lemma: dict = defaultdict(lambda: [0, 0])
        for i, j in group_pairs(mentions):
            a, b = mentions[i].head, mentions[j].head
            table, key = (lemma, a) if a == b else (pair, _pair_key(a, b))
            table[key][0] += clusters[i] == clusters[j]
            table[key][1] += 1
        size = Counter(clusters)
        single: dict = defaultdict(lambda: [0, 0])
        for m, c in zip(mentions, clusters):
            single[m.head][0] += size[c] == 1
            single[m.head][1] += 1
        # pairs never co-referent on train are dropped: they read as unseen (rate 0.1), which keeps the
        # shipped table small (~1,000 pairs instead of ~30,000) at no measured cost
        return cls({k: v for k, v in pair.items() if v[0]}, dict(lemma), dict(single))


def _pair_key(a: str, b: str) -> str:
    return "|".join(sorted((a, b)))


def _trigrams(s: str) -> set[str]:
    return {s[i:i + 3] for i in range(max(1, len(s) - 2))}


def _jaccard(a: set, b: set) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _dep_features(a: Mention, b: Mention) -> list[float]:
    da, db = defaultdict(set), defaultdict(set)
    for kind, word in a.deps:
        da[kind].add(word)
    for kind, word in b.deps:
        db[kind].add(word)
    shared = sum(len(da[k] & db[k]) for k in da)
    conflict = [float(bool(da[k]) and bool(db[k]) and not da[k] & db[k]) for k in ("time", "num", "name")]
    return [float(min(shared, 3)), *conflict]


def pair_features(a: Mention, b: Mention, context_cosine: float, stats: PairStats,
                  doc_cosine: float = 0.0) -> list[float]:
    """The FEATURES of one mention pair."""
    same_head = a.head == b.head
    rate, seen = (1.0, 1.0) if same_head else stats.pair_rate(a.head, b.head)
    lrate, lseen = stats.lemma_rate(a.head) if same_head else (0.0, 0.0)
    ea, eb = defaultdict(set), defaultdict(set)
    for kind, text in a.ents:
        ea[kind].add(text)
    for kind, text in b.ents:
        eb[kind].add(text)
    shared = [float(bool(ea[k] & eb[k])) for k in ENT_KINDS]
    both = [float(bool(ea[k]) and bool(eb[k])) for k in ENT_KINDS]
    return [float(same_head), float(a.head[:4] == b.head[:4]), float(a.lemmas == b.lemmas),
            _jaccard(_trigrams(a.head), _trigrams(b.head)), float(a.pos == b.pos == "VERB"),
            float(a.pos != b.pos), float(a.doc == b.doc), float(a.doc == b.doc and a.sent == b.sent),
            context_cosine, _jaccard(a.args, b.args), float(min(len(a.args & b.args), 5)),
            rate, seen, lrate, lseen, *shared, *both, float(a.lead and b.lead),
            float(max(a.n_tokens, b.n_tokens)),
            min(stats.singleton_rate(a.head), stats.singleton_rate(b.head)),
            max(stats.singleton_rate(a.head), stats.singleton_rate(b.head)),
            *_dep_features(a, b), doc_cosine, _vector_cosine(a, b)]


def _vector_cosine(a: Mention, b: Mention) -> float:
    """Cosine of the trigger vectors; NaN when either is missing (imputed by the model)."""
    if a.vector is None or b.vector is None:
        return math.nan
    return float(a.vector @ b.vector)


# --- mentions from tokens ------------------------------------------------------------------------

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


def doc_mentions(doc: dict, an: dict[str, list], group: str,
                 vectors: Sequence[Any] | None = None) -> list[Mention]:
    """Mentions of one ECB+-style document ({"doc_id", "tokens", "mentions": [{"id", "tokens_number"}]}).

    `vectors`: per mention its trigger vector (`coref_vectors.trigger_vectors`), or None.
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
            deps=_dep_args(tokens, an, h, span, children), vector=vectors[k] if vectors else None))
    return out


# --- pairs, model, clustering ---------------------------------------------------------------------

def group_pairs(mentions: Sequence[Mention]) -> Iterable[tuple[int, int]]:
    """Index pairs (i < j) of mentions in the same group."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        groups[m.group].append(i)
    for idx in groups.values():
        for a in range(len(idx)):
            for b in range(a + 1, len(idx)):
                yield idx[a], idx[b]


def _tfidf(texts: Sequence[str]):
    """Rows of sublinear TF-IDF (L2-normalised); all zero when no text has a word."""
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        return TfidfVectorizer(sublinear_tf=True).fit_transform([t or "_" for t in texts]).tocsr()
    except ValueError:  # empty vocabulary
        return csr_matrix((len(texts), 1))


def feature_matrix(mentions: Sequence[Mention], stats: PairStats):
    """(pairs, features) of every same-group mention pair; context IDF fitted on these mentions."""
    import numpy as np

    x = _tfidf([m.context for m in mentions])
    docs = sorted({m.doc for m in mentions})
    doc_row = {d: k for k, d in enumerate(docs)}
    doc_text = defaultdict(list)
    for m in mentions:
        doc_text[m.doc].append(m.context)
    xd = _tfidf([" ".join(doc_text[d]) for d in docs])
    dcos = (xd @ xd.T).toarray()
    groups: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        groups[m.group].append(i)
    pairs, rows = [], []
    for idx in groups.values():
        cos = (x[idx] @ x[idx].T).toarray()
        for a in range(len(idx)):
            for b in range(a + 1, len(idx)):
                pairs.append((idx[a], idx[b]))
                ma, mb = mentions[idx[a]], mentions[idx[b]]
                rows.append(pair_features(ma, mb, float(cos[a, b]), stats,
                                          float(dcos[doc_row[ma.doc], doc_row[mb.doc]])))
    return pairs, np.asarray(rows, dtype=float).reshape(len(rows), len(FEATURES))


@dataclass
class CorefModel:
    """Logistic regression over standardised FEATURES, the head-lemma statistics and the cut."""

    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float
    threshold: float  # average-link cut on pair probabilities
    stats: PairStats = field(default_factory=PairStats)
    meta: dict = field(default_factory=dict)
    lexical: "CorefModel | None" = None  # fitted without trigger_cosine, for runs without the encoder

    def resolve(self, x) -> tuple["CorefModel", Any]:
        """(model, features) to score `x` with: the lexical fallback when a trigger cosine is missing."""
        import numpy as np

        x = np.asarray(x, dtype=float)
        col = FEATURES.index("trigger_cosine")
        if self.lexical is None or not len(x) or not np.isnan(x[:, col]).any():
            return self, x
        return self.lexical, np.delete(x, col, axis=1)

    def probabilities(self, x):
        import numpy as np

        x = np.asarray(x, dtype=float)
        x = np.where(np.isnan(x), np.asarray(self.mean), x)  # a missing feature (no encoder): its train mean
        z = ((x - self.mean) / self.scale) @ np.asarray(self.coef) + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_dict(self) -> dict:
        return {"features": list(FEATURES), "mean": self.mean, "scale": self.scale, "coef": self.coef,
                "intercept": self.intercept, "threshold": self.threshold, "meta": self.meta,
                "pair_hits": self.stats.pair_hits, "lemma_hits": self.stats.lemma_hits,
                "singletons": self.stats.singletons, "lexical": self.lexical and {
                    k: getattr(self.lexical, k) for k in ("mean", "scale", "coef", "intercept", "threshold")}}

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":")) + "\n",
                              encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path = MODEL_PATH) -> "CorefModel":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("features") != list(FEATURES):
            raise ValueError(f"[E301] {path}: model features differ from whimbrel.dedup.coref.FEATURES; "
                             "rebuild it with scripts/train_event_coref.py")
        stats = PairStats(data["pair_hits"], data["lemma_hits"], data["singletons"])
        lex = data.get("lexical")
        lexical = lex and cls(lex["mean"], lex["scale"], lex["coef"], lex["intercept"], lex["threshold"], stats)
        return cls(data["mean"], data["scale"], data["coef"], data["intercept"], data["threshold"], stats,
                   data.get("meta", {}), lexical)


def average_link_chains(mentions: Sequence[Mention], pairs: Sequence[tuple[int, int]], probs: Sequence[float],
                        threshold: float) -> list[set[str]]:
    """Average-link clusters of mention ids per group, merging while mean pair probability >= threshold."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    groups: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        groups[m.group].append(i)
    prob = dict(zip(pairs, probs))
    chains: list[set[str]] = []
    for idx in groups.values():
        if len(idx) == 1:
            chains.append({mentions[idx[0]].id})
            continue
        n = len(idx)
        dist = np.ones((n, n))
        np.fill_diagonal(dist, 0.0)
        for a in range(n):
            for b in range(a + 1, n):
                dist[a, b] = dist[b, a] = 1.0 - prob[idx[a], idx[b]]
        labels = fcluster(linkage(squareform(dist, checks=False), "average"), t=1.0 - threshold + 1e-9,
                          criterion="distance")
        by_label: dict[int, set[str]] = defaultdict(set)
        for i, label in zip(idx, labels):
            by_label[int(label)].add(mentions[i].id)
        chains.extend(by_label.values())
    return chains


def cluster_mentions(mentions: Sequence[Mention], model: CorefModel | None = None) -> list[set[str]]:
    """Coreference chains (sets of mention ids) over mentions; pairs only within a group."""
    model = model or CorefModel.load()
    pairs, x = feature_matrix(mentions, model.stats)
    model, x = model.resolve(x)
    probs = model.probabilities(x) if len(pairs) else []
    return average_link_chains(mentions, pairs, probs, model.threshold)
