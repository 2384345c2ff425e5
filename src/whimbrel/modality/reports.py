"""Report cues of modality.classify: media reporters, unnamed sources, impersonal and
"is said to" reports. Only third-party claims are `reported`; see modality.classify."""
from __future__ import annotations

from spacy.tokens import Token

from whimbrel.modality.cues import Lexicon
from whimbrel.modality.findings import Findings

SUBJ_DEPS = {"nsubj", "nsubjpass", "csubj"}
DEFINITE_DETERMINERS = {"the", "this", "that", "these", "those"}


def is_media(expr: Token | None, lex: Lexicon) -> bool:
    if expr is None:
        return False
    words = " ".join(t.lower_ for t in expr.subtree)
    if any(src in words.split() or (" " in src and src in words) for src in lex.media_sources):
        return True
    span = expr.doc[expr.left_edge.i:expr.right_edge.i + 1].text
    return lex.media_names is not None and lex.media_names.search(span) is not None


def _is_unnamed(source: Token) -> bool:
    """'according to witnesses / a rights group / satellite imagery': a source the text does not
    name or single out is an unnamed report (the guide's `reported`); a named person's or body's
    word ("according to Kallas", "according to the border service") is theirs."""
    definite = any(c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS
                   for c in source.children)
    return source.pos_ == "NOUN" and not definite and not any(t.pos_ == "PROPN" for t in source.subtree)


def is_impersonal_report(verb: Token, lex: Lexicon) -> bool:
    """'It was reported / said that ...': a passive reporting verb with no reporter."""
    subj = subject(verb)
    return verb.lemma_ in lex.passive_reporting and any(c.dep_ == "auxpass" for c in verb.children) \
        and (subj is None or subj.lower_ == "it") and not any(c.dep_ == "agent" for c in verb.children)


def subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in SUBJ_DEPS), None)


def _according_to(node: Token) -> Token | None:
    """The pobj of an 'according to' attached to node."""
    for child in node.children:
        if child.lower_ == "according":
            for to in child.children:
                pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    return None


def report_cues(node: Token, head: Token | None, lex: Lexicon, found: Findings) -> None:
    """Media reporters and 'is said to' passives around node."""
    src = _according_to(node)
    if src is not None and (is_media(src, lex) or _is_unnamed(src)):
        found.add("reported", "according to")
    for child in node.children:
        if child.dep_ in {"parataxis", "ccomp"} and child.lemma_ in lex.reporting_verbs \
                and child.i > node.i and is_media(subject(child), lex):
            found.add("reported", child.text)
    if head is not None and head.lemma_ in lex.passive_reporting \
            and any(c.dep_ == "auxpass" for c in head.children):
        found.add("reported", f"is {head.text} to")
