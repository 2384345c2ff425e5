"""PLOVER gold-record scoring: code normalisation, top event, accuracies (no model needed)."""
import pytest

from whimbrel.evaluate import plover_gsr as pg
from whimbrel.models import ActorRef, CodedDocument, Document, Event, Evidence


@pytest.mark.parametrize("code,norm", [
    ("JAP", "JPN"), ("JAPGOV", "JPN"), ("ITL", "ITA"), ("VTN", "VNM"), ("UKG", "GBR"),
    ("USA", "USA"), ("usaGOV", "USA"), ("IGO", "IGO"), ("IGOUNO", "IGOUNO"), ("NGO", "NGO"),
    ("", None), (None, None),
])
def test_plover_gsr_normalise_code(code, norm):
    assert pg.normalise_code(code) == norm


def test_plover_gsr_code_table_keys_are_not_current_iso_codes():
    codes, nonstate = pg.load_code_table()
    assert "JAP" in codes and "IGO" in nonstate
    assert not set(codes) & set(codes.values())


@pytest.mark.parametrize("pred,sector,gold,ok", [
    ("JPN", None, [{"code": "JAP"}], True),
    ("USA", None, [{"code": "HUN"}, {"code": "USA"}], True),    # any gold actor
    ("FRA", None, [{"code": "HUN"}, {"code": "USA"}], False),
    (None, None, [], True),                                     # empty gold target wants None
    ("USA", None, [], False),
    (None, None, [{"code": "USA"}], False),
    ("IGOUNO", None, [{"code": "IGO"}], True),                  # bare IGO accepts any IGO code
    (None, "IGO", [{"code": "IGO"}], True),
    ("IGOUNO", None, [{"code": "IGOEUR"}], False),              # full codes compare as-is
])
def test_plover_gsr_actor_right(pred, sector, gold, ok):
    assert pg.actor_right(pred, gold, sector) is ok


def test_plover_gsr_load_records_turns_stray_strings_into_empty_lists(tmp_path):
    f = tmp_path / "gsr.jsonl"
    f.write_text('{"text": "t", "event": "AGREE", "source": [{"code": "USA"}], "target": ""}\n\n'
                 '{"text": "u", "event": "AGREE", "source": [], "target": "diplomatic"}\n')
    recs = pg.load_records(f)
    assert [r["target"] for r in recs] == [[], []]
    assert len(pg.load_records(f, limit=1)) == 1


def _event(eid, etype, start, conf, src="USA", tgt=None):
    return Event(eid, "d", etype, ActorRef(src, src, src, "GOV") if src else None,
                 ActorRef(tgt, tgt, tgt, None) if tgt else None, Evidence("s", start, start + 1),
                 confidence=conf)


def test_plover_gsr_top_event_is_most_confident_then_first():
    doc = Document("d", "x")
    coded = CodedDocument(doc, events=[_event("late", "AGREE", 50, 0.9), _event("early", "ASSAULT", 5, 0.9),
                                       _event("weak", "AID", 0, 0.3)])
    assert pg.top_event(coded).event_id == "early"
    assert pg.top_event(CodedDocument(doc)) is None


def rec(event, src, tgt, mode=None):
    return {"event": event, "mode": mode, "source": [{"code": c} for c in src],
            "target": [{"code": c} for c in tgt]}


def pred(event, src, tgt=None, mode=None):
    return {"event_type": event, "source_country": src, "target_country": tgt, "mode": mode}


def test_plover_gsr_score_records_by_hand():
    records = [rec("AGREE", ["USA", "JOR"], []),
               rec("ASSAULT", ["ISR"], ["PSE"], mode="explosives"),
               rec("PROTEST", ["JAP"], ["USA"], mode="demo-org"),
               rec("ACCUSE", ["RUS"], ["UKR"])]
    preds = [pred("AGREE", "JOR"),                      # type, source (any), target (empty gold) right
             pred("ASSAULT", "ISR", "LBN", "explosives"),  # target wrong, mode right
             pred("ACCUSE", "JPN", "USA", "demo-spon"),   # type wrong, JAP = JPN, mode wrong
             None]                                        # nothing predicted: all wrong
    res = pg.score_records(records, preds)
    assert res["n"] == 4 and res["events_predicted"] == 3
    assert res["event_type_accuracy"] == pytest.approx(0.5)
    assert res["source_accuracy"] == pytest.approx(0.75)
    assert res["target_accuracy"] == pytest.approx(0.5)
    assert (res["mode_n"], res["mode_accuracy"]) == (2, pytest.approx(0.5))
    # per class F1: AGREE 1, ASSAULT 1, PROTEST 0 (fn), ACCUSE 0 (fp + fn) -> macro 0.5
    assert res["macro_f1"] == pytest.approx(0.5)
    assert res["confusion"]["ACCUSE"] == {"NONE": 1}
    assert res["confusion"]["PROTEST"] == {"ACCUSE": 1}


def test_plover_gsr_score_records_perfect():
    records = [rec("AGREE", ["USA"], ["JOR"]), rec("AID", ["IGO"], [])]
    preds = [pred("AGREE", "USA", "JOR"), pred("AID", "IGOUNO", None)]
    res = pg.score_records(records, preds)
    assert (res["event_type_accuracy"], res["source_accuracy"], res["target_accuracy"], res["macro_f1"]) == \
        (1.0, 1.0, 1.0, 1.0)
    assert res["mode_accuracy"] is None


class FakeCoder:
    """Codes every text as one AGREE event from the first word's country code (a test double)."""

    def code_many(self, documents, n_process=1):
        for doc in documents:
            src = doc.text.split()[0]
            yield CodedDocument(doc, events=[_event("e", "AGREE", 0, 0.5, src=src)])


def test_plover_gsr_run_with_a_fake_coder(tmp_path, monkeypatch):
    import whimbrel.evaluate.plover_gsr as mod

    monkeypatch.setattr(mod, "_documents", lambda records: (Document(str(i), r["text"]) for i, r in
                                                              enumerate(records)))
    f = tmp_path / "gsr.jsonl"
    f.write_text('{"text": "USA agrees", "date": "2000-01-01", "event": "AGREE", "source": [{"code": "USA"}], '
                 '"target": []}\n{"text": "FRA attacks", "date": "2000-01-01", "event": "ASSAULT", '
                 '"source": [{"code": "FRA"}], "target": [{"code": "DEU"}]}\n')
    res = pg.run_plover_gsr(f, FakeCoder())
    assert res["n"] == 2
    assert res["event_type_accuracy"] == 0.5 and res["source_accuracy"] == 1.0 and res["target_accuracy"] == 0.5


class ModalCoder(FakeCoder):
    """Codes nothing by default and the fake AGREE in record mode."""

    def __init__(self):
        self.records = False

    def code_many(self, documents, n_process=1):
        for coded in super().code_many(documents, n_process):
            yield coded if self.records else CodedDocument(coded.document, events=[])

    def record_mode(self):
        from contextlib import contextmanager

        @contextmanager
        def on():
            self.records = True
            try:
                yield self
            finally:
                self.records = False
        return on()


def test_plover_gsr_scores_record_mode_and_keeps_the_default_beside_it(tmp_path, monkeypatch):
    import whimbrel.evaluate.plover_gsr as mod

    monkeypatch.setattr(mod, "_documents", lambda records: (Document(str(i), r["text"]) for i, r in
                                                              enumerate(records)))
    f = tmp_path / "gsr.jsonl"
    f.write_text('{"text": "USA agrees", "date": "2000-01-01", "event": "AGREE", "source": [{"code": "USA"}], '
                 '"target": []}\n')
    coder = ModalCoder()
    res = pg.run_plover_gsr(f, coder)
    assert res["mode"] == "records" and res["event_type_accuracy"] == 1.0 and res["events_predicted"] == 1
    assert res["default_mode"]["event_type_accuracy"] == 0.0 and res["default_mode"]["events_predicted"] == 0
    assert coder.records is False


def test_plover_gsr_compound_source_matches_a_symmetric_pair():
    from whimbrel.evaluate.plover_gsr import target_right
    record = {"source": [{"code": "HUN"}, {"code": "ROU"}], "target": []}
    assert target_right(record, {"source_country": "HUN", "target_country": "ROU"})
    assert target_right(record, {"source_country": "HUN", "target_country": None})
    assert not target_right(record, {"source_country": "HUN", "target_country": "HUN"})
    assert not target_right(record, {"source_country": "HUN", "target_country": "USA"})
