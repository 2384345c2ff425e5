"""Evaluation (`whimbrel eval`) and throughput (`whimbrel bench`) of the coder."""
from whimbrel.evaluate.bench import load_corpus, run_bench
from whimbrel.evaluate.report import append_history, print_bench_report, print_eval_report
from whimbrel.evaluate.runner import run_eval

__all__ = ["append_history", "load_corpus", "print_bench_report", "print_eval_report", "run_bench", "run_eval"]
