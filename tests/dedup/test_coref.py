"""Event-mention coreference: features, statistics, the shipped model, clustering (no spaCy model)."""
import math

import numpy as np
import pytest

from whimbrel.dedup.coref import (FEATURES, CorefModel, Mention, PairStats, cluster_mentions, doc_mentions,
                                  feature_matrix, head_index, pair_features)
from whimbrel.dedup.coref_vectors import trigger_vectors


def mention(id, head, group="s", doc="d1", sent=0, pos="VERB", context="", args=(), ents=(), deps=(), vector=None):
    return Mention(id, doc, sent, group, head, pos, head, context, frozenset(args), tuple(ents), deps=tuple(deps),
                   vector=None if vector is None else np.asarray(vector, dtype=float))


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
    a, b = mention("a", "fire", vector=[1.0, 0.0]), mention("b", "fire", doc="d2", vector=[0.6, 0.8])
    row = dict(zip(FEATURES, pair_features(a, b, 0.0, PairStats())))
    assert row["trigger_cosine"] == pytest.approx(0.6)
    assert math.isnan(dict(zip(FEATURES, pair_features(a, mention("c", "fire"), 0.0, PairStats())))["trigger_cosine"])
    model = CorefModel.load()
    assert model.resolve(np.array([pair_features(a, b, 0.0, model.stats)]))[0] is model
    used, x = model.resolve(np.array([pair_features(a, mention("c", "fire"), 0.0, model.stats)]))
    assert used is model.lexical and x.shape == (1, len(FEATURES) - 1) and len(used.coef) == len(FEATURES) - 1
    assert a == mention("a", "fire") and hash(a) == hash(mention("a", "fire"))  # the vector is not compared


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
    (vecs,) = trigger_vectors([doc], [an], enc)
    assert enc.items == [("Fire hit homes .", [(0, 4), (5, 14)]), ("It spread .", [(3, 9)])]
    assert len(vecs) == 3 and np.linalg.norm(vecs[1]) == pytest.approx(1.0)
    assert vecs[1] / vecs[1][2] == pytest.approx([5, 14, 1])
