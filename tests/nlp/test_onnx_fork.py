"""onnxruntime sessions and fork: a worker forked after its parent ran the encoder must not hang."""
import multiprocessing

import numpy as np

from whimbrel.nlp.encoder import load_encoder

ITEMS = [("The talks did not take place on Friday.", [(10, 13)])]


def _vector(_):
    return load_encoder().span_vectors(ITEMS)[0][0]


def test_forked_workers_run_the_encoder_after_the_parent_did():
    parent = _vector(None)  # the parent's sessions are open before the fork
    with multiprocessing.get_context("fork").Pool(2) as pool:
        children = pool.map_async(_vector, range(4)).get(timeout=60)  # hung before: TimeoutError
    for vector in children:
        assert np.allclose(vector, parent, atol=1e-5)
    assert np.allclose(_vector(None), parent)  # and the parent's own sessions still run
