"""A shipped role model's figures on train events it never saw, beside a refit's out-of-fold figures.

The role model shipped since session 11 was fitted on the first annotation round; the session-12
additions' train events are unseen by it (as scripts/gate_unseen_rounds.py for the gate). Per round
(the real gold events the lexicon finds with the right type): source / target country accuracy and
target precision of the role file (its own priors), and of train_event_roles.py's cross-validation
refit with the file's C, what to learn from and priors, with the labels of --fallback. On the
additions the comparison is fair (both unseen); on the first round the file is in-sample.

    nice -n 10 python scripts/roles_unseen_rounds.py --shared ../shared --cache DIR/parsed.pkl [--roles FILE.npz]
"""
from __future__ import annotations

import argparse
from pathlib import Path

from train_event_roles import COUNTRY_FALLBACK, cross_validate, items, learned_figures, parse

from whimbrel.events.corpus import load_corpus
from whimbrel.events.roles import ROLES_PATH, RoleModel


def by_round(data: list[dict], probs: list, bias) -> dict[str, dict]:
    """learned_figures on each round's items."""
    return {name: learned_figures([it for it in data if it["added"] == added],
                                  [p for it, p in zip(data, probs) if it["added"] == added], bias)
            for name, added in (("first", False), ("added", True))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--cache", type=Path, required=True, help="train_event_roles.py's --cache")
    ap.add_argument("--roles", type=Path, default=ROLES_PATH, help="the role file to score (default: shipped)")
    ap.add_argument("--fallback", default=",".join(sorted(COUNTRY_FALLBACK)), help="the refit's label rule")
    args = ap.parse_args()
    nlp, parsed = parse(load_corpus(shared=args.shared, split="train"), args.cache)
    data = items(nlp, parsed, frozenset(r for r in args.fallback.split(",") if r))
    model = RoleModel(args.roles)
    shipped = [model.proba(it["x"]) if it["scored"] and len(it["y"]) else None for it in data]
    print(f"role file {args.roles.name}: {by_round(data, shipped, model.role_bias)}", flush=True)
    refit = cross_validate(data, model.meta["C"], model.meta["learn"])
    print(f"refit out of fold: {by_round(data, refit, model.role_bias)}", flush=True)


if __name__ == "__main__":
    main()
