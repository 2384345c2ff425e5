"""Modality rules on hand-written sentences (parsed with the small English model)."""
import pytest

from whimbrel.models import MODALITIES
from whimbrel.modality.classify import classify_trigger
from whimbrel.modality.cues import load_cues


def _trigger(doc, word):
    return next(t for t in doc if t.text == word)


CASES = [
    ("The army shelled the village on Monday.", "shelled", "asserted"),
    ("Russia has not held talks with France.", "held", "negated"),
    ("No talks were held last week.", "held", "negated"),
    ("The minister never visited the border.", "visited", "negated"),
    ("The envoy declined to comment on the leaks.", "comment", "negated"),
    ("The envoy declined to comment on the leaks.", "declined", "asserted"),
    ("The rebels did not decline to attend.", "attend", "asserted"),
    # what is delayed, cancelled or prevented did not happen; "nearly" broke = did not break
    ("The summit was postponed until spring.", "summit", "negated"),
    ("Ankara cancelled the talks with Athens.", "talks", "negated"),
    ("Ankara did not cancel the talks with Athens.", "talks", "asserted"),
    ("The court blamed a delay in the handover of the prisoners.", "handover", "negated"),
    ("The guards prevented the protest from spreading.", "protest", "negated"),
    ("The rebels nearly captured the airport.", "captured", "negated"),
    ("Nearly 40 soldiers were killed in the attack.", "killed", "asserted"),
    # the object of "after", "due to", "because of" is presupposed, not delayed or negated with it
    ("The visit was postponed after the bombing in the capital.", "bombing", "asserted"),
    ("Ankara cancelled the talks due to the blockade of the port.", "blockade", "asserted"),
    ("The envoy did not travel because of the strike at the airport.", "strike", "asserted"),
    ("The envoy did not travel before the election.", "travel", "negated"),
    # what is feared or attempted has not happened
    ("Markets fell on fears of a new war in the region.", "war", "possible"),
    ("The army launched an effort to retake the town.", "retake", "intended"),
    ("Not only did the army attack, but it also shelled the town.", "shelled", "asserted"),
    ("The two leaders could meet next month.", "meet", "possible"),
    ("Perhaps the rebels will withdraw.", "withdraw", "possible"),
    ("The sides agreed to discuss a potential follow-up meeting.", "meeting", "possible"),
    ("Japan will hold talks only if Korea withdraws.", "hold", "conditional"),
    ("The two leaders could meet if the delegations reach a deal.", "meet", "conditional"),
    ("Egypt is going to withdraw as long as Sudan agrees.", "withdraw", "conditional"),
    ("Chile is ready to resume contacts with Peru.", "resume", "intended"),
    ("The government plans to build a new base.", "build", "intended"),
    ("Brazil wants Bolivia to withdraw its troops.", "withdraw", "requested"),
    ("The president said that Canada should agree to the deal.", "agree", "requested"),
    ("The union urged the company to raise wages.", "raise", "requested"),
    ("Instead, it proposed holding direct negotiations.", "holding", "proposed"),
    ("The rebels reportedly attacked the base.", "attacked", "reported"),
    ("Bloomberg reported that Russia set out a list of conditions.", "set", "reported"),
    ("The spokesman said that Russia set out a list of conditions.", "set", "asserted"),
    ("According to the agency, Moscow also sent troops.", "sent", "reported"),
    ("The army would have attacked if the rebels had refused.", "attacked", "hypothetical"),
    # a command asks for the act; a subject or an auxiliary makes the base form no command
    ("Release the prisoners now.", "Release", "requested"),
    ("Stop the shelling and withdraw your troops.", "withdraw", "requested"),
    ("Do not attack the convoy.", "attack", "negated"),
    ("They release the prisoners every spring.", "release", "asserted"),
    # the condition itself is conditional, as the guide codes "if ..."; inversion without "if"
    ("The bloc will lift sanctions if the junta frees the detained ministers.", "frees", "conditional"),
    ("Unless Belgrade recalls its envoy, Pristina will close the border.", "recalls", "conditional"),
    ("Had the militia withdrawn in spring, the town would have been spared.", "withdrawn", "hypothetical"),
    ("Were Ankara to expel the diplomats, Tehran would retaliate.", "expel", "hypothetical"),
    ("Should the talks collapse, the mediators will leave Doha.", "collapse", "conditional"),
    # an unnamed or media source makes a report; a named or singled-out source's word is theirs
    ("Rebels shelled the airport overnight, according to witnesses.", "shelled", "reported"),
    ("The navy seized two tankers, according to a maritime monitoring group.", "seized", "reported"),
    ("The army seized two tankers, according to the defence ministry.", "seized", "asserted"),
    ("The army seized two tankers, according to Colonel Petrov.", "seized", "asserted"),
    ("State television said the president had dissolved parliament.", "dissolved", "reported"),
    ("It was reported that the envoys had met in Muscat.", "met", "reported"),
    ("Kyodo News reported that the ministers had signed the accord.", "signed", "reported"),
    ("The press secretary told reporters that the president had signed the accord.", "signed", "asserted"),
    # negation stops at a presupposed event noun: in a prepositional phrase, or naming its own doer
    ("Chile did not take part in the talks in Lima.", "talks", "asserted"),
    ("Chile did not take part in the talks in Lima.", "take", "negated"),
    ("The junta failed to respond to the ECOWAS ultimatum.", "ultimatum", "asserted"),
    ("The junta failed to respond to the ECOWAS ultimatum.", "respond", "negated"),
    ("Seoul rejected Tokyo's demand for compensation.", "demand", "asserted"),
    ("Brazil has never condemned Venezuela's crackdown on the opposition.", "crackdown", "asserted"),
    ("The ministry gave no details about the negotiations.", "negotiations", "asserted"),
    ("No negotiations took place.", "negotiations", "negated"),
    ("Peru did not hold talks with Chile.", "talks", "negated"),
    ("Peru did not hold its planned talks with Chile.", "talks", "negated"),
    # ... except under cancelling governors: what they stop does not happen
    ("Quito cancelled Lima's visit to the border.", "visit", "negated"),
    ("The guards blocked the march of the students.", "march", "negated"),
    # an infinitival purpose or relative: the act is intended, not done (its object noun keeps its own reading)
    ("Russia flew envoys to Cairo to discuss the truce.", "discuss", "intended"),
    ("The army sent troops to keep the peace.", "keep", "intended"),
    ("Workers gathered to protest the arrest of a union leader.", "arrest", "asserted"),
    ("Cambodia praised the decision to reopen the border.", "reopen", "asserted"),
    # obligations are requests (as "must"); "forgot to" did not happen
    ("You need to renew the permit.", "renew", "requested"),
    ("The convoy is supposed to arrive today.", "arrive", "requested"),
    ("He forgot to sign the letter.", "sign", "negated"),
    ("They managed to sign the letter.", "sign", "asserted"),
    # a base-form clause with no subject, auxiliary or "to" beside the root is a command
    ("The office is closed today, please come back tomorrow.", "come", "requested"),
]


@pytest.mark.parametrize("text,word,expected", CASES)
def test_classify_trigger_modality(nlp_sm, text, word, expected):
    result = classify_trigger(_trigger(nlp_sm(text), word))
    assert result.modality == expected, result
    assert result.modality in MODALITIES
    assert -3.0 <= result.score <= 3.0


def test_classify_conditional_keeps_condition_text(nlp_sm):
    doc = nlp_sm("The two leaders could meet if the delegations reach a firm deal.")
    result = classify_trigger(_trigger(doc, "meet"))
    assert result.modality == "conditional"
    assert result.condition == "if the delegations reach a firm deal"
    assert result.cue == "if"


def test_classify_possible_but_only_as_a_result_is_conditional(nlp_sm):
    doc = nlp_sm("The envoy said a summit “is possible but only as a result of "
                 "the work of both delegations.”")
    result = classify_trigger(_trigger(doc, "summit"))
    assert result.modality == "conditional"
    assert result.condition.startswith("only as a result of the work")


def test_classify_cue_outside_the_path_does_not_count(nlp_sm):
    doc = nlp_sm("The army shelled the town, and the rebels may retaliate.")
    assert classify_trigger(_trigger(doc, "shelled")).modality == "asserted"
    assert classify_trigger(_trigger(doc, "retaliate")).modality == "possible"


def test_classify_nested_report_denied_is_negated(nlp_sm):
    doc = nlp_sm("Peskov denied that Russia had demanded a withdrawal.")
    assert classify_trigger(_trigger(doc, "demanded")).modality == "negated"


def test_classify_negation_inside_media_report(nlp_sm):
    doc = nlp_sm("Reuters reported that the army had not attacked the town.")
    assert classify_trigger(_trigger(doc, "attacked")).modality == "negated"


def test_classify_reported_by_media_hook(nlp_sm):
    doc = nlp_sm("The army attacked the town.")
    trig = _trigger(doc, "attacked")
    assert classify_trigger(trig).modality == "asserted"
    assert classify_trigger(trig, reported_by_media=True).modality == "reported"


def test_cues_lexicon_classes_are_modalities():
    lex = load_cues()
    assert set(lex.aux.values()) <= set(MODALITIES)
    assert all(g.cls in MODALITIES for g in lex.governors.values())


def test_stage_negated_intention_to_cooperate_is_a_refusal(coder):
    from datetime import date
    coded = coder.code_text("Hungary will not accept refugees from Serbia.", pub_date=date(2025, 5, 17))
    types = [(e.event_type, e.modality) for e in coded.events]
    assert ("REJECT", "asserted") in types and not any(t == "AGREE" for t, _ in types)


def test_stage_negated_past_act_stays_negated(coder):
    from datetime import date
    coded = coder.code_text("Russia has not held talks with the US.", pub_date=date(2025, 5, 17))
    assert [(e.event_type, e.modality) for e in coded.events] == [("CONSULT", "negated")]
