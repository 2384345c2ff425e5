"""The trigger typer (events/typer.py): its file, its relabelling rule, and the gate's typer columns."""
import json

import numpy as np
import pytest

from whimbrel.events.gate import gate_events, load_gate
from whimbrel.events.learned_features import DEPS, LABELS, TAGS
from whimbrel.events.typer import TYPER_PATH, Typer, TyperError, load_typer, typed_events

PARSE_WIDTH = len(DEPS) + 1 + len(TAGS) + 1 + 7   # typer_features.parse_features
TEXT = "The prime minister criticised the opposition leader for the strike. Egypt urged Ethiopia to resume talks."


class FlatEncoder:
    """Stands in for MiniLM: every trigger gets the same vector, so only the bias decides."""

    def lower_span_vectors(self, items, blocks, store):
        return [np.zeros((len(spans), 384), dtype=np.float32) for _, spans in items]


def write_typer(path, favourite: str, margin: float, width: int = 384 + len(LABELS) + PARSE_WIDTH) -> None:
    bias = np.full(len(LABELS), -5.0, np.float32)
    bias[LABELS.index(favourite)] = 5.0
    np.savez(path, mean=np.zeros(width, np.float32), scale=np.ones(width, np.float32),
             coef=np.zeros((width, len(LABELS)), np.float16), bias=bias,
             meta=np.array(json.dumps({"labels": list(LABELS), "margin": margin, "blocks": 3})))


def lexicon_events(coder, text):
    doc = coder.nlp(text)   # the session's coder: the lexicon's events, no gate
    assert doc._.events, "the lexicon found no event in the test text"
    return doc, doc._.events


def test_a_confident_typer_relabels_the_lexicon_event_and_says_so(coder, tmp_path):
    write_typer(tmp_path / "t.npz", "ACCUSE", margin=0.5)
    doc, events = lexicon_events(coder, TEXT)
    out, cols = typed_events(doc, events, Typer(tmp_path / "t.npz", encoder=FlatEncoder()))
    assert [e.match.plover for e in out] == ["ACCUSE"] * len(events)
    relabelled = [e for e, before in zip(out, events) if before.match.plover != "ACCUSE"]
    assert relabelled and all("trigger typer" in e.notes[-1] for e in relabelled)
    assert cols.shape == (len(events), 3) and np.allclose(cols[:, 1], cols[:, 1].max()) and np.all(cols[:, 2] == 1)


def test_a_typer_within_its_margin_leaves_the_lexicon_type(coder, tmp_path):
    write_typer(tmp_path / "t.npz", "ACCUSE", margin=1.01)   # no probability gap reaches 1.01
    doc, events = lexicon_events(coder, TEXT)
    out, _ = typed_events(doc, events, Typer(tmp_path / "t.npz", encoder=FlatEncoder()))
    assert [e.match.plover for e in out] == [e.match.plover for e in events]


def test_a_typer_of_other_labels_or_shapes_is_refused_with_its_code(tmp_path):
    write_typer(tmp_path / "t.npz", "ACCUSE", margin=0.2)
    with np.load(tmp_path / "t.npz") as data:
        arrays = dict(data)
    np.savez(tmp_path / "bad.npz", **{**arrays, "coef": arrays["coef"][:, :5]})
    with pytest.raises(TyperError, match=r"\[E630\]"):
        Typer(tmp_path / "bad.npz", encoder=FlatEncoder())
    (tmp_path / "junk.npz").write_bytes(b"not a zip")
    with pytest.raises(TyperError, match=r"\[E630\]"):
        Typer(tmp_path / "junk.npz", encoder=FlatEncoder())


def test_no_typer_file_means_no_typer(tmp_path):
    assert load_typer(tmp_path / "none.npz") is None


def test_the_shipped_gate_reads_the_shipped_typers_columns_or_their_mean_without_it(coder):
    gate = load_gate()
    assert gate is not None and gate.typer_columns == 3 and TYPER_PATH.is_file()
    doc, events = lexicon_events(coder, TEXT)
    lexicon = coder.nlp.get_pipe("whimbrel_events").lexicon
    without = gate_events(doc, events, lexicon, gate, 0.0)   # typer columns at their train mean
    assert [e.trigger.i for e in without] == [e.trigger.i for e in events]


@pytest.mark.slow
def test_the_shipped_typer_keeps_its_encoder_states_for_the_factuality_stage(coder):
    from whimbrel.modality.tuned import TunedFactuality
    from whimbrel.nlp.encoder import LOWER_KEY
    typer = load_typer()
    doc, events = lexicon_events(coder, TEXT)
    doc.user_data.pop(LOWER_KEY, None)
    out, cols = typed_events(doc, events, typer)
    assert len(out) == len(events) and np.all((cols[:, :2] >= 0) & (cols[:, :2] <= 1))
    assert {n for n, _ in doc.user_data[LOWER_KEY]} == {3}
    tuned = TunedFactuality()
    reused = tuned.log_probs([e.trigger for e in events], "uw")
    doc.user_data.pop(LOWER_KEY)
    fresh = tuned.log_probs([e.trigger for e in events], "uw")
    assert np.abs(reused - fresh).max() < 1e-3


def test_the_gate_skips_the_typer_only_for_events_no_typer_output_could_keep(tmp_path):
    from whimbrel.events.gate import Gate
    path = tmp_path / "gate.npz"   # two gate features, then the typer's three columns
    np.savez(path, mean=np.array([0, 0, 0.5, 0.4, 1], np.float32), scale=np.array([1, 1, 0.3, 0.3, 1], np.float32),
             coef=np.array([1.0, -1.0, -0.8, 0.9, 0.0], np.float32), bias=np.float32(-1.0),
             calib_x=np.array([0.0, 1.0], np.float32), calib_y=np.array([0.0, 1.0], np.float32))
    path.with_suffix(".json").write_text(json.dumps({"use_vectors": True, "threshold": 0.3, "typer_columns": 3}))
    gate = Gate(path)
    x = np.random.default_rng(0).normal(size=(200, 2)).astype(np.float32)
    grid = [(a, b) for a in np.linspace(0, 1, 21) for b in np.linspace(0, 1, 21) if a + b <= 1]
    best = np.max([gate.confidence(np.hstack([x, np.tile([a, b, 1.0], (len(x), 1))])) for a, b in grid], axis=0)
    assert np.array_equal(gate.reachable(x, 0.3), best >= 0.3)
    assert 0 < gate.reachable(x, 0.3).sum() < len(x)


@pytest.mark.slow
def test_the_default_run_path_types_with_the_typer_and_frees_its_encoder_states():
    from whimbrel.coder import Coder
    from whimbrel.nlp.encoder import LOWER_KEY
    coder = Coder.load()   # the default stage: roles, typer, gate, tuned factuality
    doc = coder.nlp("Egypt urged Ethiopia to resume talks on the dam. The minister criticised the army's "
                    "new budget. Heavy rain fell on the capital on Monday.")
    assert LOWER_KEY not in doc.user_data   # kept for the factuality stage, then dropped
    gate = load_gate()
    assert all(e.confidence >= gate.threshold for e in doc._.events)
