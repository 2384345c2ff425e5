"""Bench corpus loading, the RSS sampler, and run_bench with stand-ins (no model needed)."""
import json

import pytest
import spacy

from whimbrel.evaluate import bench


def test_bench_bundled_corpus_is_full_length_news():
    texts, source = bench.load_corpus()
    assert source.startswith("bundled:") and "voa" in source and len(texts) == 73
    assert sum(len(t.split()) for t in texts) / len(texts) > 400


def test_bench_corpus_from_ecbplus_data_dir_rebuilds_text(tmp_path):
    (tmp_path / "ecbplus").mkdir()
    (tmp_path / "ecbplus" / "dev.jsonl").write_text(json.dumps({"tokens": ["A", "quake", "hit", "."]}) + "\n")
    texts, _ = bench.load_corpus(data_dir=tmp_path)
    assert texts == ["A quake hit."]


@pytest.mark.parametrize("name,content,expected", [
    ("c.jsonl", '{"text": "one"}\n{"text": "two"}\n', ["one", "two"]),
    ("c.txt", "one para\n\nsecond para\n", ["one para", "second para"]),
])
def test_bench_corpus_files_and_cycling(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_text(content)
    assert bench.load_corpus(corpus=path)[0] == expected
    assert bench.load_corpus(corpus=path, n_docs=5)[0] == (expected * 3)[:5]


def test_bench_rss_sampler_sees_this_process():
    with bench.RssSampler(interval=0.01) as rss:
        _ = [0] * 100_000
    summary = rss.summary()
    assert summary["peak_rss_mb"] > 1 and summary["peak_rss_worker_mb"] is None


class FakeCoder:
    base_model_name = "blank-en"


def test_bench_run_with_stand_ins(monkeypatch):
    monkeypatch.setattr(spacy, "load", lambda name: spacy.blank("en"))
    monkeypatch.setattr(bench, "_whimbrel_run", lambda coder, texts, n, db, bs: len(texts))
    res = bench.run_bench(["one two three", "four five"], 1, coder=FakeCoder())
    assert (res["docs"], res["words"]) == (2, 5)
    for key in ("bare_words_per_s", "whimbrel_words_per_s", "ratio", "peak_rss_mb"):
        assert res[key] > 0


def test_the_steady_rate_leaves_out_the_first_round_of_batches():
    from whimbrel.evaluate.bench_engines import steady_rate

    texts = ["one two", "three four five", "six", "seven eight"]
    # the first round (2 documents) took 10 s of start-up; then 3 words in 2 s
    assert steady_rate(texts, [10.0, 10.0, 11.0, 12.0], first_round=2) == 1.5
    assert steady_rate(texts, [10.0, 10.0, 11.0, 12.0], first_round=3) is None  # one document left
    assert steady_rate(texts, [10.0, 11.0], first_round=1) is None  # not every document arrived
