"""Coreference with constraints and salience (issue 16 item 3), on sentences written for the tests."""
from datetime import date

PUB = date(2025, 5, 17)


def refs(coder, text, words):
    coded = coder.code_text(text, pub_date=PUB)
    return [m for m in coded.mentions if m.how == "coref" and m.text.lower() in words]


def test_the_ministry_is_the_ministry_named_before_not_the_sentences_country(coder):
    text = ("Norway's foreign ministry summoned the Russian envoy on Monday. "
            "The ministry said Russia had ignored two earlier warnings.")
    found = refs(coder, text, {"the ministry"})
    assert found and found[0].country == "NOR"


def test_the_government_is_the_government_named_before(coder):
    text = ("The Peruvian government closed two border crossings on Sunday. "
            "The government, which blamed Bolivian smugglers, asked La Paz to act.")
    found = refs(coder, text, {"the government"})
    assert found and found[0].country == "PER"


def test_a_bare_government_with_no_earlier_government_keeps_the_sentences_country(coder):
    coded = coder.code_text("In Ghana, the government raised fuel prices.", pub_date=PUB)
    assert [m.country for m in coded.mentions if m.text.endswith("government")] == ["GHA"]
