"""A person placed by where they work or live (issue 16, session 8): a city, a province or an
employer linked to the person by the grammar, on sentences written for these tests."""
from datetime import date

import pytest

PUB = date(2025, 3, 1)


def found(coder, text):
    return {m.text: (m.country, m.sector) for m in coder.code_text(text, pub_date=PUB).mentions}


@pytest.mark.parametrize("text,who,country", [
    ("Tomas Veil, a researcher in Lahore, said the plan would fail.", "Tomas Veil", "PAK"),
    ("Omar Hadid, a council member in Kandahar province, said the road was closed.", "Omar Hadid", "AFG"),
    ("Lena Park, a fellow at the Harbor Policy Center in Honolulu, said talks were likely.", "Lena Park", "USA"),
    ("Jan Bos, a lecturer in Modern Chinese Studies at Lorrow University in the Netherlands, "
     "said the law was vague.", "Jan Bos", "NLD"),
])
def test_place_of_work_linked_by_grammar_gives_the_country(coder, text, who, country):
    assert found(coder, text)[who][0] == country


@pytest.mark.parametrize("text,who", [
    # a field of study is not a country
    ("Ali Varan, an expert in Chinese politics, said the summit mattered.", "Ali Varan"),
    # a city merely mentioned in the sentence is not where the person works
    ("Mira Sol, a consultant, said the talks in Lahore had stalled.", "Mira Sol"),
])
def test_a_place_the_grammar_does_not_link_gives_no_country(coder, text, who):
    assert found(coder, text)[who][0] is None


@pytest.mark.parametrize("text,words", [
    ("The plan failed on Friday, and the decision surprised the market.", {"plan", "decision", "market", "friday"}),
    ("Twelve of the 40 proposals were dropped in 2024.", {"twelve", "40", "proposals", "2024"}),
    ("The weather delayed the vote until Monday morning.", {"weather", "vote", "monday", "monday morning"}),
])
def test_common_nouns_days_and_numbers_are_never_actors(coder, text, words):
    coded = coder.code_text(text, pub_date=PUB)
    assert not [m.text for m in coded.mentions if m.text.lower().removeprefix("the ") in words]
