"""Cross-validation draws for the precision gate with the role assigner re-derived inside each fold.

Used by scripts/train_event_gate.py --draws K --roles-parsed PATH. A draw shuffles the train
documents by its seed and cuts them into 5 folds (GroupKFold over sentences, grouped by document).
The gate's features depend on the role assigner's choices (its actors and probabilities, and which
events survive without a source), so for each outer fold k the roles are re-derived without fold k:
- fold k's documents (the gate's test documents) get their roles from a role model trained on the
  other four folds;
- a training document of fold j gets its roles from the role model trained on the three folds other
  than k and j, so it sees roles that are out of fold as the test documents' are, and no label of
  fold k reaches the gate through its features.
Per draw: 15 role models (C, what to learn from and priors as shipped, data/events/event_roles.json)
and 5 passes of the event stage over the parsed documents (train_event_roles.py --cache).
"""
from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold
from train_event_roles import learnable, write_model

from whimbrel.events.roles import ROLES_PATH, RoleModel

FOLDS = 5


def draw_folds(docs, seed: int) -> dict[str, int]:
    """Document -> fold for one draw: documents shuffled by `seed`, folds balanced by sentences."""
    groups = np.asarray([d.doc_id for d in docs for _ in d.spans])
    split = GroupKFold(n_splits=FOLDS, shuffle=True, random_state=seed).split(groups, groups=groups)
    return {str(g): k for k, (_, test) in enumerate(split) for g in set(groups[test])}


class RoleModels:
    """Role models trained without some folds of one draw, made once each; C, what to learn from and
    the priors from `roles` (the role assigner's JSON, event_roles.json as shipped)."""

    def __init__(self, data: list[dict], folds: dict[str, int], folder: Path, roles: Path = ROLES_PATH):
        meta = json.loads(roles.with_suffix(".json").read_text())
        self.c, self.learn, self.bias = meta["C"], meta["learn"], meta["bias"]
        self.data, self.folds, self.folder = data, folds, folder
        self.models: dict[frozenset, RoleModel] = {}
        folder.mkdir(parents=True, exist_ok=True)

    def without(self, *held_out: int) -> RoleModel:
        key = frozenset(held_out)
        if key not in self.models:
            path = self.folder / ("event_roles_" + "_".join(map(str, sorted(key))) + ".npz")
            write_model(path, [it for it in self.data if self.folds.get(it["doc"], -1) not in key
                               and learnable(it, self.learn)], self.c)
            path.with_suffix(".json").write_text(json.dumps({"bias": self.bias}))
            self.models[key] = RoleModel(path)
        return self.models[key]


def code(pipe, parsed: list, model: RoleModel, entry) -> dict:
    """{doc_id: gate features and events} of parsed documents with `model`'s roles."""
    pipe.roles_model = model
    return {d.doc_id: entry(d, pipe(doc)) for d, doc in parsed}


def draw_caches(pipe, parsed: list, models: RoleModels, entry):
    """(test, [mixed per outer fold]): `test` codes every document with the roles of the model that
    left its fold out; mixed[k] is fold k's test documents as in `test` and every other document
    with the roles of the model that left out both its fold and k."""
    folds = models.folds
    by_fold = [[p for p in parsed if folds[p[0].doc_id] == k] for k in range(FOLDS)]
    test: dict = {}
    for k in range(FOLDS):
        test.update(code(pipe, by_fold[k], models.without(k), entry))
    mixed = []
    for k in range(FOLDS):
        cache = {d.doc_id: test[d.doc_id] for d, _ in by_fold[k]}
        for j in range(FOLDS):
            if j != k:
                cache.update(code(pipe, by_fold[j], models.without(k, j), entry))
        mixed.append(cache)
        print(f"    outer fold {k}: coded", flush=True)
    return test, mixed


def cached_draw(path: Path, make, key: str):
    """The draw's caches from `path` when made for `key` (the documents and the role settings:
    train_event_gate.draw_key), else made and written there (they take minutes)."""
    if path.is_file():
        stored = pickle.loads(path.read_bytes())
        if isinstance(stored, dict) and stored.get("key") == key:
            return stored["draw"]
    out = make()
    path.write_bytes(pickle.dumps({"key": key, "draw": out}))
    return out


def code_standalone(pipe, parsed: list, models: RoleModels, fold_of, entry) -> dict:
    """{doc_id: entry} of documents read on their own (scripts/gate_records.py), each with the roles
    of the model that left out the fold `fold_of(doc_id)` of the document it was cut from."""
    out = {}
    for k in range(FOLDS):
        out.update(code(pipe, [p for p in parsed if fold_of(p[0].doc_id) == k], models.without(k), entry))
    return out


def oof_draw(assemble, rows, test, mixed, folds, configs, fit, label: str, extra=None):
    """Per config (vector columns or not, learn mask function, C): out-of-fold probabilities of
    `test`'s events, the gate of fold k trained on mixed[k]'s documents outside fold k. `extra`
    (x, fold per row) gets the same fold's gate: its probabilities are returned per config too."""
    x_t, y_t, g_t, sentences = assemble(rows, test, label)
    fold_t = np.asarray([folds[g] for g in g_t])
    parts = [assemble(rows, mixed[k], label) for k in range(FOLDS)]
    out, out_extra = {}, {}
    for key, (columns, learn_of, c) in configs.items():
        p = np.zeros(len(y_t))
        q = np.zeros(len(extra[0]) if extra is not None else 0)
        for k, (x, y, g, sents) in enumerate(parts):
            fold = np.asarray([folds[d] for d in g])
            keep = (fold != k) & learn_of(y, sents)
            scaler, model = fit(x[keep][:, columns], y[keep], c)
            assert np.array_equal(x[fold == k], x_t[fold_t == k]), "test documents coded differently"
            p[fold_t == k] = model.predict_proba(scaler.transform(x_t[fold_t == k][:, columns]))[:, 1]
            if extra is not None and (extra[1] == k).any():
                q[extra[1] == k] = model.predict_proba(scaler.transform(extra[0][extra[1] == k][:, columns]))[:, 1]
        out[key], out_extra[key] = p, q
    return x_t, y_t, sentences, out, out_extra
