"""Rich reports render, and --write-docs appends rows to the history table."""
from datetime import date

from rich.console import Console

from whimbrel.evaluate.report import HISTORY_MARKER, append_history, print_bench_report, print_eval_report

RESULT = {
    "sample": {"required_found": 9, "required_total": 15, "required_found_with_modality": 6, "missing": ["E1"],
               "must_not_hits": 1, "quotes_found": 3, "quotes_total": 14, "events_emitted": 20},
    "plover_gsr": {"n": 10, "event_type_accuracy": 0.5, "source_accuracy": 0.6, "target_accuracy": 0.4,
                   "macro_f1": 0.45, "mode_accuracy": None, "mode_n": 0, "confusion": {"AGREE": {"NONE": 1}}},
    "factuality": {"meantime_factuality/dev.jsonl": {"n": 5, "macro_f1": 0.5, "negated_f1": 0.1, "pearson_r": 0.3}},
    "ecbplus": None,
}


def test_report_eval_tables_render():
    console = Console(record=True, width=120)
    print_eval_report(RESULT, console, confusion=True)
    out = console.export_text()
    assert "9/15" in out and "0.450" in out and "meantime_factuality/dev.jsonl" in out
    assert "not run" in out and "ecbplus" in out


def test_report_plover_in_record_mode_shows_the_default_mode_too():
    plover = {**RESULT["plover_gsr"], "mode": "records", "default_mode": {
        "event_type_accuracy": 0.3, "source_accuracy": 0.2, "target_accuracy": 0.1, "events_predicted": 6}}
    console = Console(record=True, width=160)
    print_eval_report({**RESULT, "plover_gsr": plover}, console)
    out = console.export_text()
    assert "record mode" in out and "0.300 / 0.200 / 0.100, 6" in out


def test_report_bench_table_renders():
    console = Console(record=True, width=120)
    print_bench_report({"docs": 3, "words": 100, "bare_words_per_s": 1000.0, "whimbrel_words_per_s": 250.0,
                        "ratio": 0.25, "peak_rss_mb": 512.0}, console)
    assert "keeps 0.25 of the bare model" in console.export_text()


def test_report_append_history_creates_then_appends(tmp_path):
    doc = tmp_path / "docs" / "EVALUATION.md"
    append_history(RESULT, doc, when=date(2025, 1, 2), commit="abc123")
    append_history(RESULT, doc, when=date(2025, 1, 3), commit="def456", limit=50)
    text = doc.read_text()
    assert text.count(HISTORY_MARKER) == 1
    rows = [ln for ln in text.splitlines() if ln.startswith("| 2025")]
    assert rows[0].startswith("| 2025-01-02 | abc123 | 9/15 | 1 | 3/14 | 0.500 |")
    assert rows[1].endswith("| 50 |")


def test_report_append_history_keeps_text_after_the_table(tmp_path):
    doc = tmp_path / "EVALUATION.md"
    doc.write_text(f"# Evaluation\n\nIntro.\n\n{HISTORY_MARKER}\n\n| a |\n|---|\n| old |\n\n## Notes\n\nKeep me.\n")
    append_history(RESULT, doc, when=date(2025, 1, 2), commit="x")
    text = doc.read_text()
    assert text.index("| old |") < text.index("| 2025-01-02") < text.index("## Notes")
    assert text.endswith("Keep me.\n")


def test_report_corpus_table_shows_records_and_rounds():
    figures = {"sentences": 4, "event_precision": 0.5, "event_recall": 0.25, "event_f1": 0.333,
               "none_sentences": 2, "none_sentences_no_event": 1.0, "ece": 0.1, "stage": "gate"}
    corpus = {**figures, "records": {"records": 3, "with_event": 0.667, "type_accuracy": 0.333, "triple_accuracy": 0.0},
              "records_mode": {"records": 3, "with_event": 1.0, "type_accuracy": 0.667, "triple_accuracy": 0.333},
              "by_round": {"first": figures, "2026-12-03": {**figures, "event_precision": 0.75}}}
    console = Console(record=True, width=160)
    print_eval_report({**RESULT, "corpus": corpus}, console)
    out = console.export_text()
    assert "one-sentence records (n=3)" in out and "0.667 / 0.333 / 0.000" in out
    assert "the same in record mode (n=3)" in out and "1.000 / 0.667 / 0.333" in out
    assert "round 2026-12-03" in out and "0.750 / 0.250 / 0.333" in out
