"""Trigger lexicon: verbs, light verbs, nominals, compounds, reporting verbs, data errors.

Sentences are written for these tests (not taken from any evaluation data)."""
from pathlib import Path
import shutil

import pytest

from whimbrel.events.lexicon import (
    REPORTING_VERBS, LexiconError, TriggerLexicon, is_reporting_verb, load_lexicon,
)
from whimbrel.events.lexicon_data import DATA_DIR


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def _token(doc, word):
    for t in doc:
        if t.text == word:
            return t
    raise AssertionError(f"{word!r} not in {doc.text!r}")


VERB_CASES = [
    ("The two delegations sat down for a two-hour meeting in Istanbul.", "sat", "CONSULT"),
    ("Both sides agreed to exchange their ceasefire proposals.", "agreed", "AGREE"),
    ("Kyiv agreed to a major prisoner exchange.", "agreed", "AGREE"),
    ("The president refused to call a new election.", "refused", "REJECT"),
    ("Moscow set out a list of conditions for a truce.", "set", "REQUEST"),
    ("Ukraine demanded that Moscow agree to an unconditional ceasefire.", "demanded", "REQUEST"),
    ("The minister proposed holding direct negotiations with Kyiv.", "proposed", "AGREE"),
    ("The minister proposed holding direct negotiations with Kyiv.", "holding", "CONSULT"),
    ("The president insisted that Kyiv should withdraw its troops.", "insisted", "REQUEST"),
    ("The leaders held talks with the US on Friday.", "held", "CONSULT"),
    ("Rebel fighters attacked a police station overnight.", "attacked", "ASSAULT"),
    ("The convoy was attacked by gunmen near the border.", "attacked", "ASSAULT"),
    ("The EU imposed new sanctions on Moscow.", "imposed", "SANCTION"),
    ("Sanctions were imposed on Iran last year.", "imposed", "SANCTION"),
    ("The Kremlin considers the Ukrainian president illegitimate.", "considers", "ACCUSE"),
    ("The prime minister phoned his French counterpart on Monday.", "phoned", "CONSULT"),
    ("The army pulled out of the town after heavy losses.", "pulled", "RETREAT"),
    ("Workers went on strike in Paris.", "went", "PROTEST"),
    ("Russian forces struck a power plant in Kharkiv.", "struck", "ASSAULT"),
    ("The two firms struck a deal on gas transit.", "struck", "AGREE"),
    ("Moscow and Kyiv swapped 390 prisoners on Friday.", "swapped", "RETREAT"),
    ("The ministry summoned the French ambassador.", "summoned", "ACCUSE"),
    ("The government lifted the sanctions on Syria.", "lifted", "RETREAT"),
    ("Police arrested dozens of opposition activists.", "arrested", "COERCE"),
    ("The UN condemned the bombing of the hospital.", "condemned", "ACCUSE"),
    ("The government rejected the proposal.", "rejected", "REJECT"),
    ("The rebels launched an offensive near the border.", "launched", "ASSAULT"),
    ("The opposition called for early elections.", "called", "REQUEST"),
    ("Iran threatened to close the strait.", "threatened", "THREATEN"),
    ("The army deployed troops along the frontier.", "deployed", "MOBILIZE"),
    ("The US sent weapons to its ally.", "sent", "AID"),
    ("Thousands of people protested against the new law.", "protested", "PROTEST"),
    ("The ministry praised the agreement.", "praised", "SUPPORT"),
]


@pytest.mark.parametrize("sentence,word,plover", VERB_CASES)
def test_match_verb(nlp_sm, lex, sentence, word, plover):
    m = lex.match_verb(_token(nlp_sm(sentence), word))
    assert m is not None, f"no match for {word!r}"
    assert m.plover == plover, m


NOUN_CASES = [
    ("Kyiv agreed to a major prisoner exchange.", "exchange", "RETREAT", "release"),
    ("Both sides exchanged their ceasefire proposals.", "proposals", "AGREE", None),
    ("The peace talks resumed in Geneva.", "talks", "CONSULT", None),
    ("The airstrikes killed twelve people.", "airstrikes", "ASSAULT", "aerial"),
    ("The sanctions hurt the economy.", "sanctions", "SANCTION", "discontinue"),
    ("The invasion began at dawn.", "invasion", "ASSAULT", None),
    ("A general strike paralysed the country.", "strike", "PROTEST", "strike"),
    ("The summit ended without a statement.", "summit", "CONSULT", None),
]


@pytest.mark.parametrize("sentence,word,plover,mode", NOUN_CASES)
def test_match_noun(nlp_sm, lex, sentence, word, plover, mode):
    m = lex.match_noun(_token(nlp_sm(sentence), word))
    assert m is not None and m.layer == "nominal"
    assert (m.plover, m.mode) == (plover, mode), m


def test_compound_modifier_is_not_itself_the_event(nlp_sm, lex):
    doc = nlp_sm("Both sides exchanged their ceasefire proposals.")
    assert lex.match_noun(_token(doc, "ceasefire")) is None


def test_light_verb_object_carries_meaning(nlp_sm, lex):
    doc = nlp_sm("The two leaders had a phone call on Tuesday.")
    m = lex.match_verb(_token(doc, "had"))
    assert m is not None and m.plover == "CONSULT" and m.mode == "phone"
    assert m.noun is not None and m.noun.text == "call"
    assert m.pattern.startswith("verb_patterns.yaml:light:have+")


def test_verb_object_reports_noun_and_pattern(nlp_sm, lex):
    m = lex.match_verb(_token(nlp_sm("The leaders held talks with the US."), "held"))
    assert m.layer == "curated" and m.noun.text == "talks"
    assert m.pattern == "verb_patterns.yaml:hold+talk"


@pytest.mark.parametrize("sentence,word", [
    ("The spokesman said the talks were productive.", "said"),
    ("The minister told reporters that the deal was close.", "told"),
    ("He added that the army would respond.", "added"),
])
def test_reporting_verbs_return_none(nlp_sm, lex, sentence, word):
    tok = _token(nlp_sm(sentence), word)
    assert is_reporting_verb(tok)
    assert lex.match_verb(tok) is None


def test_according_to_is_reporting(nlp_sm):
    tok = _token(nlp_sm("According to the ministry, the troops withdrew."), "According")
    assert is_reporting_verb(tok)


def test_reporting_list_loaded_from_data():
    assert {"say", "tell", "report"} <= REPORTING_VERBS
    assert "insist" not in REPORTING_VERBS


def test_cameo_fallback_layer(nlp_sm, lex):
    m = lex.match_verb(_token(nlp_sm("Israeli bulldozers demolished several homes."),
                              "demolished"))
    assert m is not None and m.layer == "cameo" and m.pattern.startswith("cameo_verbs.jsonl:")


def test_curated_null_blocks_fallback(nlp_sm, lex):
    assert lex.match_verb(_token(nlp_sm("The president called a snap election."),
                                 "called")) is None


def test_load_is_cached():
    assert load_lexicon() is load_lexicon()


def _copy_data(tmp_path: Path) -> Path:
    d = tmp_path / "events"
    shutil.copytree(DATA_DIR, d)
    return d


def test_unknown_plover_type_names_file_and_entry(tmp_path):
    d = _copy_data(tmp_path)
    p = d / "verb_patterns.yaml"
    p.write_text(p.read_text().replace("{verb: riot, prep: null, plover: PROTEST",
                                       "{verb: riot, prep: null, plover: RIOTING"))
    with pytest.raises(LexiconError, match=r"verb_patterns\.yaml: entry #\d+ \(riot\).*RIOTING"):
        TriggerLexicon.load(d)


def test_malformed_nominal_entry(tmp_path):
    d = _copy_data(tmp_path)
    p = d / "nominal_triggers.yaml"
    p.write_text(p.read_text() + "  - {plover: ASSAULT}\n")
    with pytest.raises(LexiconError, match=r"nominal_triggers\.yaml: entry #\d+: missing"):
        TriggerLexicon.load(d)


def test_malformed_cameo_line(tmp_path):
    d = _copy_data(tmp_path)
    with (d / "cameo_verbs.jsonl").open("a") as fh:
        fh.write("{not json\n")
    with pytest.raises(LexiconError, match=r"cameo_verbs\.jsonl: entry line \d+"):
        TriggerLexicon.load(d)


def test_lexicon_holding_people_as_human_shields_is_coerce(coder):
    ev = coder.code_text("Rebel fighters were holding villagers as human shields near Goma.").events
    assert ev and ev[0].event_type == "COERCE"
