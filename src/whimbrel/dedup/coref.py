"""Cross-document event coreference over given mentions: a lexical pairwise model + average link.

Each mention is described by its head lemma and part of speech, the content lemmas around it and
the arguments of its sentence (names, numbers, places, times). A pair of mentions in the same story
is scored by a small model trained on ECB+ train.jsonl (`scripts/train_event_coref.py`, shipped as
`data/dedup/event_coref.json`): same lemma, how often the two head lemmas co-refer on train, context
and argument overlap, distance. Mentions are then clustered per story with average link on the
pair probabilities. Five features are not lexical: the cosine of the mentions' contextual trigger
vectors from the fine-tuned MiniLM encoder (`coref_vectors`), how well each mention is echoed by a
mention of another document of its story (`support`) (`VECTOR_FEATURES`), and the cosine of their
MPNet layer-9 vectors (`MPNET_FEATURES`, `nlp.mpnet`, blocks 8-9 fine-tuned like MiniLM's). Without
an encoder its features are missing and the shipped model fitted without them (`FALLBACKS`) is
used: imputing the mean instead collapsed dev CoNLL to 0.34, since the cosine carries much of the
weight.
Mentions are read from parsed tokens by `coref_mentions`.

>>> a = Mention("a", "d1", 0, "s", "arrest", "VERB", "arrest", "police arrest man", frozenset({"smith"}))
>>> b = Mention("b", "d2", 0, "s", "arrest", "NOUN", "arrest", "arrest of smith", frozenset({"smith"}))
>>> pair_features(a, b, 0.5, PairStats())[:3]
[1.0, 1.0, 1.0]
"""
from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whimbrel.dedup.coref_mentions import (Mention, analyze_tokens, doc_mentions,  # noqa: F401  (re-exported)
                                           head_index)

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "dedup" / "event_coref.json"
ENT_KINDS = ("per", "org", "loc", "time", "num")
FEATURES = ("same_head", "same_prefix4", "same_lemmas", "head_trigram_jaccard", "both_verbs",
            "pos_differ", "same_doc", "same_sentence", "context_cosine", "arg_jaccard", "shared_args",
            "head_pair_rate", "head_pair_seen", "lemma_rate", "lemma_seen",
            *(f"shared_{k}" for k in ENT_KINDS), *(f"both_{k}" for k in ENT_KINDS), "lead_pair",
            "tokens_max", "singleton_min", "singleton_max", "dep_shared", "dep_conflict_time",
            "dep_conflict_num", "dep_conflict_name", "doc_cosine", "trigger_cosine", "support_min",
            "support_max", "support_share_min", "mpnet_cosine")
# from the MiniLM encoder: missing (NaN) without it, and then the lexical model is used
VECTOR_FEATURES = ("trigger_cosine", "support_min", "support_max", "support_share_min")
# from the MPNet encoder: missing without its packages, and then the model fitted without it is used
MPNET_FEATURES = ("mpnet_cosine",)
SUPPORT_COSINE = 0.6  # a document echoes a mention when one of its mentions is at least this close


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
                  doc_cosine: float = 0.0, support_a: Sequence[float] = (math.nan, math.nan),
                  support_b: Sequence[float] = (math.nan, math.nan)) -> list[float]:
    """The FEATURES of one mention pair; `support_*`: each mention's `support` (best, share)."""
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
            *_dep_features(a, b), doc_cosine, _cosine(a.vector, b.vector), min(support_a[0], support_b[0]),
            max(support_a[0], support_b[0]), min(support_a[1], support_b[1]),
            _cosine(a.mpnet_vector, b.mpnet_vector)]


def _cosine(a: Any, b: Any) -> float:
    """Cosine of two L2-normalised vectors; NaN when either is missing (a fallback model is used)."""
    if a is None or b is None:
        return math.nan
    return float(a @ b)


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


def support(mentions: Sequence[Mention]) -> list[tuple[float, float]]:
    """Per mention of one group: (best trigger cosine to a mention of another document, share of the
    group's other documents holding a mention at >= SUPPORT_COSINE); NaNs without vectors.

    A mention of the story's main event is echoed across its documents; a side remark is not. On
    train topic-fold CV: +0.0025 CoNLL over the tuned cosine alone (noise is about +-0.003).
    """
    import numpy as np

    if not mentions or any(m.vector is None for m in mentions):
        return [(math.nan, math.nan)] * len(mentions)
    v = np.stack([m.vector for m in mentions])
    cos = v @ v.T
    doc = np.array([m.doc for m in mentions])
    other = doc[:, None] != doc[None, :]
    n_docs = len(set(doc.tolist()))
    out = []
    for i in range(len(mentions)):
        best = float(cos[i][other[i]].max()) if other[i].any() else -1.0
        echoed = len(set(doc[other[i] & (cos[i] >= SUPPORT_COSINE)].tolist()))
        out.append((best, echoed / max(n_docs - 1, 1)))
    return out


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
        echo = support([mentions[i] for i in idx])
        for a in range(len(idx)):
            for b in range(a + 1, len(idx)):
                pairs.append((idx[a], idx[b]))
                ma, mb = mentions[idx[a]], mentions[idx[b]]
                rows.append(pair_features(ma, mb, float(cos[a, b]), stats,
                                          float(dcos[doc_row[ma.doc], doc_row[mb.doc]]), echo[a], echo[b]))
    return pairs, np.asarray(rows, dtype=float).reshape(len(rows), len(FEATURES))


# fallback name -> the features it is fitted without, most capable first (`CorefModel.resolve`)
FALLBACKS = {"no_mpnet": MPNET_FEATURES, "lexical": VECTOR_FEATURES + MPNET_FEATURES}


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
    # FALLBACKS name -> the same model fitted without those features, for runs without an encoder
    fallbacks: dict = field(default_factory=dict)

    def resolve(self, x) -> tuple["CorefModel", Any]:
        """(model, features) to score `x` with: the first fallback whose dropped features cover every
        feature missing (NaN) in `x`; the full model when nothing is missing."""
        import numpy as np

        x = np.asarray(x, dtype=float)
        if not len(x):
            return self, x
        encoded = VECTOR_FEATURES + MPNET_FEATURES
        missing = {f for f in encoded if np.isnan(x[:, FEATURES.index(f)]).any()}
        for name, dropped in FALLBACKS.items():
            if missing and name in self.fallbacks and missing <= set(dropped):
                return self.fallbacks[name], np.delete(x, [FEATURES.index(f) for f in dropped], axis=1)
        return self, x

    def probabilities(self, x):
        import numpy as np

        x = np.asarray(x, dtype=float)
        x = np.where(np.isnan(x), np.asarray(self.mean), x)  # a missing feature (no encoder): its train mean
        z = ((x - self.mean) / self.scale) @ np.asarray(self.coef) + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def _weights(self) -> dict:
        return {k: getattr(self, k) for k in ("mean", "scale", "coef", "intercept", "threshold")}

    def to_dict(self) -> dict:
        return {"features": list(FEATURES), **self._weights(), "meta": self.meta,
                "pair_hits": self.stats.pair_hits, "lemma_hits": self.stats.lemma_hits,
                "singletons": self.stats.singletons,
                "fallbacks": {name: m._weights() for name, m in self.fallbacks.items()}}

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":")) + "\n",
                              encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path = MODEL_PATH) -> "CorefModel":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("features") != list(FEATURES):
            raise ValueError(f"[E314] {path}: model features differ from whimbrel.dedup.coref.FEATURES; "
                             "rebuild it with scripts/train_event_coref.py")
        stats = PairStats(data["pair_hits"], data["lemma_hits"], data["singletons"])
        weights = lambda d: [d[k] for k in ("mean", "scale", "coef", "intercept", "threshold")]  # noqa: E731
        fallbacks = {name: cls(*weights(d), stats) for name, d in data.get("fallbacks", {}).items()}
        return cls(*weights(data), stats, data.get("meta", {}), fallbacks)


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
