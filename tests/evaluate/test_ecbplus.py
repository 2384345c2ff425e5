"""ECB+ helpers on tiny inline documents: detokenising, story clustering, mention chains."""
import json

import pytest

from whimbrel.evaluate import ecbplus as e


def test_ecbplus_detokenize_offsets_point_at_tokens():
    tokens = ["The", "quake", "(", "magnitude", "6", ")", "hit", "Chile", "'s", "coast", "."]
    text, offsets = e.detokenize(tokens)
    assert text == "The quake (magnitude 6) hit Chile's coast."
    assert [text[a:b] for a, b in offsets] == tokens


@pytest.mark.parametrize("word,lemma", [
    ("Killings", "kill"), ("arrested", "arrest"), ("shot", "shot"), ("studies", "study"), ("stopped", "stop"),
    ("press", "press"), ("fired", "fir"), ("quake", "quake"),
])
def test_ecbplus_crude_lemma(word, lemma):
    assert e.crude_lemma(word) == lemma


def test_ecbplus_average_link_cuts_at_threshold():
    sim = [[1.0, 0.9, 0.1, 0.0],
           [0.9, 1.0, 0.2, 0.1],
           [0.1, 0.2, 1.0, 0.8],
           [0.0, 0.1, 0.8, 1.0]]
    labels = e.average_link(sim, 0.5)
    assert labels[0] == labels[1] and labels[2] == labels[3] and labels[0] != labels[2]
    assert len(set(e.average_link(sim, 0.05))) == 1   # mean 0.1 between the pairs >= 0.05
    assert len(set(e.average_link(sim, 0.95))) == 4
    assert e.average_link([[1.0]], 0.5) == [0]


def test_ecbplus_tune_threshold_finds_a_perfect_cut():
    sim = [[1.0, 0.9, 0.1], [0.9, 1.0, 0.2], [0.1, 0.2, 1.0]]
    threshold, f1 = e.tune_threshold(sim, ["a", "a", "b"], grid=[0.05, 0.5, 0.95])
    assert (threshold, f1) == (0.5, 1.0)


def doc(doc_id, story, tokens, mentions):
    return {"doc_id": doc_id, "story": story, "topic": "1", "tokens": tokens,
            "mentions": [{"id": f"{doc_id}_{i}", "sent_id": 0, "tokens_number": idx,
                          "text": " ".join(tokens[j] for j in idx), "cluster": c}
                         for i, (idx, c) in enumerate(mentions)]}


DOCS = [
    doc("d1", "1ecb", ["Police", "arrested", "a", "man", "after", "the", "shooting"], [([1], "ARR"), ([6], "SHOT")]),
    doc("d2", "1ecb", ["The", "man", "was", "arrest", "on", "Monday"], [([3], "ARR")]),
    doc("d3", "1ecbplus", ["Another", "man", "was", "arrested"], [([3], "ARR2")]),
]


def test_ecbplus_mention_chains_same_key_within_story():
    gold, pred = e.mention_chains(DOCS, ["s1", "s1", "s2"])
    assert sorted(map(sorted, gold)) == [["d1_0", "d2_0"], ["d1_1"], ["d3_0"]]
    assert sorted(map(sorted, pred)) == sorted(map(sorted, gold))
    assert e.coref_scores(gold, pred)["conll_f1"] == pytest.approx(1.0)
    # one predicted story: the two arrests of different stories merge
    _, merged = e.mention_chains(DOCS, ["s", "s", "s"])
    assert ["d1_0", "d2_0", "d3_0"] in map(sorted, merged)


def test_ecbplus_coded_features_and_jaccard():
    from whimbrel.models import ActorMention, CodedDocument, DateValue, Document

    c = CodedDocument(Document("d", "x"),
                      mentions=[ActorMention("d", 0, 1, "x", None, "Chile", "CHL", "GOV", "GPE", "dict")],
                      dates=[DateValue("Monday", 0, 1, "2009-03-02", "day")])
    assert e.coded_features(c) == {"name:Chile", "date:2009-03"}
    assert e.coded_features(c, kinds=("name", "country", "date")) == {"name:Chile", "country:CHL", "date:2009-03"}
    sim = e.jaccard_similarity([{"a", "b"}, {"b", "c"}, set()])
    assert sim[0][1] == pytest.approx(1 / 3) and sim[0][2] == 0.0 and sim[2][2] == 1.0


def test_ecbplus_run_without_coder(tmp_path):
    texts = {"quake": "A strong earthquake struck the coast of Chile on Monday , killing dozens .",
             "flood": "Heavy floods swept through villages in Bangladesh after monsoon rains ."}
    lines = []
    for i in range(4):
        story = "quake" if i % 2 == 0 else "flood"
        tokens = texts[story].split() + [f"extra{i}"]
        lines.append(json.dumps(doc(f"d{i}", story, tokens, [([2], f"C{story}")])))
    path = tmp_path / "dev.jsonl"
    path.write_text("\n".join(lines) + "\n")
    res = e.run_ecbplus(path, settings=e.StorySettings(threshold=0.3))
    assert res["n_docs"] == 4
    assert res["b3_f1"] == pytest.approx(1.0) and res["ari"] == pytest.approx(1.0)
    assert res["conll_f1"] == pytest.approx(1.0)
