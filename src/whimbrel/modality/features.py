"""Sparse features of an event trigger for the factuality model (`modality.predictor`).

What the model reads besides the encoder vector: the plain rule decision of modality.classify and
its cue, the trigger's tag / dependency / lemma, its clause head's subject type, auxiliaries,
negation and marks, the dependency path up to four governors, and the sentence's register cues
(first / second person, interjections, contractions, !!, imperatives, questions, lower-case start,
"news": three or more proper nouns), counted outside quotations. Used at training time
(scripts/factuality_cache.py) and at run time, so the two cannot drift apart.
"""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

PRON12 = frozenset({"i", "me", "my", "mine", "myself", "you", "your", "yours", "yourself", "we",
                    "us", "our", "ours", "u", "ur", "'m", "im"})
INFORMAL = frozenset({"please", "thanks", "thank", "lol", "!", "hi", "hello", "pls", "plz", "btw",
                      "ok"})
QUOTES = frozenset({'"', "``", "''", "\u201c", "\u201d"})
CONTRACTIONS = frozenset({"n't", "'re", "'ve", "'m", "'ll", "'d", "\u2019re", "\u2019ve", "\u2019m", "\u2019ll"})


def _is_imperative_root(tok: Token) -> bool:
    return tok.dep_ == "ROOT" and tok.tag_ == "VB" and not any(
        c.dep_.startswith("nsubj") for c in tok.children)


def _is_emphatic(word: str) -> bool:
    """Repeated or mixed !/? marks, an ellipsis: '!!', '?!', '...'."""
    return (len(word) > 1 and set(word) <= {"!", "?"}) or word in {"...", "\u2026"}


def _outside_quotes(doc: Doc | Span) -> list[Token]:
    """The tokens outside quotation marks (the marks themselves excluded)."""
    inside, keep = False, []
    for tok in doc:
        if tok.text in QUOTES:
            inside = not inside
        elif not inside:
            keep.append(tok)
    return keep


def register_cues(doc: Doc | Span) -> list[str]:
    """Informal-register cues of a sentence (quoted words do not count)."""
    words = {tok.lower_ for tok in _outside_quotes(doc)}
    cues = []
    if words & PRON12:
        cues.append("pron12")
    if words & INFORMAL:
        cues.append("interjection")
    if words & CONTRACTIONS:
        cues.append("contraction")
    if any(_is_emphatic(w) for w in words):
        cues.append("emphatic")
    if any(_is_imperative_root(t) for t in doc) or doc[0].tag_ == "VB":
        cues.append("imperative")
    if doc[-1].text == "?" or (len(doc) > 1 and doc[-2].text == "?"):
        cues.append("question")
    if doc[0].is_lower and doc[0].is_alpha:
        cues.append("lowerstart")
    if sum(t.pos_ == "PROPN" for t in doc) >= 3 and not words & {"i", "you", "me", "my", "your"}:
        cues.append("news")
    return cues


CLAUSE_DEPS = frozenset({"advcl", "relcl", "acl", "ccomp", "xcomp", "csubj", "csubjpass", "pcomp",
                         "conj", "parataxis", "ROOT"})


def _path(token: Token, depth: int = 4) -> list[Token]:
    out, node = [], token
    while node.head.i != node.i and len(out) < depth:
        out.append(node)
        node = node.head
    return out


def _clause_head(token: Token) -> Token:
    """The nearest node at or above token that heads a clause."""
    node = token
    for _ in range(6):
        if node.pos_ in {"VERB", "AUX"} or node.dep_ in CLAUSE_DEPS or node.head.i == node.i:
            return node
        node = node.head
    return node


def _subj_class(verb: Token) -> str:
    subj = next((c for c in verb.children
                 if c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj")), None)
    if subj is None:
        return "none"
    if subj.lower_ in {"i", "we"}:
        return "1p"
    if subj.lower_ in {"you", "u"}:
        return "2p"
    if subj.pos_ == "PRON":
        return "3pron"
    if subj.tag_ in ("NNS", "NNPS") and not any(
            c.dep_ in ("det", "poss", "nummod") for c in subj.children):
        return "bareplural"  # generic reading
    return "propn" if subj.pos_ == "PROPN" else "noun"


def _aux_feats(verb: Token) -> list[str]:
    out = []
    for c in verb.children:
        if c.dep_ in ("aux", "auxpass"):
            out.append(f"aux={c.lower_}")
        elif c.dep_ == "neg":
            out.append("neg")
        elif c.dep_ == "mark":
            out.append(f"mark={c.lower_}")
        elif c.dep_ == "advmod" and c.i < verb.i + 4:
            out.append(f"adv={c.lower_}")
    return out


def featurize(token: Token, rule_modality: str, rule_cue: str | None,
              cues: Sequence[str] | None = None) -> list[str]:
    """Sparse string features of a trigger token (also used at training time); `cues`: the
    sentence's register cues when the caller has them."""
    feats = ["bias", f"rule={rule_modality}", f"rulecue={(rule_cue or '').lower()}",
             f"tag={token.tag_}", f"dep={token.dep_}", f"lemma={token.lemma_.lower()}",
             f"pos_dep={token.pos_}_{token.dep_}"]
    verb = _clause_head(token)
    feats += [f"cl_dep={verb.dep_}", f"cl_tag={verb.tag_}", f"subj={_subj_class(verb)}"]
    feats += [f"v_{f}" for f in _aux_feats(verb)]
    if verb.i != token.i:  # the trigger is not its own clause head
        feats += [f"t_{f}" for f in _aux_feats(token)] + [f"tsubj={_subj_class(token)}"]
    for k, node in enumerate(_path(token)):
        head = node.head
        feats += [f"p{k}={node.dep_}>{head.tag_}", f"gov{k}={head.lemma_.lower()}",
                  f"edge={node.dep_}>{head.lemma_.lower()}"]
        feats += [f"h_{f}" for f in _aux_feats(head)]
    if any(c.dep_ == "det" and c.lower_ in ("a", "an", "the") for c in token.children):
        feats.append("has_det")
    feats += [f"reg={c}" for c in (register_cues(token.sent) if cues is None else cues)]
    return feats
