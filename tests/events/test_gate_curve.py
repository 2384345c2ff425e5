"""scripts/gate_curve.py: wrong events at equal right ones along a gate's threshold curve."""
import numpy as np


def test_wrong_events_are_interpolated_at_equal_right_ones_per_draw(script):
    curve = script("gate_curve")
    # one model, two thresholds, two draws: (right, wrong) (40, 30) -> (20, 10) and (60, 50) -> (40, 20)
    grid = [{"key": [False, 0.1], "draws": [{"tp": 40, "fp": 30}, {"tp": 60, "fp": 50}]},
            {"key": [False, 0.5], "draws": [{"tp": 20, "fp": 10}, {"tp": 40, "fp": 20}]}]
    by_model = curve.curves(grid)
    assert list(by_model) == [(False,)]
    assert np.allclose(curve.wrong_at(by_model[(False,)], [30, 40]), [[20, 30], [20, 20]])   # draw 2 clamps at 30
    assert np.allclose(curve.wrong_at(by_model[(False,)], [50]), [[30], [35]])
