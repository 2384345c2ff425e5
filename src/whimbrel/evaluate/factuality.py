"""Run the modality stage's factuality model on each factuality file (UW, MEANTIME, UDS-IH2 ...)."""
from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whimbrel.modality.factuality import score_predictors
from whimbrel.modality.predictor import agreeing, load_model, load_predictor


def file_key(path: str | Path) -> str:
    """Result key of a file: its folder and name, e.g. "uds_ih2_factuality/dev.jsonl"."""
    p = Path(path)
    return f"{p.parent.name}/{p.name}" if p.parent.name else p.name


def _head(path: Path, limit: int, tmp: Path) -> Path:
    """A copy of the first `limit` non-empty lines, under the same folder/name."""
    out = tmp / path.parent.name / path.name
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                lines.append(line if line.endswith("\n") else line + "\n")
            if len(lines) >= limit:
                break
    out.write_text("".join(lines), encoding="utf-8")
    return out


def corpus_of(path: str | Path) -> str:
    """The corpus tag of a factuality file from its folder: uw_factuality/dev.jsonl -> "uw"."""
    return Path(path).parent.name.split("_")[0]


def run_factuality(paths: Iterable[str | Path], nlp: Any, *, limit: int | None = None) -> dict[str, Any] | None:
    """`{file_key: {"n", "macro_f1", "negated_f1", "pearson_r"}}` for each existing file, or None if none.

    "model" is what the modality stage runs: the shipped model reading by its default (news)
    corpus, its outputs bounded by the rule modality (`modality.predictor.agreeing`). When the
    model was trained with a corpus input and the file's folder names one of its corpora
    (uw_factuality -> uw), "told_corpus" tells it that corpus's annotation convention, the one the
    file is scored against, and is the headline."""
    existing = [Path(p) for p in paths if Path(p).is_file()]
    if not existing:
        return None
    model = load_model()
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="whimbrel-fact-") as tmp:
        for path in existing:
            src = _head(path, limit, Path(tmp)) if limit else path
            print(f"factuality: {file_key(path)}", file=sys.stderr)
            predictors = {"model": agreeing(load_predictor())}
            if model.meta["corpus_mode"] != "none" and corpus_of(path) in model.offsets:
                predictors["told_corpus"] = agreeing(load_predictor(corpus_of(path)))
            scores = score_predictors(src, nlp, predictors)
            main = "told_corpus" if "told_corpus" in scores else "model"
            out[file_key(path)] = dict(scores[main]) | {
                "predictor": main,
                "by_predictor": {name: {k: res[k] for k in ("macro_f1", "negated_f1", "pearson_r")}
                                 for name, res in scores.items()}}
    return out
