"""Event-mention coreference: features, statistics, the shipped model, clustering (no spaCy model)."""
import pytest

from whimbrel.dedup.coref import (FEATURES, CorefModel, Mention, PairStats, cluster_mentions, doc_mentions,
                                  feature_matrix, head_index, pair_features)


def mention(id, head, group="s", doc="d1", sent=0, pos="VERB", context="", args=(), ents=(), deps=()):
    return Mention(id, doc, sent, group, head, pos, head, context, frozenset(args), tuple(ents), deps=tuple(deps))


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
