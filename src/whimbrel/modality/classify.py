"""Modality of an event trigger token, decided by cues scoped by the dependency tree.

A cue counts only if it sits on the trigger itself or on a governor on the trigger's path up
to its clause boundary (relative clause, adverbial clause, report by a speaker, root).

Decisions (documented once, here):
- Precedence when several cues fire: hypothetical > negated > conditional > requested >
  proposed > possible > intended > reported > asserted. Conditional beats possible
  ("could hold talks if ..."); negation beats everything but counterfactuals, except where a
  condition, request, proposal, possibility or intention sits above it on the path and takes it
  into its scope ("asked X not to veto": requested; "if X does not pay": conditional; "may cancel
  the parade": possible), unless a finite clause lies between them ("hopes they do not come":
  negated). A governor's own negation ("cancel", "refuse") sits under that governor's
  auxiliaries. The factuality model reads such a scoped negation as negated
  (`ModalityResult.factuality_rule`). Chosen on train (session 13; EVALUATION.md "Negated recall").
- Negation does not reach into an embedded finite question ("did not say why it was banned"),
  nor into a verb conjunct that has its own subject, auxiliary or negation ("has not withdrawn,
  and the rebels have shelled"). "Has / is yet to V" negates V. An amount ("$95 million in aid")
  shares its event's fate.
- Negations are counted along the path; a negative implicative governor (refuse, decline,
  fail, deny, "false") counts as one, so "did not decline to attend" -> attend asserted.
  "not only ... but" is not a negation.
- Negation does not reach a presupposed event noun: one in a prepositional phrase ("failed to
  respond to the ultimatum", "did not take part in the talks") or one naming its own doer as the
  object ("rejected Kenya's request", "never condemned Russia's invasion"); the noun's own cues
  and the other classes still count; so does an object naming another actor's directive or offer
  ("declined the invitation", lexicon `others_acts`) or its doer with "by". Cancelling governors (cancel, postpone, block ...; lexicon
  `cancelling_governors`) are the exception: their object does not happen. "No" negates its own
  noun, not an event in that noun's prepositional modifier ("gave no details about the talks").
  Chosen on the event corpus's train split (session 12; docs/EVALUATION.md "Negation scope").
- `reported` is only for third-party claims: "reportedly"/"allegedly"/"is said to", a media
  reporter ("Bloomberg reported that", "according to the agency", "sources said"), or
  `reported_by_media=True` from the caller. An official speaker ("Peskov said X") keeps X
  `asserted`; the speaker is stored separately as attribution.
- The object of a presupposing preposition ("after the accident", "due to the ban", lexicon
  `presupposing_preps`) is a boundary: it happened whatever the sentence says of its governor.
- Nested report: "Peskov said the report that Russia demanded ... was false" -> demanded is
  `negated` (the speaker's denial wins over the media claim it embeds).
- The event inside an if-clause (the condition itself) is `conditional`, cue "if", as the
  annotation guide codes it ("if ...: conditional"); with "had" or "were" (counterfactual) it is
  `hypothetical`. A condition without "if", by subject-auxiliary inversion ("Had X V-ed", "Were X
  to V", "Should X V"; lexicon `inverted_conditions`), counts as the same phrase would.
- A verb in an infinitival purpose clause ("flew to Cairo to discuss the truce") or infinitival
  relative ("sent troops to keep the peace", "a way to reach them") is `intended`, unless the
  noun's lexicon entry says otherwise ("the decision to reopen": asserted, as the event corpus
  codes it); an event noun in such a clause keeps its own reading ("to protest the arrest": the
  arrest happened). Chosen on the factuality train files (UDS-IH2: 469 of 954 such targets the
  rule called asserted are annotated as not happening; session 14, EVALUATION.md).
- An imperative root ("Call your vet", "Let me know", "Stop the war!") and what inherits from it
  is `requested`: a command asks for the act (docs/annotation.md); chosen on the factuality train
  files, where 506 of 652 such UDS-IH2 targets are annotated as not happening (EVALUATION.md).
  So is a base-form adverbial or loose clause with no subject, auxiliary, marker or "to" ("...,
  please come back tomorrow"; session 14).
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from whimbrel.modality.cues import Lexicon, load_cues
from whimbrel.modality.findings import Findings, negation_of
from whimbrel.modality.reports import SUBJ_DEPS, is_media, is_impersonal_report, report_cues, subject

PRECEDENCE = ("hypothetical", "negated", "conditional", "requested", "proposed", "possible",
              "intended", "reported", "asserted")
SCORES = {"asserted": 3.0, "reported": 2.25, "negated": -3.0, "possible": 0.0,
          "conditional": 0.0, "intended": 0.75, "requested": -0.5, "proposed": -0.5,
          "hypothetical": -2.0}
QUESTION_DEPS = {"ccomp", "csubj", "pcomp", "xcomp"}
WH_TAGS = {"WRB", "WP", "WDT", "WP$"}
# Relations along which a complement inherits the modality of what governs it.
INHERIT_DEPS = {"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "acomp", "attr", "acl",
                "conj", "oprd", "agent", "nsubjpass", "nsubj", "csubj", "auxpass"}
NOMINAL_POS = {"NOUN", "PROPN", "PRON", "NUM"}
ARG_DEPS = {"nsubj", "nsubjpass", "dobj"}
AGENT_ENTITIES = {"GPE", "NORP", "ORG", "PERSON"}
AMOUNT_ENTITIES = {"MONEY", "QUANTITY", "CARDINAL"}


@dataclass(frozen=True)
class ModalityResult:
    modality: str
    cue: str | None
    condition: str | None
    score: float
    scoped_negation: str | None = None   # the cue of a negation a higher cue took into its scope

    def factuality_rule(self) -> tuple[str, str | None]:
        """The rule decision the factuality model reads: a negation in a request's or condition's
        scope ("asked Hungary not to veto": requested) still says the act is not expected to
        happen, which is what the factuality scale measures (chosen on its train targets)."""
        return ("negated", self.scoped_negation) if self.scoped_negation else (self.modality, self.cue)


def _is_not_only(tok: Token, lex: Lexicon) -> bool:
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and nxt.lower_ in lex.not_only_next


def _local_cues(node: Token, lex: Lexicon, found: Findings, via: str | None = None) -> None:
    """Aux, negation and adverb children of one node on the path; `via`: the relation by which the
    path reached `node` (None at the trigger)."""
    own = _no_det(node, lex)
    if own is not None:
        # "no" quantifies its own noun: "no talks" is negated, the talks of "no details about the
        # talks" are not (the trigger sits in the noun's prepositional modifier), nor is the verb
        # whose object that noun is ("had no choice but to leave": leave)
        if via == "prep" and node.pos_ in NOMINAL_POS:
            found.shielded.add(own.i)
        else:
            found.negate(own.i, own.text)
    for child in node.children:
        low, dep = child.lower_, child.dep_
        if dep in lex.neg_deps or (dep == "advmod" and low in lex.neg_advmod):
            if not _is_not_only(child, lex):
                found.negate(child.i, child.text)
        elif dep in ARG_DEPS and node.pos_ in {"VERB", "AUX"} and (det := _no_det(child, lex)) is not None:
            if det.i not in found.shielded:
                found.negate(det.i, det.text)
        elif dep == "aux" and low in lex.aux:
            found.add(_aux_class(node, child, lex), child.text)
        elif dep == "advmod" and low in lex.adverbs:
            found.add(lex.adverbs[low], child.text)
        elif dep == "amod" and node.pos_ in NOMINAL_POS and low in lex.modifiers:
            _add_modifier(lex.modifiers[low], child, found)


def _no_det(noun: Token, lex: Lexicon) -> Token | None:
    """'no talks were held', 'held no talks': the negating determiner of a noun, also where the
    parser hangs it on the noun's first compound ("sent no vaccine doses")."""
    for owner in [noun, *(c for c in noun.children if c.dep_ == "compound")][:2]:
        det = next((c for c in owner.children if c.dep_ == "det" and c.lower_ in lex.neg_det), None)
        if det is not None:
            return det
    return None


def _add_modifier(cls: str, cue: Token, found: Findings) -> None:
    if cls == "negated":
        found.negate(cue.i, cue.text)
    else:
        found.add(cls, cue.text)


def _aux_class(node: Token, aux: Token, lex: Lexicon) -> str:
    """'would/could/might have' + participle is counterfactual; else the lexicon class."""
    has_have = any(c.dep_ == "aux" and c.lemma_ == "have" and c.i > aux.i for c in node.children)
    if has_have and aux.lower_ in {"would", "could", "might", "should"} and node.tag_ == "VBN":
        return "hypothetical"
    return lex.aux[aux.lower_]


def _phrase_at(doc, i: int, lex: Lexicon) -> str | None:
    """The conditional phrase starting at token i (or at i-1 when that is 'only')."""
    for start in (i - 1, i):
        if start < 0:
            continue
        for phrase in lex.conditional_phrases:
            words = tuple(t.lower_ for t in doc[start:start + len(phrase)])
            if words == phrase and (start == i or phrase[0] == "only"):
                return " ".join(phrase)
    return None


def _conditional_child(node: Token, lex: Lexicon, found: Findings) -> None:
    """An advcl / prep / conj child of node that opens with a conditional phrase."""
    for child in node.children:
        if child.dep_ not in {"advcl", "prep", "conj", "advmod"}:
            continue
        phrase = _phrase_at(child.doc, child.left_edge.i, lex)
        if not phrase and child.dep_ == "advcl" and (inverted := _inverted_condition(child, lex)):
            found.add(inverted, child.left_edge.text)
            continue
        # an advmod counts only as the head of "as long as" (not the "only" of "only if")
        if not phrase or child.dep_ == "advmod" and phrase.startswith("only"):
            continue
        if child.dep_ == "advcl" and _is_counterfactual(child):
            found.add("hypothetical", phrase)
        elif found.condition is None:
            found.add("conditional", phrase)
            found.condition = _condition_text(child, phrase)


def _condition_text(clause: Token, phrase: str) -> str:
    doc = clause.doc
    start = clause.left_edge.i
    if phrase.startswith("only") and start > 0 and doc[start - 1].lower_ == "only":
        start -= 1
    if clause.dep_ == "cc":
        return phrase
    return doc[start:clause.right_edge.i + 1].text.rstrip(" ,.")


def _inverted_condition(clause: Token, lex: Lexicon) -> str | None:
    """'Had X V-ed', 'Were X to V', 'Should X V': a clause that opens with an auxiliary before its
    own subject is a condition without 'if'; its class is the lexicon's for that auxiliary."""
    first = clause.left_edge
    cls = lex.inverted_conditions.get(first.lower_)
    opens_clause = first.i == clause.i or (first.head.i == clause.i and first.dep_ in {"aux", "auxpass"})
    subj = subject(clause)
    if cls and opens_clause and subj is not None and subj.i > first.i:
        return cls
    return None


def _is_counterfactual(clause: Token) -> bool:
    """'if X had V-ed' / 'if X were'."""
    aux = [c for c in clause.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.lower_ == "had" for a in aux) and clause.tag_ == "VBN":
        return True
    return clause.lower_ == "were" or any(a.lower_ == "were" for a in aux)


def _governor_class(child: Token, head: Token, lex: Lexicon) -> str | None:
    """Class the governor `head` imposes on its complement `child`, if any."""
    key = f"{head.lemma_.lower()}_noun" if head.pos_ == "NOUN" else head.lemma_.lower()
    gov = lex.governors.get(key) or lex.governors.get(head.lemma_.lower())
    # a conjunct of the governor is its sibling, not its complement ("considers X illegitimate and
    # accused Y": accused is asserted); a conjunct of a complement gets the class on the next edge up
    # subjects count only where the entry lists them ("the flight was delayed": nsubjpass of delay)
    if gov is None or child.dep_ not in gov.deps:
        return None
    if gov.other_subject and _has_other_subject(child, head):
        return gov.other_subject
    return gov.cls


def _has_other_subject(child: Token, head: Token) -> bool:
    own = any(c.dep_ in SUBJ_DEPS for c in child.children)
    obj = any(c.dep_ == "dobj" for c in head.children) and child.dep_ == "xcomp"
    return own or obj


def _walk(trigger: Token, lex: Lexicon, found: Findings) -> None:
    """Collect cues from the trigger up to its clause boundary."""
    node, via, own_clause = trigger, None, False
    while True:
        if not own_clause:   # a conjunct that is a clause of its own skips its sibling's cues
            _local_cues(node, lex, found, via)
        _conditional_child(node, lex, found)
        head = node.head if node.head.i != node.i else None
        report_cues(node, head if node.dep_ == "xcomp" else None, lex, found)
        if (head is None and is_imperative(node)) or _is_bare_clause(node):
            found.add("requested", node.text)
        if head is None or not _crosses(node, head, lex, found):
            return
        node, via, own_clause = head, node.dep_, _is_own_conjunct(node)
        found.level += 1


def _is_own_conjunct(node: Token) -> bool:
    """A verb conjunct with its own subject, auxiliary or negation, or finite where its sibling has
    an auxiliary, is not under its sibling's negation or modal: "has never condemned the invasion,
    and their partnership has helped", "aren't allowed to leave and could become hostages"."""
    if node.dep_ != "conj" or node.pos_ not in {"VERB", "AUX"}:
        return False
    own = {c.dep_ for c in node.children}
    if own & (SUBJ_DEPS | {"aux", "auxpass", "neg"}):
        return True
    return node.tag_ in {"VBD", "VBZ", "VBP"} and any(c.dep_ == "aux" for c in node.head.children)


def is_imperative(root: Token) -> bool:
    """A root verb in the base form with no subject and no auxiliary: 'Call your vet.'"""
    return root.dep_ == "ROOT" and _bare_base_form(root, {"expl", "aux"})


def _is_bare_clause(node: Token) -> bool:
    """An adverbial or loose clause in the base form with no subject, auxiliary, marker or "to": a
    command ("The office is closed today, please come back tomorrow")."""
    return node.dep_ in {"advcl", "dep", "parataxis"} and _bare_base_form(node, {"expl", "aux", "auxpass", "mark"})


def _bare_base_form(verb: Token, without: set[str]) -> bool:
    """A base-form verb (VB) with no subject and no child of the `without` relations."""
    return verb.tag_ == "VB" and not any(c.dep_ in SUBJ_DEPS or c.dep_ in without for c in verb.children)


def _crosses(node: Token, head: Token, lex: Lexicon, found: Findings) -> bool:
    """Record what the edge node->head contributes; False when the edge is a boundary."""
    dep = node.dep_
    if dep == "advcl":
        phrase = _phrase_at(node.doc, node.left_edge.i, lex)
        # the condition's marker sits above its clause: "if X does not pay" is a condition
        if phrase:
            found.add("hypothetical" if _is_counterfactual(node) else "conditional", phrase, above=1)
        elif inverted := _inverted_condition(node, lex):
            found.add(inverted, node.left_edge.text, above=1)
        elif head.pos_ == "AUX" and head.dep_ == "advcl" and (inverted := _inverted_condition(head, lex)):
            found.add(inverted, head.text, above=1)  # "Were Ankara to expel ...": the act hangs from "Were"
        elif _is_infinitive(node) and found.verbal:
            found.add("intended", "to", above=1)  # a purpose: "flew to Cairo to discuss the truce"
        return False
    if dep in {"acl", "relcl"} and found.verbal and head.pos_ in NOMINAL_POS and _is_infinitive(node) \
            and _governor_class(node, head, lex) is None:
        found.add("intended", "to", above=1)  # "troops to keep the peace", "a way to reach them"
        if dep == "relcl":
            return False
    if dep not in INHERIT_DEPS or dep == "pobj" and _presupposed(head, lex):
        return False
    cls = _governor_class(node, head, lex)
    if dep == "ccomp" and subject(node) is not None and not _is_infinitive(node):
        found.clauses.append(found.level + 1)   # a finite clause: see _resolve
    if dep == "xcomp" and head.lemma_.lower() in lex.yet_to and (yet := _child(head, "advmod", "yet")):
        found.negate(yet.i, "yet to", above=0.5)   # "has yet to respond": it has not responded
    if _is_question(node):
        found.negation_closed = True   # "did not say why the book was banned": the ban happened
    governor = head.head if dep == "pobj" else head   # a preposition's object: its phrase's governor
    if node.pos_ == "NOUN" and governor.lemma_.lower() not in lex.cancelling and not _is_amount(governor) and (
            dep == "pobj" or dep == "dobj" and (_has_own_agent(node) or node.lemma_.lower() in lex.others_acts)):
        found.negation_closed = True
    if dep in SUBJ_DEPS and head.lemma_ not in lex.support_verbs and head.pos_ != "AUX" and cls is None:
        return False
    if cls == "negated":   # under the governor's own cues: "may ban the rally" is possible
        found.negate(head.i, head.text, above=0.5)
    elif cls:
        found.add(cls, head.text, above=1)
    if dep == "ccomp" and head.lemma_ in lex.reporting_verbs and cls is None:
        if is_media(subject(head), lex) or is_impersonal_report(head, lex):
            found.add("reported", head.text, above=1)
        return False
    return True


def _is_amount(head: Token) -> bool:
    """'$95 million in aid', 'two rounds of talks': an amount of the event, which shares its fate."""
    return head.pos_ == "NUM" or head.ent_type_ in AMOUNT_ENTITIES


def _is_infinitive(clause: Token) -> bool:
    return _child(clause, "aux", "to") is not None


def _child(node: Token, dep: str, lower: str) -> Token | None:
    return next((c for c in node.children if c.dep_ == dep and c.lower_ == lower), None)


def _is_question(clause: Token) -> bool:
    """An embedded question ("why X was banned", "whether we will transfer him", "how it would
    act"): a negation above it denies knowing or saying, not the event. An infinitival one is left
    to the negation ("does not know what to do": nothing is done)."""
    if clause.dep_ not in QUESTION_DEPS or _is_infinitive(clause):
        return False
    return any(c.i < clause.i and (c.tag_ in WH_TAGS or c.lower_ == "whether") for c in clause.children)


def _has_own_agent(noun: Token) -> bool:
    """An event noun that names its own doer ("Kenya's request", "the U.S. ultimatum", "accusations
    made by X", "a request by Chile"): it denotes that actor's act, which what others do about it
    does not undo."""
    for c in noun.children:
        if c.dep_ == "poss" and c.pos_ != "PRON" or c.dep_ in {"compound", "amod"} and c.ent_type_ in AGENT_ENTITIES:
            return True
        if c.dep_ == "prep" and c.lower_ == "by":
            return True
        if c.dep_ == "acl" and any(g.dep_ == "agent" for g in c.children):
            return True
    return False


def _presupposed(prep: Token, lex: Lexicon) -> bool:
    """The object of `prep` is taken for granted: "after the accident", "due to the ban"."""
    if prep.lower_ in lex.presupposing_preps or prep.lower_ in lex.presupposing_compounds:
        return True  # "because" heads the pobj itself when "of" is parsed as its pcomp
    return prep.lower_ in {"to", "of"} and prep.head.lower_ in lex.presupposing_compounds \
        and prep.head.i == prep.i - 1


def _resolve(found: Findings, negation: str | None, reported_by_media: bool) -> tuple[str, str | None]:
    candidates = [(c, cue) for c, cue, _ in found.classes]
    if negation is not None:
        candidates.append(("negated", negation))
    if reported_by_media:
        candidates.append(("reported", None))
    for cls in PRECEDENCE:
        for c, cue in candidates:
            if c == cls:
                return c, cue
    return "asserted", None


def classify_trigger(trigger: Token, *, reported_by_media: bool = False,
                     lexicon: Lexicon | None = None) -> ModalityResult:
    """Modality of the event expressed by `trigger`.

    `reported_by_media`: the caller knows the enclosing attribution is a media outlet; the
    event is then `reported` unless a stronger modality applies.
    """
    lex = lexicon or load_cues()
    found = Findings(verbal=trigger.pos_ in {"VERB", "AUX"})
    _walk(trigger, lex, found)
    negation, outscoped = negation_of(found)
    modality, cue = _resolve(found, None if outscoped else negation, reported_by_media)
    condition = found.condition if modality == "conditional" else None
    return ModalityResult(modality, cue, condition, SCORES[modality], negation if outscoped else None)
