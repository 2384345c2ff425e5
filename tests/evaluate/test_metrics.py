"""Every metric on tiny inputs whose scores were worked out by hand."""
import math

import pytest

from whimbrel.evaluate import metrics as m


def approx(x):
    return pytest.approx(x, abs=1e-9)


@pytest.mark.parametrize("gold,pred,acc", [
    (["A", "B", "C"], ["A", "B", "C"], 1.0),
    (["A", "B"], ["B", "A"], 0.0),
    (["A", "B", "A", "C"], ["A", None, "B", "C"], 0.5),
    ([], [], 0.0),
])
def test_metrics_accuracy(gold, pred, acc):
    assert m.accuracy(gold, pred) == approx(acc)


def test_metrics_accuracy_rejects_unaligned():
    with pytest.raises(ValueError, match="E900"):
        m.accuracy(["A"], [])


def test_metrics_per_class_and_macro_f1_by_hand():
    gold = ["A", "A", "B", "B"]
    pred = ["A", "B", "B", None]
    # A: tp1 fp0 fn1 -> P1 R.5 F 2/3 ; B: tp1 fp1 fn1 -> P.5 R.5 F.5
    scores = m.per_class_prf(gold, pred)
    assert scores["A"] == {"precision": 1.0, "recall": 0.5, "f1": approx(2 / 3), "support": 2}
    assert scores["B"]["f1"] == approx(0.5)
    assert m.macro_f1(gold, pred) == approx((2 / 3 + 0.5) / 2)


@pytest.mark.parametrize("gold,pred,f1", [
    (["A", "B", "B"], ["A", "B", "B"], 1.0),
    (["A", "A"], ["B", "B"], 0.0),
    (["A", "B"], [None, None], 0.0),
])
def test_metrics_macro_f1_perfect_and_zero(gold, pred, f1):
    assert m.macro_f1(gold, pred) == approx(f1)


def test_metrics_macro_f1_fixed_labels_count_absent_classes():
    assert m.macro_f1(["A"], ["A"], labels=["A", "B"]) == approx(0.5)


def test_metrics_confusion_matrix_keys_missing_prediction_as_none():
    conf = m.confusion_matrix(["A", "A", "B"], ["A", None, "A"])
    assert conf == {"A": {"A": 1, "NONE": 1}, "B": {"A": 1}}


@pytest.mark.parametrize("x,y,r", [
    ([1, 2, 3], [3, 5, 7], 1.0),
    ([1, 2, 3], [3, 2, 1], -1.0),
    ([1, 2, 3], [1, 0, 1], 0.0),
    # dx = [-1.5, -.5, .5, 1.5], dy = [-1.5, .5, -.5, 1.5] -> sxy = 4, sxx = syy = 5, r = 4/5
    ([1, 2, 3, 4], [1, 3, 2, 4], 0.8),
])
def test_metrics_pearson_r(x, y, r):
    assert m.pearson_r(x, y) == approx(r)


@pytest.mark.parametrize("x,y", [([1, 1, 1], [1, 2, 3]), ([1], [2])])
def test_metrics_pearson_r_undefined_is_nan(x, y):
    assert math.isnan(m.pearson_r(x, y))


# --- clustering -----------------------------------------------------------------------------------

KEY = [{"a", "b", "c"}, {"d", "e"}]


def test_metrics_bcubed_perfect_and_zero():
    assert m.bcubed(KEY, KEY) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert m.bcubed(KEY, []) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert m.bcubed(KEY, [{"x", "y"}])["f1"] == 0.0


def test_metrics_bcubed_by_hand():
    # response merges everything: recall 1; precision per mention 3/5 (a,b,c) and 2/5 (d,e) -> 13/25
    s = m.bcubed(KEY, [{"a", "b", "c", "d", "e"}])
    assert s["recall"] == approx(1.0)
    assert s["precision"] == approx(13 / 25)
    assert s["f1"] == approx(2 * (13 / 25) / (1 + 13 / 25))


def test_metrics_bcubed_labels_story_clustering():
    # gold {0,1},{2}; pred all in one: recall 1, precision (2/3+2/3+1/3)/3 = 5/9
    s = m.bcubed_labels(["s1", "s1", "s2"], [7, 7, 7])
    assert (s["precision"], s["recall"]) == (approx(5 / 9), approx(1.0))


def test_metrics_muc_perfect_zero_and_by_hand():
    assert m.muc(KEY, KEY)["f1"] == approx(1.0)
    singletons = [{x} for x in "abcde"]
    assert m.muc(KEY, singletons) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    # response {a,b} {c,d,e}: recall = ((3-2)+(2-1))/((3-1)+(2-1)) = 2/3;
    # precision = ((2-1)+(3-2))/((2-1)+(3-1)) = 2/3
    s = m.muc(KEY, [{"a", "b"}, {"c", "d", "e"}])
    assert (s["precision"], s["recall"]) == (approx(2 / 3), approx(2 / 3))


def test_metrics_muc_missing_response_mentions_are_singletons():
    # key {a,b,c}; response {a,b} only: recall (3-2)/2 = 1/2, precision (2-1)/1 = 1
    s = m.muc([{"a", "b", "c"}], [{"a", "b"}])
    assert (s["precision"], s["recall"]) == (approx(1.0), approx(0.5))


def test_metrics_ceaf_e_perfect_zero_and_by_hand():
    assert m.ceaf_e(KEY, KEY)["f1"] == approx(1.0)
    assert m.ceaf_e(KEY, [{"x"}, {"y", "z"}])["f1"] == approx(0.0)
    assert m.ceaf_e(KEY, [])["f1"] == 0.0
    # response {a,b} {c,d,e}: phi4 matrix [[4/5, 2/6],[0, 4/5]] -> best 8/5; R = 0.8, P = 0.8
    s = m.ceaf_e(KEY, [{"a", "b"}, {"c", "d", "e"}])
    assert (s["precision"], s["recall"], s["f1"]) == (approx(0.8), approx(0.8), approx(0.8))


def test_metrics_ceaf_e_aligns_each_response_entity_once():
    key = [{"a", "b"}, {"c"}]
    resp = [{"a", "b", "c"}]
    # only one response entity: best is phi4({a,b},{a,b,c}) = 4/5; R = 0.4, P = 0.8
    s = m.ceaf_e(key, resp)
    assert (s["precision"], s["recall"]) == (approx(0.8), approx(0.4))


def test_metrics_conll_f1_is_mean_of_three():
    resp = [{"a", "b"}, {"c", "d", "e"}]
    s = m.conll_f1(KEY, resp)
    assert s["conll_f1"] == approx((s["muc"]["f1"] + s["bcubed"]["f1"] + s["ceaf_e"]["f1"]) / 3)
    assert m.conll_f1(KEY, KEY)["conll_f1"] == approx(1.0)
    assert m.conll_f1(KEY, [])["conll_f1"] == approx(0.0)


def test_metrics_mention_in_two_clusters_is_an_error():
    with pytest.raises(ValueError, match="E901"):
        m.bcubed(KEY, [{"a"}, {"a", "b"}])


@pytest.mark.parametrize("gold,pred,ari", [
    ([0, 0, 1, 1], [5, 5, 7, 7], 1.0),          # same partition, other names
    ([0, 0, 1, 1], [0, 0, 0, 0], 0.0),          # tp2 fp4 fn0 tn0 -> 2*(0-0)/... = 0
    ([0, 0, 1, 1], [0, 1, 0, 1], -0.5),         # tp0 fp2 fn2 tn2 -> 2*(0-4)/(2*4+2*4)
    ([0, 1, 2], [0, 1, 2], 1.0),                # all singletons, degenerate but identical
    # tp1 fp0 fn2 tn3: 2*(3-0)/((3)(5)+(1)(3)) = 6/18
    ([0, 0, 0, 1], [0, 0, 1, 2], 1 / 3),
])
def test_metrics_adjusted_rand_index(gold, pred, ari):
    assert m.adjusted_rand_index(gold, pred) == approx(ari)


def test_metrics_ari_agrees_with_sklearn():
    sk = pytest.importorskip("sklearn.metrics")
    gold = [0, 0, 0, 1, 1, 2, 2, 2, 2, 3]
    pred = [1, 1, 0, 0, 2, 2, 2, 3, 3, 3]
    assert m.adjusted_rand_index(gold, pred) == approx(sk.adjusted_rand_score(gold, pred))


def test_metrics_clean_json_drops_nan():
    assert m.clean_json({"a": math.nan, "b": (1.0, math.inf)}) == {"a": None, "b": [1.0, None]}
