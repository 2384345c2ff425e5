"""Measure each order-dependent argument fallback of the lexicon stage with and without it (issue 15).

The lexicon's events on the real sentences of the event corpus's TRAIN split (documents coded
whole), scored as the corpus suite scores them (type + source country + target country). The
lexicon has no fitted parameter, so its score on train is what grouped cross-validation would give;
a fallback is kept when removing it lowers event F1. The test split is never read.

    nice -n 10 python scripts/ablate_event_fallbacks.py --shared /work/shared
"""
from __future__ import annotations

import argparse
import json
from contextlib import contextmanager
from pathlib import Path

from whimbrel.evaluate.corpus import actor_country, gold_triples, score
from whimbrel.events import arguments, extract, trigger_arguments
from whimbrel.events.corpus import corpus_documents, load_corpus, sentence_at

# name -> (module, attribute, replacement): the fallback switched off
FALLBACKS = {
    "subject_place (doer known by its place)": (arguments, "subject_place", lambda *a: []),
    "participle_sources": (trigger_arguments, "participle_sources", lambda *a: []),
    "unresolved_subject": (trigger_arguments, "unresolved_subject", lambda *a: None),
    "authority place as source (agentless passive)": (trigger_arguments, "AUTHORITY_TYPES", set()),
    "implicit counterpart from context (DyadMemory)": (extract.DyadMemory, "counterpart", lambda self, s: None),
    "located (unresolved doer takes the place's country)": (trigger_arguments, "located", lambda actor, *a: actor),
}


@contextmanager
def switched_off(name: str | None):
    if name is None:
        yield
        return
    owner, attr, value = FALLBACKS[name]
    saved = getattr(owner, attr)
    setattr(owner, attr, value)
    try:
        yield
    finally:
        setattr(owner, attr, saved)


def lexicon_score(events_pipe, parsed) -> dict:
    """Re-run only the event stage on the parsed documents (the fallbacks live there)."""
    scored = []
    for d, doc in parsed:
        per = [[] for _ in d.spans]
        for e in events_pipe(doc)._.events or []:
            k = sentence_at(d, e.trigger.idx)
            if k is not None:
                per[k].append(((e.match.plover, actor_country(e.source), actor_country(e.target)), 1.0))
        scored += [(gold_triples(row), p) for (row, _, _), p in zip(d.spans, per) if not row.get("synthetic")]
    s = score(scored)
    return {k: s[k] for k in ("event_precision", "event_recall", "event_f1", "tp", "fp", "fn")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("/work/shared"))
    args = ap.parse_args()
    from whimbrel.nlp.pipeline import build_pipeline, pipe_aligned
    nlp = build_pipeline(stages=("whimbrel_actors", "whimbrel_coref", "whimbrel_events"))
    events_pipe = nlp.get_pipe("whimbrel_events")
    events_pipe.use_gate = events_pipe.use_roles = False
    docs = corpus_documents([r for r in load_corpus(shared=args.shared, split="train") if not r.get("synthetic")])
    with nlp.select_pipes(disable=["whimbrel_events"]):
        parsed = list(pipe_aligned(nlp, docs, lambda d: d.text))
    results = {}
    for name in [None, *FALLBACKS]:
        with switched_off(name):
            results[name or "all fallbacks on"] = lexicon_score(events_pipe, parsed)
        print(f"{name or 'all fallbacks on'}: {results[name or 'all fallbacks on']}", flush=True)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
