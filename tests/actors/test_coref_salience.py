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


def test_they_is_the_last_plural_subject_through_its_members(coder):
    text = ("Four members of the Chilean Senate wrote to the foreign minister on Friday. "
            '"We are alarmed by the arrests," they wrote.')
    found = refs(coder, text, {"they"})
    assert found and (found[0].country, found[0].sector) == ("CHL", "LEG")


def test_they_after_a_group_nobody_coded_stays_unknown(coder):
    text = ("Economists compared the debts of Ghana and Zambia last week. "
            "They said the cedi could fall further.")
    assert not refs(coder, text, {"they"})


def test_they_is_the_plural_subject_as_whimbrel_coded_it(coder):
    text = "Economists told reporters that Ghana would struggle. They said the cedi could fall further."
    coded = coder.code_text(text, pub_date=PUB)
    subject = [m for m in coded.mentions if m.text == "Economists"]
    they = [m for m in coded.mentions if m.text == "They"]
    assert not subject or (they and they[0].actor_id == subject[0].actor_id)


def test_they_is_never_one_person(coder):
    text = "Tomas Ferreira, a Brazilian diplomat, spoke on Monday. They said the border would reopen."
    assert not [m for m in refs(coder, text, {"they"}) if m.name == "Tomas Ferreira"]


def test_it_is_never_a_person(coder):
    text = "Hector Valdano, a Peruvian senator, arrived late. It was raining in Lima."
    assert not [m for m in refs(coder, text, {"it"}) if m.name == "Hector Valdano"]


def test_it_is_the_organisation_not_the_country_of_the_paragraph_before(coder):
    text = ("Indian troops patrolled the border all week. Delhi called the patrols routine.\n"
            "Nepal's interior ministry said it would send more police, and its spokesman asked for calm.")
    found = refs(coder, text, {"it", "its"})
    assert found and all(m.country == "NPL" for m in found)


def test_a_described_group_noun_is_the_armed_group_named_before(coder):
    text = ("The Arakan Army claimed the ambush on Sunday. In a statement to reporters, "
            "the outlawed ethnic armed group said it had seized two outposts.")
    found = refs(coder, text, {"the outlawed ethnic armed group", "it"})
    assert found and all(m.name == "Arakan Army" for m in found)


def test_a_group_noun_with_a_country_word_is_another_group(coder):
    text = "The Arakan Army claimed the ambush. The Thai group said it was not involved."
    assert not [m for m in refs(coder, text, {"the thai group"}) if m.name == "Arakan Army"]


def test_a_quote_chains_he_is_the_last_sayer_named_in_apposition(coder):
    text = ("Tomas Ibarra, a Chilean senator, spoke first. One of the report's authors, Rafael Ortiz, "
            "told reporters the data was clear. Ibarra left early. “The numbers do not lie,” he said.")
    found = refs(coder, text, {"he"})
    assert found and found[-1].name == "Rafael Ortiz"


def test_a_bare_title_is_the_body_that_bore_it_before(coder):
    text = ("A State Department spokesperson confirmed the talks on Monday. "
            "“China has not replied,” the spokesperson added in a statement.")
    found = refs(coder, text, {"the spokesperson"})
    assert found and (found[0].country, found[0].sector) == ("USA", "GOV")


def test_a_described_title_is_not_the_earlier_body(coder):
    text = ("A State Department spokesperson confirmed the talks on Monday. "
            "The Chinese military spokesperson said Beijing had not replied.")
    assert not [m for m in refs(coder, text, {"the chinese military spokesperson", "the military spokesperson"})
                if m.country == "USA"]
