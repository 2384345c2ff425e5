"""A person described by a clause of their own (issue 16, session 11): 'X is the director of Y',
'X lectures at Y', 'X serves as Y', present tense only; and hyphenated country names. Sentences
written for these tests."""
from datetime import date

import pytest

PUB = date(2025, 3, 1)


def found(coder, text):
    return {m.text: (m.country, m.sector) for m in coder.code_text(text, pub_date=PUB).mentions}


@pytest.mark.parametrize("text,who,expected", [
    ("Mara Tillen is the executive director of the Harbin Policy Institute.", "Mara Tillen", (None, "NGO")),
    ("Jon Abak lectures on African politics at the University of Nairobi.", "Jon Abak", ("KEN", "EDU")),
    ("Peter Osk is now an analyst at the Lund Institute in Sweden.", "Peter Osk", ("SWE", "NGO")),
    ("Zara Mbeki serves as a senior adviser to the president.", "Zara Mbeki", (None, "GOV")),
])
def test_a_present_predicate_describes_the_person(coder, text, who, expected):
    assert found(coder, text)[who] == expected


@pytest.mark.parametrize("text,who", [
    # a past post is not what the person is now
    ("Lars Holm served as NATO secretary general from 2009 until 2014.", "Lars Holm"),
    ("Ines Varga was a researcher at the University of Lagos in the 1990s.", "Ines Varga"),
    # what the person talks about is no employer
    ("Jon Abak lectures on Nigerian politics.", "Jon Abak"),
])
def test_past_posts_and_topics_do_not_describe_the_person(coder, text, who):
    assert found(coder, text).get(who, (None, None)) == (None, None)


def test_surname_takes_the_code_of_the_predicate_description(coder):
    coded = coder.code_text("Jon Abak lectures at the University of Nairobi. \"The vote was fair,\" Abak said.",
                            pub_date=PUB)
    assert coded.quotes[0].speaker is not None
    assert (coded.quotes[0].speaker.country, coded.quotes[0].speaker.sector) == ("KEN", "EDU")


@pytest.mark.parametrize("text,who,expected", [
    # a capitalised second half makes another name: Guinea-Bissau is not Guinea
    ("Ana Lopes is the director of Guinea-Bissau's National Archive.", "Guinea-Bissau", "GNB"),
    ("The Turkish-mediated talks stalled on Monday.", "The Turkish", "TUR"),
])
def test_hyphenated_country_words(coder, text, who, expected):
    assert found(coder, text)[who][0] == expected


@pytest.mark.parametrize("text,who,expected", [
    ("Will Okafor, a Nigerian lawyer working in London, said the ruling was unfair.", "Will Okafor", ("NGA", "CVL")),
    ("Will Chen, a Taiwanese journalist living in Tokyo, said the law was vague.", "Will Chen", ("TWN", "MED")),
])
def test_a_misparsed_given_name_does_not_hide_the_apposition(coder, text, who, expected):
    # "Will" read as an auxiliary: the name still hangs from its last word
    assert found(coder, text)[who] == expected


@pytest.mark.parametrize("text,short,expected", [
    ("Karim al-Hassouni, a lawyer from Jordan, filed the appeal. Later, al-Hassouni told reporters "
     "the case was strong.", "al-Hassouni", ("JOR", "CVL")),
    ("Sara Lindqvist-Berg, a lawmaker from Sweden, opposed the bill. Lindqvist-Berg said it went too far.",
     "Lindqvist-Berg", ("SWE", "LEG")),
])
def test_a_hyphenated_or_particle_surname_is_the_full_name_shortened(coder, text, short, expected):
    assert found(coder, text)[short] == expected


@pytest.mark.parametrize("text,who,expected", [
    ("Lena Varga, who is Hungarian, said the border should stay open.", "Lena Varga", ("HUN", None)),
    ("Tomas Reyes, who is a lawyer in Manila, said the ruling was unfair.", "Tomas Reyes", ("PHL", "CVL")),
    ("Omar Diallo, who works for the University of Dakar, said the vote was fair.", "Omar Diallo", ("SEN", "EDU")),
])
def test_a_relative_clause_describes_the_person(coder, text, who, expected):
    assert found(coder, text)[who] == expected


def test_a_workplace_named_by_a_common_noun_is_its_of_phrases(coder):
    # session 14: "the office of X" is X's; "works at" also tells that a name the tagger took for a
    # body is a person's
    text = ("Noura Al-Fadhli works at the office of the Omani foreign minister. "
            "\"We answer every letter,\" Al-Fadhli said.")
    coded = coder.code_text(text, pub_date=PUB)
    assert (coded.quotes[0].speaker.country, coded.quotes[0].speaker.sector) == ("OMN", "GOV")
