"""scripts/roles_unseen_rounds.py: a role model's figures per annotation round."""


def test_each_round_counts_its_own_scored_events(script):
    rounds = script("roles_unseen_rounds")
    # no candidates (probabilities None): nothing named, right only where the gold names nothing
    data = [{"added": False, "scored": True, "gold": (None, None)},
            {"added": True, "scored": True, "gold": ("FRA", None)},
            {"added": True, "scored": False, "gold": (None, None)}]   # not scored: not counted
    out = rounds.by_round(data, [None, None, None], (1.0, 1.0))
    assert (out["first"]["n"], out["first"]["source_country"], out["first"]["target_country"]) == (1, 1.0, 1.0)
    assert (out["added"]["n"], out["added"]["source_country"], out["added"]["target_precision"]) == (1, 0.0, None)
