"""ECB+ evaluation: cluster documents into stories, then event mentions into coreference chains.

Stories: with a coder, `whimbrel.dedup.stories` (two-level: topics, then stories with topic-local
IDF over words, names/numbers, years and the places of coded events; tuned offline on train);
without one, TF-IDF cosine and average link cut at a threshold tuned on the train split.
Mentions (gold spans): the pairwise model of `whimbrel.dedup.coref` (trained on train.jsonl,
shipped as data/dedup/event_coref.json) + average link within each predicted story; without a
coder, same key (first 4 letters of the lemma of the span's last content word) within the same
story = same chain; see docs/dedup.md.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whimbrel.dedup.stories import average_link  # noqa: F401  (also used by the tests)
from whimbrel.evaluate import metrics
from whimbrel.evaluate.jsonl import read_jsonl

THRESHOLDS = tuple(round(0.02 * i, 2) for i in range(1, 50))
_NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "]", "}", "%", "'s", "'S", "n't", "'re", "'ve",
                    "'ll", "'d", "'m", "''", "...", "'"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "#"}


@dataclass
class StorySettings:
    """How documents are clustered into stories."""

    threshold: float = 0.2  # average-link cut: merge while mean similarity >= threshold
    feature_weight: float = 0.0  # share of the coded-feature Jaccard in the similarity


# TF-IDF alone, tuned on ECB+ train.jsonl (574 docs): train B3 F1 0.888 (the comparison line with a
# coder). Mixing coded actor names + dated months in at weight 0.2 gave 0.890: too little; the
# two-level clustering of whimbrel.dedup.stories replaced it.
WITH_FEATURES = StorySettings(threshold=0.18, feature_weight=0.2)
FEATURE_KINDS = ("name", "date")


def detokenize(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Tokens -> readable text and each token's (start, end) offsets in it.

    >>> detokenize(["He", "said", ",", "``", "yes", "''", "."])[0]
    'He said, ``yes\\'\\'.'
    """
    parts: list[str] = []
    offsets = []
    pos = 0
    glue = True
    for tok in tokens:
        if parts and not glue and tok not in _NO_SPACE_BEFORE:
            parts.append(" ")
            pos += 1
        offsets.append((pos, pos + len(tok)))
        parts.append(tok)
        pos += len(tok)
        glue = tok in _NO_SPACE_AFTER
    return "".join(parts), offsets


# --- similarity ---------------------------------------------------------------------------------

def tfidf_similarity(texts: Sequence[str]):
    """Cosine similarity of sublinear TF-IDF vectors (fitted on `texts` themselves)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1)
    return cosine_similarity(vec.fit_transform(texts))


def coded_features(coded: Any, kinds: Sequence[str] = FEATURE_KINDS) -> set[str]:
    """Names, countries, event types/dyads and dated months of one CodedDocument (those in `kinds`)."""
    feats = {f"name:{m.name}" for m in coded.mentions if m.name}
    feats |= {f"country:{m.country}" for m in coded.mentions if m.country}
    for ev in coded.events:
        s = ev.source.country if ev.source else None
        t = ev.target.country if ev.target else None
        feats |= {f"type:{ev.event_type}", f"dyad:{ev.event_type}:{s}:{t}"}
    feats |= {f"date:{d.value[:7]}" for d in coded.dates if d.value and d.value[:1].isdigit()}
    return {f for f in feats if f.split(":", 1)[0] in kinds}


def jaccard_similarity(sets: Sequence[set]):
    import numpy as np

    n = len(sets)
    sim = np.eye(n)
    for i in range(n):
        for j in range(i + 1, n):
            union = len(sets[i] | sets[j])
            sim[i, j] = sim[j, i] = len(sets[i] & sets[j]) / union if union else 0.0
    return sim


def combined_similarity(texts: Sequence[str], feature_sets: Sequence[set] | None, weight: float):
    sim = tfidf_similarity(texts)
    if feature_sets is not None and weight > 0:
        sim = (1 - weight) * sim + weight * jaccard_similarity(feature_sets)
    return sim


# --- clustering ---------------------------------------------------------------------------------

def tune_threshold(sim, gold: Sequence[str], grid: Sequence[float] = THRESHOLDS) -> tuple[float, float]:
    """(threshold, B-cubed F1) of the best cut on a labelled split."""
    best = (grid[0], -1.0)
    for t in grid:
        f1 = metrics.bcubed_labels(gold, average_link(sim, t))["f1"]
        if f1 > best[1]:
            best = (t, f1)
    return best


# --- event-mention coreference --------------------------------------------------------------------

_VERB_SUFFIXES = (("ied", "y"), ("ing", ""), ("ed", ""))


def crude_lemma(word: str) -> str:
    """A suffix-stripping stand-in for a lemma: 'Killings' -> 'kill', 'arrested' -> 'arrest'."""
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix, repl in _VERB_SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + repl
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouslz":  # 'stopp' -> 'stop'
                w = w[:-1]
            break
    return w


KEY_PREFIX = 4  # 'arrest'/'arrested'/'arrests', 'nominate'/'nomination': +0.01 CoNLL on train
_CONTENT_POS = {"VERB", "NOUN", "PROPN", "ADJ"}


def spacy_lemmatizer(nlp: Any) -> Callable[[Sequence[str]], list[str]]:
    """Lemmas of a pre-tokenised document from a spaCy pipeline (tagger + lemmatizer only).

    A lemma is returned as "lemma/POS" so that `mention_key` can find the span's content word.
    """
    from spacy.tokens import Doc

    wanted = [(n, p) for n, p in nlp.pipeline
              if n in ("tok2vec", "tagger", "attribute_ruler", "lemmatizer")]

    def lemmas(tokens: Sequence[str]) -> list[str]:
        doc = Doc(nlp.vocab, words=[t if t.strip() else "_" for t in tokens])
        for _, proc in wanted:
            doc = proc(doc)
        return [f"{t.lemma_.lower() or t.lower_}/{t.pos_}" for t in doc]

    return lemmas


def mention_key(doc: dict, mention: dict, lemmas: Sequence[str] | None) -> str:
    """The chain key of a mention: the lemma prefix of its last content word (crude lemma without POS)."""
    if lemmas is None:
        return " ".join(crude_lemma(doc["tokens"][i]) for i in mention["tokens_number"])
    parts = [lemmas[i].rpartition("/") for i in mention["tokens_number"]]
    content = [lemma for lemma, _, pos in parts if pos in _CONTENT_POS] or [lemma for lemma, _, _ in parts]
    return content[-1][:KEY_PREFIX]


def mention_chains(docs: Sequence[dict], stories: Sequence[Any],
                   lemmatize: Callable[[Sequence[str]], list[str]] | None = None) -> tuple[list[set], list[set]]:
    """(gold chains, predicted chains) over mention ids; prediction = same key in the same story."""
    gold: dict[str, set] = {}
    pred: dict[tuple, set] = {}
    for doc, story in zip(docs, stories):
        lemmas = lemmatize(doc["tokens"]) if lemmatize else None
        for m in doc.get("mentions", []):
            gold.setdefault(m["cluster"], set()).add(m["id"])
            pred.setdefault((story, mention_key(doc, m, lemmas)), set()).add(m["id"])
    return list(gold.values()), list(pred.values())


def coref_scores(gold: list[set], pred: list[set]) -> dict[str, float]:
    s = metrics.conll_f1(gold, pred)
    return {"coref_muc_f1": s["muc"]["f1"], "coref_b3_f1": s["bcubed"]["f1"],
            "coref_ceaf_e_f1": s["ceaf_e"]["f1"], "conll_f1": s["conll_f1"]}


# --- the suite ----------------------------------------------------------------------------------

def _log(msg: str) -> None:
    print(f"ecbplus: {msg}", file=sys.stderr)


def score_stories(docs: Sequence[dict], texts: Sequence[str], settings: StorySettings,
                  feature_sets: Sequence[set] | None = None) -> tuple[list[int], dict[str, float]]:
    """TF-IDF (+ optional coded-feature Jaccard) average-link stories and their B-cubed / ARI."""
    sim = combined_similarity(texts, feature_sets, settings.feature_weight)
    labels = average_link(sim, settings.threshold)
    gold = [d["story"] for d in docs]
    b3 = metrics.bcubed_labels(gold, labels)
    return labels, {"b3_precision": b3["precision"], "b3_recall": b3["recall"], "b3_f1": b3["f1"],
                    "ari": metrics.adjusted_rand_index(gold, labels), "n_stories_pred": len(set(labels)),
                    "n_stories_gold": len(set(gold))}


def run_ecbplus(path: str | Path, coder: Any = None, *, train_path: str | Path | None = None,
                limit: int | None = None, n_process: int = 1,
                settings: StorySettings | None = None) -> dict[str, Any]:
    """Story clustering (B-cubed, ARI) and mention coreference (MUC, B3, CEAF-e, CoNLL) on one split.

    With a coder, documents are coded and clustered by `whimbrel.dedup.stories` (tuned offline on
    train, places of the coded events included); `tfidf_b3_f1` is TF-IDF alone at the train-tuned cut,
    for comparison. Without a coder, the TF-IDF threshold is tuned on `train_path` (default:
    train.jsonl beside `path`) at run time. An explicit `settings` (TF-IDF) overrides both.
    """
    path = Path(path)
    docs = read_jsonl(path, limit)
    texts = [detokenize(d["tokens"])[0] for d in docs]
    train = Path(train_path) if train_path else path.with_name("train.jsonl")
    tuned_on = "given" if settings else None
    if settings is None:
        settings = StorySettings(threshold=WITH_FEATURES.threshold)
        if coder is None and train.is_file() and train != path:
            tdocs = read_jsonl(train)
            settings.threshold, f1 = tune_threshold(tfidf_similarity([detokenize(d["tokens"])[0] for d in tdocs]),
                                                    [d["story"] for d in tdocs])
            tuned_on = f"{train.name} (TF-IDF alone, B3 F1 {f1:.3f})"
            _log(f"threshold {settings.threshold} (train B3 F1 {f1:.3f})")
    labels, story = score_stories(docs, texts, settings)
    extra: dict[str, Any] = {}
    if coder is not None and tuned_on != "given":
        labels, story, extra = _coded_stories(docs, texts, coder, n_process, story)
        tuned_on = "train.jsonl (offline, see whimbrel.dedup.stories.DEFAULT)"
    gold_chains, pred_chains, gold_story_chains, coref_extra = _coref(docs, labels, coder)
    result: dict[str, Any] = {"n_docs": len(docs), **story, **coref_scores(gold_chains, pred_chains),
                              "n_mentions": sum(len(c) for c in gold_chains),
                              "conll_f1_gold_stories": coref_scores(gold_chains, gold_story_chains)["conll_f1"],
                              **coref_extra, "threshold": settings.threshold, **extra,
                              "tuned_on": tuned_on, "file": str(path)}
    return result


def _coref(docs: Sequence[dict], labels: Sequence[Any], coder: Any) -> tuple[list, list, list, dict]:
    """Gold chains, chains in predicted stories, chains in gold stories (+ the lemma-key baseline).

    With the shipped pair model (`whimbrel.dedup.coref`) and a spaCy pipeline to parse the ECB+
    tokens; without them (no model file, or no coder), the lemma-key chains.
    """
    from whimbrel.dedup import coref

    lemmatize = _lemmatizer(coder)
    gold_chains, key_chains = mention_chains(docs, labels, lemmatize)
    if not getattr(coder, "base_model_name", None) or not coref.MODEL_PATH.is_file():
        _, key_gold = mention_chains(docs, [d["story"] for d in docs], lemmatize)
        return gold_chains, key_chains, key_gold, {"coref_method": "lemma key"}
    import spacy

    model = coref.CorefModel.load()
    analyze = coref.analyze_tokens(spacy.load(coder.base_model_name))
    analyses = [analyze(d["tokens"]) for d in docs]
    vectors = _trigger_vectors(docs, analyses)
    wide = _mpnet_vectors(docs, analyses)

    def chains(groups: Sequence[Any]) -> list[set]:
        mentions = [m for d, a, g, v, w in zip(docs, analyses, groups, vectors, wide)
                    for m in coref.doc_mentions(d, a, g, v, w)]
        return coref.cluster_mentions(mentions, model)

    extra = {"coref_method": "pair model (data/dedup/event_coref.json)",
             "conll_f1_lemma_key": coref_scores(gold_chains, key_chains)["conll_f1"],
             "coref_threshold": model.threshold, "coref_encoder": any(vectors),
             "coref_mpnet": any(v is not None for doc in wide for v in doc)}
    return gold_chains, chains(labels), chains([d["story"] for d in docs]), extra


def _trigger_vectors(docs: Sequence[dict], analyses: Sequence[dict]) -> list:
    """Per document the mentions' encoder vectors; Nones (the model imputes) without the encoder."""
    from whimbrel.dedup.coref_vectors import trigger_vectors
    from whimbrel.nlp.encoder import encoder_available, load_encoder

    if not encoder_available():
        _log("[W311] no text encoder: coreference without trigger vectors")
        return [None] * len(docs)
    _log("encoding the sentences of the event mentions")
    return trigger_vectors(docs, analyses, load_encoder())


def _mpnet_vectors(docs: Sequence[dict], analyses: Sequence[dict]) -> list:
    """Per document the mentions' MPNet vectors; Nones (the no_mpnet model is used) without MPNet."""
    from whimbrel.dedup.coref_vectors import mpnet_vectors

    _log("encoding the sentences of the event mentions with MPNet")
    wide = mpnet_vectors(docs, analyses)
    if any(wide) and all(v is None for doc in wide for v in doc):
        _log("[W312] no MPNet encoder (its packages or data/dedup/coref_mpnet.npz are missing): "
             "coreference without the MPNet cosine")
    return wide


def _coded_stories(docs: Sequence[dict], texts: Sequence[str], coder: Any, n_process: int,
                   tfidf: dict[str, float]) -> tuple[list[int], dict[str, float], dict[str, Any]]:
    """Two-level story clustering over the coded documents; the TF-IDF-alone scores kept beside."""
    from whimbrel.dedup.stories import DEFAULT, StoryDoc, cluster_stories
    from whimbrel.ingest import read_text

    _log(f"coding {len(docs)} documents")
    from whimbrel.engine import code_documents

    coded = list(code_documents((read_text(t, detect_title=False) for t in texts), coder, n_process))
    story_docs = [StoryDoc(d["doc_id"], t, [e.location["name"] for e in c.events
                                            if e.location and e.location.get("name")])
                  for d, t, c in zip(docs, texts, coded)]
    labels = cluster_stories(story_docs, DEFAULT)
    gold = [d["story"] for d in docs]
    b3 = metrics.bcubed_labels(gold, labels)
    story = {"b3_precision": b3["precision"], "b3_recall": b3["recall"], "b3_f1": b3["f1"],
             "ari": metrics.adjusted_rand_index(gold, labels), "n_stories_pred": len(set(labels)),
             "n_stories_gold": len(set(gold))}
    extra = {"tfidf_b3_f1": tfidf["b3_f1"], "tfidf_ari": tfidf["ari"],
             "story_settings": {"topic_threshold": DEFAULT.topic_threshold,
                                "story_threshold": DEFAULT.story_threshold, "weights": list(DEFAULT.weights)}}
    return labels, story, extra


def _lemmatizer(coder: Any) -> Callable | None:
    if coder is None or not getattr(coder, "base_model_name", None):
        return None
    import spacy

    return spacy_lemmatizer(spacy.load(coder.base_model_name, exclude=["parser", "ner"]))


