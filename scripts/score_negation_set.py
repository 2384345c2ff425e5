"""Score the rule modality on the negation test set (data/modality/negation_test.txt; README there).

    .venv/bin/python scripts/score_negation_set.py [--json]

What is scored and how: `whimbrel.evaluate.negation_set`.
"""
from __future__ import annotations

import argparse
import json

import spacy

from whimbrel.evaluate.negation_set import score_negation_set
from whimbrel.nlp.pipeline import DEFAULT_MODEL


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    result = score_negation_set(spacy.load(DEFAULT_MODEL))
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
