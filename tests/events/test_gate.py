"""The precision gate over the lexicon's events (events/gate.py) with the shipped model files."""
import numpy as np
import pytest

from types import SimpleNamespace

from whimbrel.events.gate import TARGETLESS_MARGIN, Gate, event_floors, gate_events, load_gate
from whimbrel.events.gate_features import VECTOR_DIM, gate_matrix

TEXT = ("Russian forces shelled the Ukrainian city of Kharkiv on Tuesday, killing three civilians. "
        "Egypt urged Ethiopia to resume talks on the dam. It looks like the army is preparing.")


@pytest.fixture
def gated(stage):
    """The session's coder (lexicon alone) with the gate on, as whimbrel runs by default."""
    return stage(use_gate=True)


def lexicon_events(coder, text):
    pipe = coder.nlp.get_pipe("whimbrel_events")
    pipe.use_gate = False
    try:
        doc = coder.nlp(text)
    finally:
        pipe.use_gate = True
    return doc, doc._.events


def test_gate_keeps_a_subset_of_the_lexicon_events_at_its_threshold(gated):
    gate = load_gate()
    assert gate is not None, "data/events/event_gate.{npz,json} missing"
    _, lexicon = lexicon_events(gated, TEXT)
    kept = gated.nlp(TEXT)._.events
    assert {e.trigger.i for e in kept} <= {e.trigger.i for e in lexicon}
    assert all(gate.threshold <= e.confidence <= 1 for e in kept)


def test_gate_min_confidence_replaces_the_threshold(gated):
    doc, events = lexicon_events(gated, TEXT)
    gate = load_gate()
    assert gate_events(doc, events, gated.nlp.get_pipe("whimbrel_events").lexicon, gate, 1.01) == []
    everything = gate_events(doc, events, gated.nlp.get_pipe("whimbrel_events").lexicon, gate, -TARGETLESS_MARGIN)
    assert [e.trigger.i for e in everything] == [e.trigger.i for e in events]


def test_an_event_without_a_target_country_needs_the_margin_over_the_floor():
    person = SimpleNamespace(country=None, sector=None, kind="person")
    un = SimpleNamespace(country=None, sector="IGO", kind="igo")
    egypt = SimpleNamespace(country="EGY", sector="GOV", kind="government")
    events = [SimpleNamespace(target=t) for t in (egypt, un, person, None)]
    floors = event_floors(events, 0.3)
    # a country or an international organisation is a target country, as the event corpus codes it
    assert floors.tolist() == pytest.approx([0.3, 0.3, 0.3 + TARGETLESS_MARGIN, 0.3 + TARGETLESS_MARGIN])


def test_the_gate_drops_a_targetless_event_between_the_two_floors(gated):
    doc = gated.nlp("Thousands of farmers protested in the capital on Monday.")
    pipe = gated.nlp.get_pipe("whimbrel_events")
    gate = load_gate()
    lexicon = lexicon_events(gated, doc.text)[1]
    targetless = [e for e in lexicon if e.target is None]
    assert targetless, "the sentence should give an event with no target"
    conf = float(gate_events(doc, targetless, pipe.lexicon, gate, -TARGETLESS_MARGIN)[0].confidence)
    # kept at a floor it clears by the margin, dropped at one it clears by less (the stored
    # confidence is rounded to 3 places: half a thousandth of slack)
    assert gate_events(doc, targetless, pipe.lexicon, gate, conf - TARGETLESS_MARGIN - 0.0005)
    assert not gate_events(doc, targetless, pipe.lexicon, gate, conf - TARGETLESS_MARGIN / 2)


def test_gate_matrix_has_one_row_per_event_of_one_width(gated):
    doc, events = lexicon_events(gated, TEXT)
    x = gate_matrix(doc, events, gated.nlp.get_pipe("whimbrel_events").lexicon)
    assert events and x.shape[0] == len(events) and x.shape[1] > VECTOR_DIM
    assert gate_matrix(doc, [], None).shape == (0, VECTOR_DIM)


def test_gate_confidence_is_the_calibrated_logistic_probability(tmp_path):
    import json
    path = tmp_path / "gate.npz"
    np.savez(path, mean=np.zeros(2, np.float32), scale=np.ones(2, np.float32), coef=np.array([1.0, -1.0], np.float32),
             bias=np.float32(0.0), calib_x=np.array([0.0, 1.0], np.float32), calib_y=np.array([0.0, 0.5], np.float32))
    path.with_suffix(".json").write_text(json.dumps({"use_vectors": True, "threshold": 0.2}))
    gate = Gate(path)
    x = np.array([[0.0, 0.0], [3.0, -3.0]], np.float32)   # probabilities 0.5 and sigmoid(6)
    assert np.allclose(gate.confidence(x), [0.25, 0.5 / (1 + np.exp(-6))])


def test_gate_missing_files_mean_no_gate(tmp_path):
    assert load_gate(tmp_path / "none.npz") is None


@pytest.mark.parametrize("extra", [["--learned"], ["--min-confidence", "0.3"]])
def test_run_lexicon_only_refuses_a_stage_or_a_floor_before_loading(tmp_path, extra):
    from typer.testing import CliRunner

    from whimbrel.cli import app
    result = CliRunner().invoke(app, ["run", str(tmp_path), "--db", str(tmp_path / "e.duckdb"), "--lexicon-only", *extra])
    assert result.exit_code == 2 and "[E600]" in result.output


@pytest.mark.parametrize("extra", [["--learned"], ["--lexicon-only"]])
def test_run_records_refuses_a_stage_without_the_gate_before_loading(tmp_path, extra):
    from typer.testing import CliRunner

    from whimbrel.cli import app
    result = CliRunner().invoke(app, ["run", str(tmp_path), "--db", str(tmp_path / "e.duckdb"), "--records", *extra])
    assert result.exit_code == 2 and "[E601]" in result.output


def test_record_mode_keeps_the_most_probable_event_only_when_none_reaches_the_floor(gated):
    doc, events = lexicon_events(gated, TEXT)
    lexicon = gated.nlp.get_pipe("whimbrel_events").lexicon
    gate = load_gate()
    probabilities = [e.confidence for e in gate_events(doc, events, lexicon, gate, -TARGETLESS_MARGIN)]
    top = gate_events(doc, events, lexicon, gate, 1.01, keep_top=True)   # nothing reaches 1.01
    assert len(top) == 1 and top[0].confidence == max(probabilities)
    assert top[0].trigger.i == events[probabilities.index(max(probabilities))].trigger.i
    # when events reach the floor, record mode changes nothing
    assert gate_events(doc, events, lexicon, gate, 0.0, keep_top=True) == gate_events(doc, events, lexicon, gate, 0.0)
    assert gate_events(doc, [], lexicon, gate, 1.01, keep_top=True) == []


def test_record_mode_is_a_pipeline_option(gated):
    pipe = gated.nlp.get_pipe("whimbrel_events")
    text = "It looks like the army is preparing."
    pipe.min_confidence, pipe.records = 1.01, True
    try:
        kept = gated.nlp(text)._.events
    finally:
        pipe.min_confidence, pipe.records = None, False
    assert len(kept) <= 1 and len(kept) == len(lexicon_events(gated, text)[1][:1])


def test_coder_record_mode_switches_the_stage_and_its_workers_for_the_block(gated):
    pipe = gated.nlp.get_pipe("whimbrel_events")
    with gated.record_mode() as coder:
        assert pipe.records and coder.loader().records
    assert not pipe.records and not gated.loader().records


def test_gating_only_the_events_that_could_pass_keeps_what_reading_all_would(gated):
    # gate_events encodes only events whose upper confidence reaches their floor; reading every
    # event's trigger columns must keep the same events with the same confidences
    from whimbrel.events.gate import trigger_columns
    gate = load_gate()
    if not gate.trigger_columns:
        pytest.skip("the shipped gate reads no trigger columns")
    doc, events = lexicon_events(gated, TEXT + " Protesters marched on the ministry and police fired tear gas.")
    lexicon = gated.nlp.get_pipe("whimbrel_events").lexicon
    full = gate.confidence(np.hstack([gate_matrix(doc, events, lexicon), trigger_columns(events)]))
    for floor in (0.05, 0.3, 0.5):
        kept = gate_events(doc, events, lexicon, gate, floor)
        expected = [(e.trigger.i, round(float(c), 3)) for e, c, f in zip(events, full, event_floors(events, floor))
                    if c >= f]
        assert [(e.trigger.i, e.confidence) for e in kept] == expected
