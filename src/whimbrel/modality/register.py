"""Register of a sentence: news-like prose or conversational / web text.

The factuality predictors read it first, because the two kinds of text mark factuality
differently (see modality.predictor). Two signals, both blind to topic:
- `register_cues`: hand-picked informal cues outside quotations (first / second person,
  interjections, contractions, repeated !/?, imperatives, questions, lower-case start), and
  "news" (three or more proper nouns without I / you);
- `news_probability`: a small logistic model over the sentence's shape outside quotations --
  part-of-speech, tag and dependency proportions, closed-class words and punctuation marks,
  length, capitalisation, first tag, how it ends. No content word is a feature, so the model
  learns style rather than subject. Trained by scripts/train_register.py on the train halves of
  MEANTIME (news) and UDS-IH2 (web text), shipped as data/modality/register_model.json.
A sentence is informal when it shows an informal cue and no "news" cue, or when the news
probability of its document (the mean over its sentences) is below the threshold chosen on
held-out train sentences.
"""
from __future__ import annotations

import math
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from whimbrel.modality.cues import load_model_file

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "modality" / "register_model.json"
PRON12 = frozenset({"i", "me", "my", "mine", "myself", "you", "your", "yours", "yourself", "we",
                    "us", "our", "ours", "u", "ur", "'m", "im"})
INFORMAL = frozenset({"please", "thanks", "thank", "lol", "!", "hi", "hello", "pls", "plz", "btw",
                      "ok"})
QUOTES = frozenset({'"', "``", "''", "\u201c", "\u201d"})
CONTRACTIONS = frozenset({"n't", "'re", "'ve", "'m", "'ll", "'d", "\u2019re", "\u2019ve", "\u2019m", "\u2019ll"})
CLOSED_POS = frozenset({"DET", "PRON", "ADP", "AUX", "CCONJ", "SCONJ", "PART", "PUNCT", "INTJ"})


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


def unquoted(doc: Doc | Span) -> list[Token]:
    """The tokens outside quotation marks (all of them when fewer than three are outside)."""
    keep = _outside_quotes(doc)
    return keep if len(keep) >= 3 else list(doc)


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


def _form(text: str) -> str | None:
    """A closed-class word or punctuation mark as a feature; quote marks are one mark."""
    if text in QUOTES:
        return "QUOTE"
    if text.isalpha() or not any(c.isalnum() for c in text):
        return text.lower()
    return None


def register_features(doc: Doc | Span, cues: list[str] | None = None) -> dict[str, float]:
    """Topic-blind shape of a sentence, outside its quotations (`cues`: its register_cues, if known)."""
    toks = unquoted(doc)
    n = len(toks)
    f: dict[str, float] = {}
    for t in toks:
        for key in (f"pos={t.pos_}", f"tag={'QUOTE' if t.tag_ in QUOTES else t.tag_}", f"dep={t.dep_}"):
            f[key] = f.get(key, 0.0) + 1.0 / n
        form = _form(t.text) if t.pos_ in CLOSED_POS or t.is_punct else None
        if form is not None:
            f[f"w={form}"] = 1.0
    f["len"] = min(n, 80) / 80
    f["cap_share"] = sum(t.text[:1].isupper() for t in toks) / n
    f["first_lower"] = float(doc[0].is_lower)
    f["first_tag=" + ("QUOTE" if doc[0].text in QUOTES else doc[0].tag_)] = 1.0
    last = doc[-1].text
    f["last=" + ("QUOTE" if last in QUOTES else "WORD" if last.isalnum() else last[:3])] = 1.0
    for cue in register_cues(doc) if cues is None else cues:
        f[f"cue={cue}"] = 1.0
    return f


def load_register_model(path: Path = MODEL_PATH) -> dict | None:
    """The shipped router ({weights, bias, threshold}), or None when the file is missing."""
    return load_model_file(path)


def news_probability(doc: Doc | Span, model: dict, cues: list[str] | None = None) -> float:
    z = model["bias"] + sum(model["weights"].get(k, 0.0) * v for k, v in register_features(doc, cues).items())
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def document_news_probability(doc: Doc | Span, model: dict, cues: dict[int, list[str]] | None = None) -> float:
    """Mean news probability of the sentences of a document (a news article reads as news
    even where one short sentence, "Russia did not attack.", would look like chat).
    `cues`: register_cues by sentence start, when the caller has them."""
    sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc]
    cues = cues or {}
    return sum(news_probability(s, model, cues.get(s.start)) for s in sents) / len(sents)


def cues_say_informal(cues: list[str]) -> bool:
    """The cues alone decide: some informal cue, and no "news" cue."""
    return bool(cues) and "news" not in cues


def informal_register(sent: Doc | Span, model: dict | None = None, news_p: float | None = None,
                      cues: list[str] | None = None) -> bool:
    """True for conversational / web register, False for news-like prose.

    `news_p`: the document's news probability when the caller has it (else the sentence's own);
    `cues`: the sentence's register_cues when the caller has them.
    """
    if cues_say_informal(register_cues(sent) if cues is None else cues):
        return True
    model = model or load_register_model()
    if model is None:
        return False
    return (news_probability(sent, model) if news_p is None else news_p) < model["threshold"]
