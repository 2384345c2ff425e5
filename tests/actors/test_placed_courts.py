"""A story's judiciary is its placed court's (issue 16, session 14): a place name on a group noun
places the group ('a Texas court'), and prosecutors and judges with no country word of their own
take the country of the one court the text places. Sentences written for these tests."""
from datetime import date

PUB = date(2025, 3, 1)


def coded(coder, text):
    return coder.code_text(text, pub_date=PUB)


def test_a_place_name_on_a_group_noun_places_it(coder):
    found = {(m.text, m.country, m.sector) for m in coded(coder, "A Texas court ruled on Monday.").mentions}
    assert ("Texas court", "USA", "JUD") in found


def test_prosecutors_take_the_placed_courts_country(coder):
    text = ("A man told a Chicago court on Monday that agents from Syria had paid him. "
            "Syria's intelligence service planned the attack, according to prosecutors. "
            "\"He was paid to watch her,\" prosecutor Dana Whitfield said.")
    quotes = coded(coder, text).quotes
    assert [(q.speaker.country, q.speaker.sector) for q in quotes if q.speaker][-2:] == [("USA", "JUD"), ("USA", "JUD")]


def test_two_placed_courts_leave_the_story_default(coder):
    text = ("A Kenyan court and a Ugandan court heard the case. Syria denied the plot. "
            "Syria's agents were not involved, prosecutors said.")
    quotes = coded(coder, text).quotes
    assert quotes[-1].speaker is not None and quotes[-1].speaker.country not in ("KEN", "UGA")


def test_the_judges_of_a_named_international_court_are_that_court(coder):
    text = ("The International Court of Justice ruled on Monday that the border had been drawn wrongly. "
            "The judges added that Kenya must withdraw its troops.")
    quotes = coded(coder, text).quotes
    assert quotes[-1].speaker is not None and quotes[-1].speaker.sector == "IGO"
