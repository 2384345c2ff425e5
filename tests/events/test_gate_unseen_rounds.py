"""scripts/gate_unseen_rounds.py: a gate's kept events scored per annotation round."""


def test_each_round_keeps_its_own_events_above_the_threshold(script):
    rounds = script("gate_unseen_rounds")
    agree = {"type": "AGREE", "source_code": "FRA", "target_code": "DEU"}
    first = {"events": [agree]}
    added = {"added": "2026-12-03", "events": []}
    synthetic = {"added": "2026-12-03", "synthetic": True, "events": []}
    right, wrong = ("AGREE", "FRA", "DEU"), ("ASSAULT", "FRA", None)
    sentences = [(first, [0, 1], None), (added, [2, 3], None), (synthetic, [4], None)]
    triples = [right, wrong, wrong, wrong, wrong]
    conf = [0.9, 0.1, 0.8, 0.2, 0.9]
    # first: the right event kept, the wrong one under the threshold; added: one wrong event kept;
    # the synthetic sentence is not counted
    assert rounds.precision_by_round(sentences, triples, conf, 0.3) == {"first": (1.0, 1, 0), "added": (0.0, 0, 1)}


def test_a_targetless_floor_drops_only_events_without_a_target_below_it(script):
    rounds = script("gate_unseen_rounds")
    triples = [("AGREE", "FRA", "DEU"), ("ASSAULT", "FRA", None), ("ASSAULT", "FRA", None), None]
    conf = [0.35, 0.35, 0.5, 0.9]
    assert rounds.targetless_floored(triples, conf, 0.4) == [0.35, 0.0, 0.5, 0.9]
    assert rounds.targetless_floored(triples, conf, 1.01) == [0.35, 0.0, 0.0, 0.9]
