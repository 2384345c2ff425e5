"""A body's name and the titles hung on it (issue 16, session 12); sentences written for these tests."""

from spacy.tokens import Doc

from whimbrel.actors.dictionary import load_tables
from whimbrel.actors.grammar import describe
from whimbrel.actors.mentions import ActorSpan


def test_a_body_placed_once_is_placed_wherever_its_name_comes_again(speaker_codes):
    text = ("The Brussels-based Windcraft Foundation published a report on Monday.\n"
            "\"Growth is too slow,\" Windcraft Foundation's policy chief Ivan Pardo said.")
    assert speaker_codes(text) == [("BEL", "NGO")]


def test_a_business_title_of_a_non_business_body_takes_the_bodys_sector(speaker_codes):
    # the chief executive of a foundation speaks for the foundation (NGO), not for business
    text = ("The Brussels-based Windcraft Foundation published a report on Monday.\n"
            "\"Wind is cheaper than coal,\" Windcraft Foundation's CEO Ana Lund said in a statement.")
    assert speaker_codes(text) == [("BEL", "NGO")]


def test_a_business_title_of_a_company_stays_business(speaker_codes):
    text = "\"Sales fell,\" said Ana Lund, the CEO of Nordvik Holdings."
    assert speaker_codes(text) == [(None, "BUS")]


def test_a_title_the_parser_hung_from_the_given_name_still_describes_the_person(nlp_sm):
    # "Windcraft's CEO Ana Lund" parsed with 'CEO' on 'Ana' (as a misparse makes it) rather than
    # on 'Lund': the title and its possessor still describe the person
    words = ["Windcraft", "'s", "CEO", "Ana", "Lund", "said", "."]
    heads = [2, 0, 3, 4, 5, 5, 5]
    deps = ["poss", "case", "compound", "compound", "nsubj", "ROOT", "punct"]
    doc = Doc(nlp_sm.vocab, words=words, heads=heads, deps=deps,
              pos=["PROPN", "PART", "NOUN", "PROPN", "PROPN", "VERB", "PUNCT"],
              tags=["NNP", "POS", "NN", "NNP", "NNP", "VBD", "."],
              ents=["B-ORG", "O", "O", "B-PERSON", "I-PERSON", "O", "O"])
    body = ActorSpan(start=0, end=1, start_char=0, end_char=9, text="Windcraft", actor_id="org:windcraft",
                     name="Windcraft", country="BEL", sector="NGO", kind="organisation",
                     entity_type="ORG", how="based")
    d = describe(doc[3:5], [body], load_tables())
    assert (d.country, d.sector) == ("BEL", "NGO")


def test_an_academic_unit_is_its_universitys(speaker_codes):
    text = "Laura Finch, director of Stanford University's Global Trade Institute, said the figures were strong."
    assert speaker_codes(text) == [("USA", "EDU")]


def test_an_outlets_unit_is_not_read_as_a_university(speaker_codes):
    # only a university or think tank lends its units its code here: an outlet's service is not EDU
    text = "Laura Finch, director of Reuters' Global Trade Desk, said the figures were strong."
    assert ("USA", "EDU") not in speaker_codes(text)


def test_a_nationality_on_a_bodys_apposition_places_the_body(speaker_codes):
    text = ("Mina Chai, program director for the Lotus Rights Foundation, a Thai rights group, "
            "says the number appears to include the five men still in prison.")
    assert speaker_codes(text) == [("THA", "NGO")]


def test_a_group_noun_modifying_a_body_is_not_the_actor(speaker_codes):
    # head-final: a "media association" is an association (NGO), "farmers association" too
    text = ("The independent Cambodian media association PressWatch said the arrest was a warning.\n"
            "A Kenyan farmers association said the drought had cost millions.")
    assert speaker_codes(text) == [("KHM", "NGO"), ("KEN", "NGO")]


def test_a_country_named_body_stays_the_states(speaker_codes):
    # the country names the body and no group noun modifies it: a national centre keeps GOV
    text = "The Ghana Center for Disease Control said cases were rising."
    assert speaker_codes(text) == [("GHA", "GOV")]
