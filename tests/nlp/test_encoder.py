"""The NumPy MiniLM encoder against reference outputs computed with PyTorch (tests/data)."""
import json
from pathlib import Path

import numpy as np
import pytest

from whimbrel.nlp.encoder import load_encoder
from whimbrel.nlp.wordpiece import basic_words

REFERENCE = json.loads((Path(__file__).parent.parent / "data" / "minilm_reference.json").read_text())


@pytest.fixture(scope="module")
def encoder():
    return load_encoder()


@pytest.mark.parametrize("case", REFERENCE["cases"], ids=lambda c: c["text"][:30])
def test_word_pieces_and_offsets_match_the_reference_tokenizer(encoder, case):
    pieces = encoder.pieces(case["text"])
    assert [encoder.wordpiece.cls, *pieces.ids, encoder.wordpiece.sep] == case["ids"]
    assert [list(o) for o in pieces.offsets] == case["offsets"][1:-1]


@pytest.mark.parametrize("case", REFERENCE["cases"], ids=lambda c: c["text"][:30])
def test_sentence_vector_matches_the_pytorch_reference(encoder, case):
    vec = encoder.sentence_vectors([case["text"]])[0]
    assert np.abs(vec - np.array(case["sentence_vector"])).max() < 1e-5


def test_hidden_states_match_the_pytorch_reference(encoder):
    case = REFERENCE["cases"][0]
    hidden, _ = encoder.forward([case["ids"]])
    assert np.abs(hidden[0, 1] - np.array(case["last_hidden_first_piece"])).max() < 1e-4


def test_the_numpy_path_matches_the_pytorch_reference_too(encoder):
    case = REFERENCE["cases"][0]
    hidden, _ = encoder.forward_numpy([case["ids"]])
    assert np.abs(hidden[0, 1] - np.array(case["last_hidden_first_piece"])).max() < 1e-4


def test_onnxruntime_and_numpy_give_the_same_last_layer_in_a_padded_batch(encoder):
    ids = [c["ids"] for c in REFERENCE["cases"]]
    assert len({len(i) for i in ids}) > 1  # padding is exercised
    fast, attention = encoder.forward(ids)
    slow, _ = encoder.forward_numpy(ids)
    assert encoder.onnx is not None
    assert np.abs((fast - slow) * attention[:, :, None]).max() < 1e-4


def test_a_stack_with_a_block_of_its_own_matches_numpy_over_the_models_lower_blocks(encoder):
    # as the fine-tuned coreference stack: the model's lower blocks (onnxruntime), a tuned top (NumPy)
    tuned = {**encoder.blocks[4], "ffn_out": encoder.blocks[4]["ffn_out"] * 1.5}
    stack = [*encoder.blocks[:4], tuned]
    ids = [c["ids"] for c in REFERENCE["cases"]]
    got, attention = encoder.forward(ids, blocks=stack)
    ids_padded, _ = encoder._pad(ids)
    (want,) = encoder._run_blocks(encoder.embed(ids_padded, attention), attention, [stack])
    own, _ = encoder.forward(ids)
    live = attention[:, :, None]
    assert np.abs((got - want) * live).max() < 1e-4
    assert np.abs((got - own) * live).max() > 0.1


def test_batching_and_padding_do_not_change_vectors(encoder):
    texts = [c["text"] for c in REFERENCE["cases"]] + ["Short."]
    together = encoder.sentence_vectors(texts, batch_size=8)
    alone = np.stack([encoder.sentence_vectors([t])[0] for t in texts])
    assert np.abs(together - alone).max() < 1e-5


def test_span_vectors_pool_the_pieces_of_each_span(encoder):
    text = "Peskov said Zelensky refused."
    (rows,) = encoder.span_vectors([(text, [(12, 20), (21, 28), (7, 7)])])
    hidden, _ = encoder.forward([[encoder.wordpiece.cls, *encoder.pieces(text).ids, encoder.wordpiece.sep]])
    pieces = encoder.pieces(text)
    zel = [k + 1 for k, (s, e) in enumerate(pieces.offsets) if s >= 12 and e <= 20]
    assert len(zel) > 1  # "zelensky" is several pieces
    assert np.allclose(rows[0], hidden[0, zel].mean(0), atol=1e-6)
    assert np.allclose(rows[2], hidden[0].mean(0), atol=1e-6)  # an empty span: the text's mean


def test_paraphrases_are_closer_than_unrelated_sentences(encoder):
    a, b, c = encoder.sentence_vectors(["Russia and Ukraine held talks in Istanbul.",
                                        "Moscow and Kyiv negotiated in Istanbul.",
                                        "The recipe needs two eggs and flour."])
    assert a @ b > a @ c + 0.3


def test_basic_words_keep_offsets_through_accents_and_punctuation():
    text = "Héllo, wörld! U.S."
    assert [(w, text[s:e]) for w, s, e in basic_words(text)] == [
        ("hello", "Héllo"), (",", ","), ("world", "wörld"), ("!", "!"), ("u", "U"), (".", "."),
        ("s", "S"), (".", ".")]
