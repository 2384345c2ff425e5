"""`run_eval`: every evaluation suite in one call, one JSON-ready dict.

Example: `run_eval("/work/shared/eval", limit=50)["plover_gsr"]["event_type_accuracy"]`.
"""
from __future__ import annotations

import json
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from whimbrel.evaluate.metrics import clean_json

SAMPLE = "kremlin-putin-zelensky-2025-05-17"
FACTUALITY_FILES = ("uw_factuality/dev.jsonl", "meantime_factuality/dev.jsonl", "uds_ih2_factuality/dev.jsonl")


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def bundled_sample() -> tuple[Path, Path]:
    """(text, gold) paths of the bundled reference sample."""
    base = resources.files("whimbrel").joinpath("data/samples")
    return Path(str(base / f"{SAMPLE}.txt")), Path(str(base / f"{SAMPLE}.gold.json"))


def _sample_document(text_path: Path, gold: dict):
    """The sample as a Document, with date/outlet from `.meta.json` beside it or from the gold."""
    from whimbrel.ingest import read_text

    meta_path = text_path.with_name(text_path.name.removesuffix(".txt") + ".meta.json")
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    gdoc = gold.get("doc", {})
    pub = meta.get("date") or gdoc.get("publication_date")
    return read_text(text_path.read_text(encoding="utf-8"),
                     pub_date=date.fromisoformat(pub) if pub else None,
                     outlet=meta.get("outlet") or gdoc.get("outlet"), url=meta.get("url"))


def run_sample(coder: Any, gold_path: Path, text_path: Path) -> dict[str, Any]:
    """Code the sample text and score it against its gold file."""
    from whimbrel.evaluate.sample_gold import load_gold, score_sample

    gold = load_gold(gold_path)
    coded = coder.code(_sample_document(text_path, gold))
    result = score_sample(coded, gold)
    result["file"] = gold_path.name
    return result


class _Suites:
    """Loads the coder once, on first need, and runs each suite without letting one failure stop the rest."""

    def __init__(self, coder: Any, strict: bool):
        self._coder, self.strict = coder, strict
        self._load_error: Exception | None = None

    @property
    def coder(self) -> Any:
        if self._load_error is not None:
            raise RuntimeError(f"[E920] the coder failed to load: {self._load_error}")
        if self._coder is None:
            from whimbrel.coder import Coder

            _log("loading the coder")
            try:
                self._coder = Coder.load()
            except Exception as err:
                self._load_error = err
                raise
        return self._coder

    def coder_or_none(self) -> Any:
        """The coder, or None when it cannot be loaded (for suites with a coder-free fallback)."""
        try:
            return self.coder
        except Exception as err:
            if self.strict:
                raise
            _log(f"[W922] running without the coder: {err}")
            return None

    def run(self, name: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        _log(f"eval: {name} ...")
        try:
            out = fn()
        except Exception as err:
            if self.strict:
                raise
            detail = str(err) if "[E920]" in str(err) else traceback.format_exc()
            _log(f"[W920] eval suite {name} failed and is reported as null: {detail}")
            return None
        _log(f"eval: {name} done in {time.perf_counter() - start:.1f}s")
        return out


def _default(data_dir: Path | None, given: str | Path | None, rel: str) -> Path | None:
    if given is not None:
        return Path(given)
    return data_dir / rel if data_dir is not None else None


def run_eval(data_dir: str | Path | None, *, plover_gsr: str | Path | None = None,
             factuality: Sequence[str | Path] | None = None, ecbplus: str | Path | None = None,
             corpus: str | Path | None = None, gold: str | Path | None = None, text: str | Path | None = None, limit: int | None = None,
             coder: Any = None, n_process: int = 1, strict: bool = False) -> dict[str, Any]:
    """Run every suite whose files exist; a missing suite is None.

    Args:
        data_dir: folder with plover_gsr/, meantime_factuality/, uds_ih2_factuality/, ecbplus/ (or None).
        plover_gsr, factuality, ecbplus: explicit files instead of the dev files under `data_dir`.
        corpus: the event corpus (corpus.jsonl); its test split is scored when given, or with
            `data_dir` (the repository's corpus; UW sentences take their text from data_dir/uw_factuality).
        gold, text: a gold JSON and its article text (default: the bundled sample).
        limit: score only the first N records / sentences / documents of each file.
        coder: an already loaded `whimbrel.coder.Coder` (loaded on first need otherwise).
        strict: raise when a suite fails instead of reporting it as None.
    Returns:
        `{"sample": ..., "plover_gsr": ..., "factuality": ..., "ecbplus": ..., "corpus": ..., "speakers": ...}`
        (speakers: quote speakers on the corpus test split, when its speaker gold is bundled), strict JSON values.
    """
    ddir = Path(data_dir) if data_dir is not None else None
    suites = _Suites(coder, strict)
    out: dict[str, Any] = {"sample": None, "plover_gsr": None, "factuality": None, "ecbplus": None, "corpus": None,
                          "speakers": None}

    text_path, gold_path = (Path(text), Path(gold)) if gold and text else bundled_sample()
    if gold and not text:
        _log("[W921] --gold needs --text; scoring the bundled sample instead")
    if gold_path.is_file() and text_path.is_file():
        out["sample"] = suites.run("sample", lambda: run_sample(suites.coder, gold_path, text_path))

    pg = _default(ddir, plover_gsr, "plover_gsr/dev.jsonl")
    if pg is not None and pg.is_file():
        from whimbrel.evaluate.plover_gsr import run_plover_gsr

        out["plover_gsr"] = suites.run("plover_gsr", lambda: run_plover_gsr(
            pg, suites.coder, limit=limit, n_process=n_process))

    fact = [Path(p) for p in factuality] if factuality else (
        [ddir / f for f in FACTUALITY_FILES] if ddir is not None else [])
    if any(p.is_file() for p in fact):
        from whimbrel.evaluate.factuality import run_factuality

        out["factuality"] = suites.run("factuality", lambda: run_factuality(fact, suites.coder.nlp, limit=limit))

    ecb = _default(ddir, ecbplus, "ecbplus/dev.jsonl")
    if ecb is not None and ecb.is_file():
        from whimbrel.evaluate.ecbplus import run_ecbplus

        out["ecbplus"] = suites.run("ecbplus", lambda: run_ecbplus(
            ecb, suites.coder_or_none(), limit=limit, n_process=n_process))

    from whimbrel.events.corpus import CORPUS_DIR
    corpus_file = Path(corpus) if corpus else (CORPUS_DIR / "corpus.jsonl" if ddir is not None else None)
    if corpus_file is not None and corpus_file.is_file():
        from whimbrel.evaluate.corpus import run_corpus

        out["corpus"] = suites.run("corpus", lambda: run_corpus(
            suites.coder, shared=ddir.parent if ddir is not None else None, path=corpus_file, limit=limit))
        from whimbrel.evaluate.speakers import SPEAKER_FILE, run_speakers

        if SPEAKER_FILE.is_file() and corpus_file.parent == SPEAKER_FILE.parent:
            out["speakers"] = suites.run("speakers", lambda: run_speakers(
                suites.coder, shared=ddir.parent if ddir is not None else None, path=corpus_file, limit=limit))
    return clean_json(out)
