"""Evaluation metrics as pure functions: classification, correlation, clustering and coreference.

Classification metrics take two aligned label sequences (gold, predicted); a predicted `None` means
"nothing predicted" and always counts as wrong. Clustering metrics take either aligned label lists
(`bcubed_labels`, `adjusted_rand_index`) or partitions given as lists of sets of mention ids
(`muc`, `bcubed`, `ceaf_e`, `conll_f1`); mentions may differ between key and response.

>>> accuracy(["A", "B"], ["A", None])
0.5
>>> round(adjusted_rand_index([0, 0, 1, 1], [5, 5, 7, 7]), 3)
1.0
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

Clusters = Sequence[Iterable[Hashable]]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _check_aligned(gold: Sequence, pred: Sequence) -> None:
    if len(gold) != len(pred):
        raise ValueError(f"[E900] gold has {len(gold)} items but predicted has {len(pred)}")


# --- classification -------------------------------------------------------------------------

def accuracy(gold: Sequence, pred: Sequence) -> float:
    """Share of items whose prediction equals the gold label (0.0 for no items)."""
    _check_aligned(gold, pred)
    if not gold:
        return 0.0
    return sum(1 for g, p in zip(gold, pred) if p is not None and g == p) / len(gold)


def _labels(gold: Sequence, pred: Sequence, labels: Iterable | None) -> list:
    if labels is not None:
        return list(labels)
    return sorted({x for x in list(gold) + list(pred) if x is not None}, key=str)


def per_class_prf(gold: Sequence, pred: Sequence, labels: Iterable | None = None) -> dict[Any, dict[str, float]]:
    """Precision, recall, F1 and gold support per label (labels default to all seen, None excluded)."""
    _check_aligned(gold, pred)
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    for g, p in zip(gold, pred):
        if g == p and p is not None:
            tp[g] += 1
            continue
        if p is not None:
            fp[p] += 1
        if g is not None:
            fn[g] += 1
    out = {}
    for label in _labels(gold, pred, labels):
        p_den, r_den = tp[label] + fp[label], tp[label] + fn[label]
        precision = tp[label] / p_den if p_den else 0.0
        recall = tp[label] / r_den if r_den else 0.0
        out[label] = {"precision": precision, "recall": recall, "f1": _f1(precision, recall),
                      "support": r_den}
    return out


def macro_f1(gold: Sequence, pred: Sequence, labels: Iterable | None = None) -> float:
    """Unweighted mean of per-class F1 over `labels` (default: every label in gold or predicted)."""
    scores = per_class_prf(gold, pred, labels)
    return sum(s["f1"] for s in scores.values()) / len(scores) if scores else 0.0


def confusion_matrix(gold: Sequence, pred: Sequence) -> dict[str, dict[str, int]]:
    """Nested counts `{gold_label: {predicted_label: n}}`; a missing prediction is keyed "NONE"."""
    _check_aligned(gold, pred)
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for g, p in zip(gold, pred):
        table[str(g)]["NONE" if p is None else str(p)] += 1
    return {g: dict(row) for g, row in sorted(table.items())}


# --- correlation ----------------------------------------------------------------------------

def pearson_r(x: Sequence[float], y: Sequence[float]) -> float:
    """Pearson correlation; NaN when fewer than two points or either side is constant."""
    _check_aligned(x, y)
    n = len(x)
    if n < 2:
        return math.nan
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx == 0 or syy == 0:
        return math.nan
    return sxy / math.sqrt(sxx * syy)


# --- clustering helpers -----------------------------------------------------------------------

def labels_to_clusters(labels: Sequence[Hashable]) -> list[set[int]]:
    """Aligned labels -> partition of item indexes, in order of first appearance."""
    groups: dict[Hashable, set[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(label, set()).add(i)
    return list(groups.values())


def _as_sets(clusters: Clusters) -> list[frozenset]:
    return [frozenset(c) for c in clusters if len(frozenset(c))]


def _index(clusters: list[frozenset]) -> dict[Hashable, int]:
    where = {}
    for i, cluster in enumerate(clusters):
        for m in cluster:
            if m in where:
                raise ValueError(f"[E901] mention {m!r} is in more than one cluster")
            where[m] = i
    return where


# --- coreference metrics over partitions -------------------------------------------------------

def _muc_recall(key: list[frozenset], response: list[frozenset]) -> float:
    where = _index(response)
    num = den = 0
    for chain in key:
        # mentions missing from the response each form their own partition
        parts = {where.get(m, ("missing", m)) for m in chain}
        num += len(chain) - len(parts)
        den += len(chain) - 1
    return num / den if den else 0.0


def muc(key: Clusters, response: Clusters) -> dict[str, float]:
    """MUC link-based precision/recall/F1 (Vilain et al. 1995); singletons carry no links."""
    k, r = _as_sets(key), _as_sets(response)
    recall, precision = _muc_recall(k, r), _muc_recall(r, k)
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def _b3_recall(key: list[frozenset], response: list[frozenset]) -> float:
    where = _index(response)
    total = sum(len(c) for c in key)
    if not total:
        return 0.0
    score = 0.0
    for chain in key:
        for m in chain:
            if m in where:
                score += len(chain & response[where[m]]) / len(chain)
    return score / total


def bcubed(key: Clusters, response: Clusters) -> dict[str, float]:
    """B-cubed mention-averaged precision/recall/F1 (Bagga & Baldwin 1998)."""
    k, r = _as_sets(key), _as_sets(response)
    recall, precision = _b3_recall(k, r), _b3_recall(r, k)
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def bcubed_labels(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> dict[str, float]:
    """B-cubed over aligned cluster labels (e.g. document -> story)."""
    _check_aligned(gold, pred)
    return bcubed(labels_to_clusters(gold), labels_to_clusters(pred))


def ceaf_e(key: Clusters, response: Clusters) -> dict[str, float]:
    """Entity-based CEAF (Luo 2005) with phi4 similarity and an optimal one-to-one alignment."""
    k, r = _as_sets(key), _as_sets(response)
    if not k or not r:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    from scipy.optimize import linear_sum_assignment  # comes with scikit-learn

    sim = [[2 * len(a & b) / (len(a) + len(b)) for b in r] for a in k]
    rows, cols = linear_sum_assignment(sim, maximize=True)
    total = float(sum(sim[i][j] for i, j in zip(rows, cols)))
    recall, precision = total / len(k), total / len(r)
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def conll_f1(key: Clusters, response: Clusters) -> dict[str, Any]:
    """MUC, B-cubed and CEAF-e, and CoNLL F1 = their mean F1."""
    scores = {"muc": muc(key, response), "bcubed": bcubed(key, response), "ceaf_e": ceaf_e(key, response)}
    scores["conll_f1"] = sum(s["f1"] for s in scores.values()) / 3
    return scores


# --- adjusted Rand index ----------------------------------------------------------------------

def adjusted_rand_index(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    """ARI (Hubert & Arabie 1985) from the pair confusion matrix, as scikit-learn computes it."""
    _check_aligned(gold, pred)
    n = len(gold)
    pairs = n * (n - 1) // 2
    cont = Counter(zip(gold, pred))
    same_both = sum(c * (c - 1) // 2 for c in cont.values())
    same_gold = sum(c * (c - 1) // 2 for c in Counter(gold).values())
    same_pred = sum(c * (c - 1) // 2 for c in Counter(pred).values())
    tp, fn, fp = same_both, same_gold - same_both, same_pred - same_both
    tn = pairs - tp - fn - fp
    if fn == 0 and fp == 0:  # identical partitions, including the degenerate ones
        return 1.0
    return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn))


def mean(values: Iterable[float]) -> float:
    vals = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    return sum(vals) / len(vals) if vals else math.nan


def clean_json(obj: Any) -> Any:
    """NaN/inf -> None, tuples -> lists, recursively, so the result is strict JSON."""
    if isinstance(obj, float):
        return None if math.isnan(obj) or math.isinf(obj) else obj
    if isinstance(obj, Mapping):
        return {str(k): clean_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [clean_json(v) for v in obj]
    return obj
