"""Direct and indirect quotations with their cue and speaker expression.

Speaker resolution to a canonical actor is not done here: a QuoteSpan carries the token range
of the speaker expression ("Kremlin spokesman Dmitry Peskov", "he", "the agency").
Reporting verbs come from the modality cue lexicon (`reporting_verbs`, `quote_verbs`).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.attrs import IDX, LEMMA, LENGTH, LOWER
from spacy.tokens import Doc, Span, Token

from whimbrel.modality.cues import Lexicon, load_cues

OPENERS = {"“", '"'}
_OPENER = re.compile("[" + "".join(sorted(OPENERS)) + "]")
CLOSERS = ("”", '"')   # news copy mixes the two: '"It will work,” he said' opens straight, closes curly
SUBJ_DEPS = {"nsubj", "nsubjpass"}
RELATIVES = {"who", "which", "that"}


@dataclass
class QuoteSpan:
    start: int
    end: int
    text: str
    kind: str  # direct | indirect
    cue: str | None
    cue_token: int | None
    speaker_tokens: tuple[int, int] | None
    content_root: int | None


def _is_cue(tok: Token, lex: Lexicon) -> bool:
    return tok.pos_ in {"VERB", "AUX"} and (tok.lemma_.lower() in lex.reporting_verbs
                                            or tok.lemma_.lower() in lex.quote_verbs)


def quote_marks(text: str) -> list[tuple[int, int]]:
    """(start, end) char ranges inside paired quotation marks, an opening mark closed by the next
    closing mark of either form (a curly quote closed by a straight one is still closed there,
    not at the next curly one sentences later); an unclosed quote runs to the end of its paragraph."""
    spans, i = [], 0
    while (opener := _OPENER.search(text, i)) is not None:   # the next mark, not a walk over every character
        i = opener.start()
        j = min((k for k in (text.find(c, i + 1) for c in CLOSERS) if k >= 0), default=-1)
        para_end = text.find("\n", i + 1)
        para_end = len(text) if para_end < 0 else para_end
        end = j if 0 <= j <= para_end else para_end
        spans.append((i + 1, end))
        i = end + 1
    return spans


def _speaker(cue: Token) -> tuple[int, int] | None:
    """Token range of the subject of the cue verb (or of the clause it hangs from)."""
    cited = _cited_source(cue)
    if cited is not None:
        return _trimmed_range(cited)
    node = cue
    for _ in range(6):
        subj = _subject(node)
        if subj is not None and subj.lower_ in RELATIVES and node.dep_ == "relcl":
            return _trimmed_range(node.head)  # "Ann Lee, who says ...": the sayer is Ann Lee
        if subj is not None:
            return _trimmed_range(subj)
        if node.head.i == node.i:
            return _name_before(cue)
        node = _participle_host(node)
    return None


def _subject(verb: Token) -> Token | None:
    """The verb's subject. A clause has one: when the parser gives it two ('"Bodies lie there,"
    X tweeted', a headline fragment run into 'X says'), the one nearest the verb is its own and
    the farther one belongs to the quotation or the text before it."""
    subjects = [c for c in verb.children if c.dep_ in SUBJ_DEPS]
    return min(subjects, key=lambda c: abs(c.i - verb.i), default=None)


def _cited_source(cue: Token) -> Token | None:
    """'The newspaper cited officials as saying ...', 'X quoted a witness as saying ...': the sayer is
    the one cited, not the outlet that cites (the annotation guide: the speaker is the sayer, not
    the reporter)."""
    host = cue.head.head if cue.head.lower_ == "as" else cue.head
    if cue.lower_ != "saying" or host.lemma_.lower() not in ("cite", "quote"):
        return None
    return next((c for c in host.children if c.dep_ == "dobj"), None)


def _name_before(cue: Token) -> tuple[int, int] | None:
    """'..., Dodik's lawyer, Anto Nobilo, said', 'Mark Simon, who worked with Lai, argued': a cue
    the parser left without a subject has for its sayer the person named just before it, when
    only a comma and that person's own aside (a relative clause, an apposition) stand between."""
    doc, sent = cue.doc, cue.sent
    if cue.i == 0 or doc[cue.i - 1].text != ",":
        return None
    people = [e for e in doc.ents if e.label_ == "PERSON" and sent.start <= e.start and e.end < cue.i]
    for ent in reversed(people):   # 'Lai' inside Mark Simon's aside is not the sayer
        aside = {t.i for t in ent.root.subtree}
        if all(i in aside or doc[i].is_punct for i in range(ent.end, cue.i)):
            return ent.start, ent.end
    return None


def _participle_host(node: Token) -> Token:
    """A subjectless participle ('adding', 'insisting') borrows the subject of its host clause;
    prefer a reporting host higher up over the nearest verb."""
    lex = load_cues()
    for anc in node.ancestors:
        if _is_cue(anc, lex) and any(c.dep_ in SUBJ_DEPS for c in anc.children):
            return anc
    return node.head


def _trimmed_range(tok: Token) -> tuple[int, int]:
    toks = [t for t in tok.subtree if t.dep_ != "relcl" and not any(
        a.dep_ == "relcl" and a in tok.subtree for a in t.ancestors if a.i != tok.i)]
    start, end = toks[0].i, toks[-1].i + 1
    doc = tok.doc
    while end > start + 1 and doc[end - 1].is_punct:
        end -= 1
    return start, end


class CharIndex:
    """Character offsets -> tokens of one Doc: the tokens' start and end offsets, both increasing,
    read once, so each lookup is a bisection instead of a walk over every token of the document."""

    def __init__(self, doc: Doc):
        self.doc = doc
        offsets = doc.to_array([IDX, LENGTH]).tolist()   # without building Token objects
        self.starts = [start for start, _ in offsets]
        self.ends = [start + length for start, length in offsets]
        self._sentence_of: list[int] | None = None   # token -> index of its sentence, when first asked

    def tokens(self, lo: int, hi: int) -> list[Token]:
        return [self.doc[i] for i in range(max(lo, 0), hi)]

    def token_at(self, char: int) -> Token:
        """The token holding a character offset (the last one starting at or before it)."""
        return self.doc[max(0, bisect_right(self.starts, char) - 1)]

    def sentence_index(self, char: int) -> int:
        """Index (in doc.sents) of the sentence holding a character offset."""
        if self._sentence_of is None:
            self._sentence_of = [k for k, sent in enumerate(self.doc.sents) for _ in range(len(sent))]
        return self._sentence_of[max(0, bisect_right(self.starts, char) - 1)]

    def inside(self, start: int, end: int) -> list[Token]:
        """The tokens that lie wholly in [start, end)."""
        return self.tokens(bisect_left(self.starts, start), bisect_right(self.ends, end))

    def starting_in(self, start: int, end: int) -> list[Token]:
        """The tokens that start in [start, end)."""
        return self.tokens(bisect_left(self.starts, start), bisect_left(self.starts, end))

    def first_after(self, char: int, n: int) -> list[Token]:
        """The first `n` tokens that start at or after `char`."""
        lo = bisect_left(self.starts, char)
        return self.tokens(lo, min(lo + n, len(self.starts)))

    def last_before(self, char: int, n: int) -> list[Token]:
        """The last `n` tokens that end at or before `char`."""
        hi = bisect_right(self.ends, char)
        return self.tokens(hi - n, hi)


def _direct_cue(index: CharIndex, inside: list[Token], start: int, end: int, lex: Lexicon) -> Token | None:
    """Reporting verb governing the quote, or adjacent to it ('...,” he said')."""
    inside_ids = {t.i for t in inside}
    for tok in inside:
        node = tok
        for _ in range(8):
            if node.i not in inside_ids and _is_cue(node, lex):
                return node
            if node.head.i == node.i:
                break
            node = node.head
    after = index.first_after(end, 4)
    before = index.last_before(start - 1, 4)
    for tok in after + list(reversed(before)):
        if _is_cue(tok, lex):
            return tok
    return None


def _content_root(inside: list[Token]) -> Token | None:
    ids = {t.i for t in inside}
    return next((t for t in inside if t.head.i not in ids or t.head.i == t.i), None)


def direct_quotes(doc: Doc, lex: Lexicon) -> list[QuoteSpan]:
    out, index, text = [], CharIndex(doc), doc.text   # Doc.text joins every token's text again on each access
    for start, end in quote_marks(text):
        inside = index.inside(start, end)
        if not inside:
            continue
        cue = _direct_cue(index, inside, start, end, lex)
        root = _content_root(inside)
        out.append(QuoteSpan(start, end, text[start:end], "direct",
                             cue.text if cue is not None else None,
                             cue.i if cue is not None else None,
                             (_speaker(cue) or _inverted_speaker(cue, end, index)) if cue is not None else None,
                             root.i if root is not None else None))
    return out


def _inverted_speaker(cue: Token, quote_end: int, index: CharIndex | None = None) -> tuple[int, int] | None:
    """'"...," said Kristian, who prefers ...': after a direct quotation English inverts the verb
    and its subject, and the parser may hang the name elsewhere; the name right after a cue that
    follows the closing mark is the sayer."""
    doc = cue.doc
    between = (index or CharIndex(doc)).starting_in(quote_end, cue.idx)
    if cue.idx < quote_end or any(not t.is_punct for t in between) or cue.i + 1 >= len(doc) \
            or doc[cue.i + 1].pos_ != "PROPN":
        return None
    end = cue.i + 1
    while end < len(doc) and doc[end].pos_ == "PROPN":
        end += 1
    return cue.i + 1, end


def _clause_range(root: Token, exclude: list[Token]) -> tuple[int, int]:
    """Contiguous token range of root's clause, cut at the excluded children."""
    start, end = root.left_edge.i, root.right_edge.i + 1
    for ex in exclude:
        lo, hi = ex.left_edge.i, ex.right_edge.i + 1
        if lo > root.i:
            end = min(end, lo)
        elif hi <= root.i:
            start = max(start, hi)
    doc = root.doc
    breaks = [t.i for t in doc[start:end] if "\n" in t.text]
    start = max([b + 1 for b in breaks if b < root.i] + [start])
    end = min([b for b in breaks if b > root.i] + [end])
    while start < end and (doc[start].is_punct or doc[start].dep_ == "mark"
                           and doc[start].lower_ == "that"):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def _span_quote(span: Span, cue: Token, cue_text: str, speaker, root: Token) -> QuoteSpan:
    return QuoteSpan(span.start_char, span.end_char, span.text, "indirect", cue_text, cue.i,
                     speaker, root.i)


def _reporting_exclusions(root: Token, lex: Lexicon) -> list[Token]:
    return [c for c in root.children
            if (c.dep_ in {"advcl", "conj"} and _is_cue(c, lex))
            or c.lower_ == "according"]


def cue_candidates(doc: Doc, lex: Lexicon) -> list[Token]:
    """Tokens whose lemma is a reporting verb, or 'according': found on the attribute arrays,
    so the whole document is not walked token by token (the stage's main cost)."""
    strings = doc.vocab.strings
    wanted = {strings.add(v) for v in lex.reporting_verbs} | {strings.add("according")}
    rows = doc.to_array([LEMMA, LOWER]).tolist()
    return [doc[i] for i, (lemma, lower) in enumerate(rows) if lemma in wanted or lower in wanted]


def indirect_quotes(doc: Doc, lex: Lexicon) -> list[QuoteSpan]:
    out = []
    for tok in cue_candidates(doc, lex):
        if tok.lemma_.lower() in lex.reporting_verbs and tok.pos_ in {"VERB", "AUX"}:
            for comp in (c for c in tok.children if c.dep_ == "ccomp"):
                start, end = _clause_range(comp, _reporting_exclusions(comp, lex))
                if end > start:
                    out.append(_span_quote(doc[start:end], tok, tok.text, _speaker(tok), comp))
        elif tok.lower_ == "according":
            out.extend(_according_to(tok, lex))
    return out


def _according_to(tok: Token, lex: Lexicon) -> list[QuoteSpan]:
    pobj = next((g for c in tok.children for g in c.children if g.dep_ == "pobj"), None)
    host = tok.head
    if pobj is None or host.i == tok.i:
        return []
    start, end = _clause_range(host, _reporting_exclusions(host, lex) + [tok])
    if end <= start:
        return []
    cue = tok.doc[tok.i:tok.i + 2].text
    return [_span_quote(tok.doc[start:end], tok, cue, _trimmed_range(pobj), host)]


def extract_quotes(doc: Doc) -> list[QuoteSpan]:
    """Direct quotes (in "" or “” marks) and indirect speech, in text order."""
    lex = load_cues()
    direct = direct_quotes(doc, lex)
    indirect = [q for q in indirect_quotes(doc, lex)
                if not any(d.start <= q.start and q.end <= d.end for d in direct)]
    quotes = direct + indirect
    return sorted(quotes, key=lambda q: (q.start, q.end))
