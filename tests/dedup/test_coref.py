"""Event-mention coreference: features, statistics, the shipped model, clustering (no spaCy model)."""
import math

import numpy as np
import pytest

from whimbrel.dedup import coref_vectors
from whimbrel.dedup.coref import (FEATURES, MPNET_FEATURES, VECTOR_FEATURES, CorefModel, Mention, PairStats, cluster_mentions,
                                  doc_mentions, feature_matrix, head_index, pair_features, support)
from whimbrel.dedup.coref_vectors import TriggerEncoder, trigger_vectors
from whimbrel.nlp.encoder import BERT_WEIGHTS


def mention(id, head, group="s", doc="d1", sent=0, pos="VERB", context="", args=(), ents=(), deps=(), vector=None,
            mpnet=None):
    return Mention(id, doc, sent, group, head, pos, head, context, frozenset(args), tuple(ents), deps=tuple(deps),
                   vector=None if vector is None else np.asarray(vector, dtype=float),
                   mpnet_vector=None if mpnet is None else np.asarray(mpnet, dtype=float))


def test_coref_pair_features_cover_every_feature():
    a = mention("a", "arrest", context="police arrest man london", args={"london"}, deps=[("time", "friday")])
    b = mention("b", "detain", doc="d2", context="man detain london police", args={"london"},
                deps=[("time", "monday")])
    row = dict(zip(FEATURES, pair_features(a, b, 0.4, PairStats({"arrest|detain": [3, 4]}))))
    assert len(row) == len(FEATURES)
    assert row["same_head"] == 0 and row["head_pair_rate"] == pytest.approx(3.1 / 5) and row["head_pair_seen"] == 1
    assert row["arg_jaccard"] == 1 and row["dep_conflict_time"] == 1 and row["context_cosine"] == 0.4


def test_coref_pair_stats_count_pairs_lemmas_and_singletons():
    ms = [mention("a", "kill"), mention("b", "kill"), mention("c", "murder"), mention("d", "say")]
    stats = PairStats.count(ms, ["c1", "c1", "c1", "c2"])
    assert stats.lemma_hits == {"kill": [1, 1]}
    assert stats.pair_hits == {"kill|murder": [2, 2]}  # pairs never co-referent are not kept
    assert stats.singletons["say"] == [1, 1] and stats.singletons["kill"] == [0, 2]


def test_coref_pairs_stay_inside_their_group():
    ms = [mention("a", "kill", group="s1"), mention("b", "kill", group="s1"), mention("c", "kill", group="s2")]
    pairs, x = feature_matrix(ms, PairStats())
    assert pairs == [(0, 1)] and x.shape == (1, len(FEATURES))


def test_coref_shipped_model_loads_and_clusters():
    model = CorefModel.load()
    assert 0 < model.threshold < 1 and len(model.coef) == len(FEATURES)
    ms = [mention("a", "earthquake", pos="NOUN", context="magnitude strike chile", args={"chile"}),
          mention("b", "earthquake", doc="d2", pos="NOUN", context="magnitude strike chile", args={"chile"}),
          mention("c", "say", doc="d2", sent=3, context="official tell reporter")]
    chains = sorted(cluster_mentions(ms, model), key=len)
    assert chains == [{"c"}, {"a", "b"}]


def test_coref_doc_mentions_reads_heads_contexts_and_arguments():
    doc = {"doc_id": "d", "tokens": ["Police", "arrested", "Smith", "in", "London", "on", "Friday", "."],
           "mentions": [{"id": "m1", "sent_id": 0, "tokens_number": [1]}]}
    an = {"lemma": ["police", "arrest", "smith", "in", "london", "on", "friday", "."],
          "pos": ["NOUN", "VERB", "PROPN", "ADP", "PROPN", "ADP", "PROPN", "PUNCT"],
          "ent": ["", "", "PERSON", "", "GPE", "", "DATE", ""], "head": [1, 1, 1, 1, 3, 1, 5, 1],
          "sent": [0] * 8}
    (m,) = doc_mentions(doc, an, "story")
    assert (m.head, m.pos, m.group) == ("arrest", "VERB", "story")
    assert m.args == {"smith", "london", "friday"} and ("per", "smith") in m.ents
    assert ("name", "smith") in m.deps and ("time", "friday") in m.deps
    assert head_index([2, 3, 4], an) == 2


def test_coref_trigger_cosine_is_missing_without_vectors_and_the_lexical_model_takes_over():
    a = mention("a", "fire", vector=[1.0, 0.0], mpnet=[1.0, 0.0])
    b = mention("b", "fire", doc="d2", vector=[0.6, 0.8], mpnet=[1.0, 0.0])
    row = dict(zip(FEATURES, pair_features(a, b, 0.0, PairStats(), 0.0, (0.9, 0.5), (0.7, 1.0))))
    assert row["trigger_cosine"] == pytest.approx(0.6)
    assert (row["support_min"], row["support_max"], row["support_share_min"]) == (0.7, 0.9, 0.5)
    assert math.isnan(dict(zip(FEATURES, pair_features(a, mention("c", "fire"), 0.0, PairStats())))["trigger_cosine"])
    model = CorefModel.load()
    assert model.resolve(np.array([pair_features(a, b, 0.0, model.stats, 0.0, (0.9, 0.5), (0.7, 1.0))]))[0] is model
    used, x = model.resolve(np.array([pair_features(a, mention("c", "fire"), 0.0, model.stats)]))
    lexical = len(FEATURES) - len(VECTOR_FEATURES) - len(MPNET_FEATURES)
    assert used is model.fallbacks["lexical"] and x.shape == (1, lexical) and len(used.coef) == lexical
    assert a == mention("a", "fire") and hash(a) == hash(mention("a", "fire"))  # the vector is not compared


def test_coref_without_mpnet_vectors_the_model_fitted_without_them_takes_over():
    a = mention("a", "fire", vector=[1.0, 0.0], mpnet=[0.0, 1.0])
    b = mention("b", "fire", doc="d2", vector=[0.6, 0.8], mpnet=[0.8, 0.6])
    model = CorefModel.load()
    row = pair_features(a, b, 0.0, model.stats, 0.0, (0.9, 0.5), (0.7, 1.0))
    assert dict(zip(FEATURES, row))["mpnet_cosine"] == pytest.approx(0.6)
    assert model.resolve(np.array([row]))[0] is model
    plain = pair_features(a, mention("c", "fire", doc="d2", vector=[0.6, 0.8]), 0.0, model.stats, 0.0,
                          (0.9, 0.5), (0.7, 1.0))
    used, x = model.resolve(np.array([plain]))
    assert used is model.fallbacks["no_mpnet"] and x.shape == (1, len(FEATURES) - len(MPNET_FEATURES))
    assert not np.isnan(x).any() and 0.0 < used.probabilities(x)[0] < 1.0


class FakeEncoder:
    """Records the (text, spans) it is given; a span's vector is (start, end, 1)."""

    def __init__(self):
        self.items = []

    def span_vectors(self, items):
        self.items += items
        return [np.array([[s, e, 1.0] for s, e in spans]) for _, spans in items]


def test_coref_trigger_vectors_encode_each_mention_sentence_once():
    doc = {"tokens": ["Fire", "hit", "homes", ".", "It", "spread", "."],
           "mentions": [{"tokens_number": [0]}, {"tokens_number": [1, 2]}, {"tokens_number": [5]}]}
    an = {"sent": [0, 0, 0, 0, 1, 1, 1], "head": [1, 1, 1, 1, 5, 5, 5],
          "pos": ["NOUN", "VERB", "NOUN", "PUNCT", "PRON", "VERB", "PUNCT"]}
    enc = FakeEncoder()
    (vecs,) = trigger_vectors([doc], [an], enc, tuned=False)
    assert enc.items == [("Fire hit homes .", [(0, 4), (5, 14)]), ("It spread .", [(3, 9)])]
    assert len(vecs) == 3 and np.linalg.norm(vecs[1]) == pytest.approx(1.0)
    assert vecs[1] / vecs[1][2] == pytest.approx([5, 14, 1])


def test_coref_support_is_the_best_echo_in_other_documents():
    ms = [mention("a", "quake", doc="d1", vector=[1.0, 0.0]), mention("b", "quake", doc="d2", vector=[0.8, 0.6]),
          mention("c", "say", doc="d2", vector=[0.0, 1.0]), mention("d", "tremor", doc="d3", vector=[1.0, 0.0])]
    echo = support(ms)
    assert echo[0] == (pytest.approx(1.0), 1.0)  # d2 (0.8) and d3 (1.0) both echo it
    assert echo[1] == (pytest.approx(0.8), 1.0) and echo[2] == (0.0, 0.0)  # "say" is echoed nowhere
    assert all(math.isnan(v) for v in support([mention("e", "x"), mention("f", "x", doc="d2")])[0])
    pairs, x = feature_matrix(ms, PairStats())
    assert x.shape == (6, len(FEATURES))
    assert np.isnan(x).any(axis=0).tolist() == [f in MPNET_FEATURES for f in FEATURES]  # no MPNet vectors given


class FakeBase:
    """The base encoder: six blocks; records the blocks it is asked to run."""

    weight_names = BERT_WEIGHTS

    blocks = [{"layer": i} for i in range(6)]

    def __init__(self):
        self.used = None

    def span_vectors(self, items, blocks=None):
        self.used = blocks
        return [np.ones((len(spans), 384), dtype=np.float32) for _, spans in items]


def test_coref_shipped_trigger_encoder_replaces_the_top_blocks(monkeypatch):
    if not coref_vectors.TUNED_PATH.is_file():
        pytest.skip("no data/dedup/coref_encoder.npz")
    base = FakeBase()
    tuned = TriggerEncoder(base)
    layers = tuned.meta["tuned_layers"]
    assert layers[-1] == 5 and tuned.blocks[: layers[0]] == base.blocks[: layers[0]]
    assert tuned.blocks[layers[0]]["qkv"].shape == (384, 3 * 384)
    (out,) = tuned.span_vectors([("Fire hit homes .", [(0, 4)])])
    assert base.used is tuned.blocks and out.shape[0] == 1
    monkeypatch.setattr(coref_vectors, "TUNED_PATH", coref_vectors.TUNED_PATH.with_name("missing.npz"))
    coref_vectors._tuned.cache_clear()
    doc = {"tokens": ["Fire", "."], "mentions": [{"tokens_number": [0]}]}
    assert trigger_vectors([doc], [{"sent": [0, 0], "head": [0, 0], "pos": ["NOUN", "PUNCT"]}], base) == [[None]]
    coref_vectors._tuned.cache_clear()


def test_coref_mpnet_vectors_are_none_without_the_mpnet_packages(monkeypatch):
    from whimbrel.nlp import mpnet

    monkeypatch.setattr(mpnet, "mpnet_available", lambda: False)
    doc = {"tokens": ["Fire", "hit", "."], "mentions": [{"tokens_number": [0]}, {"tokens_number": [1]}]}
    an = {"sent": [0, 0, 0], "head": [1, 1, 1], "pos": ["NOUN", "VERB", "PUNCT"]}
    assert coref_vectors.mpnet_vectors([doc], [an]) == [[None, None]]


def test_coref_mpnet_vectors_are_none_without_the_tuned_mpnet_file(monkeypatch, tmp_path):
    monkeypatch.setattr(coref_vectors, "MPNET_TUNED_PATH", tmp_path / "missing.npz")
    doc = {"tokens": ["Fire", "hit", "."], "mentions": [{"tokens_number": [0]}]}
    an = {"sent": [0, 0, 0], "head": [1, 1, 1], "pos": ["NOUN", "VERB", "PUNCT"]}
    assert coref_vectors.mpnet_vectors([doc], [an]) == [[None]]


def test_coref_shipped_mpnet_encoder_tunes_blocks_8_and_9():
    from whimbrel.nlp.mpnet import load_mpnet, mpnet_available

    if not mpnet_available():
        pytest.skip("no MPNet packages")
    base = load_mpnet()
    tuned = coref_vectors.trigger_encoder(base, coref_vectors.MPNET_TUNED_PATH)
    assert tuned.meta["tuned_layers"] == [7, 8] and tuned.blocks[:7] == base.blocks[:7]
    assert tuned.blocks[8]["qkv"].shape == (768, 3 * 768) and tuned.blocks[8] is not base.blocks[8]
    doc = {"tokens": ["Fire", "hit", "homes", "."], "mentions": [{"tokens_number": [0]}, {"tokens_number": [1]}]}
    an = {"sent": [0, 0, 0, 0], "head": [1, 1, 1, 1], "pos": ["NOUN", "VERB", "NOUN", "PUNCT"]}
    (vecs,) = coref_vectors.mpnet_vectors([doc], [an])
    assert len(vecs) == 2 and vecs[0].shape == (768,) and np.linalg.norm(vecs[1]) == pytest.approx(1.0)
