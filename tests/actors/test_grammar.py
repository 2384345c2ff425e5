"""Role grammar and 'say unknown' rules (issue 16), on sentences written for these tests."""
from datetime import date

import pytest

PUB = date(2025, 3, 1)


def mentions(coder, text, pub=PUB):
    coded = coder.code_text(text, pub_date=pub)
    return {m.text: (m.country, m.sector) for m in coded.mentions}, coded


@pytest.mark.parametrize("text,who,expected", [
    ("Kim Soo-min, South Korea's unification minister, said the talks would resume.",
     "Kim Soo-min", ("KOR", "GOV")),
    ("Rep. Ann Lee criticised the plan on Monday.", "Ann Lee", ("USA", "LEG")),
    ("Ana Ruiz, a lawmaker from Chile, praised the accord.", "Ana Ruiz", ("CHL", "LEG")),
    ("Paul Weller, a scholar at Columbia University, said the sanctions had failed.",
     "Paul Weller", ("USA", "EDU")),
    ("Anna Berg, a researcher at the Stockholm-based Institute for Peace Studies, disagreed.",
     "Anna Berg", ("SWE", "EDU")),  # session 10: a research body is EDU
    ("Velmar Holdings spokesman Omar Tesk denied the claim.", "Omar Tesk", (None, "BUS")),
])
def test_person_coded_from_the_words_around_the_name(coder, text, who, expected):
    found, _ = mentions(coder, text)
    assert found.get(who) == expected


def test_title_with_no_state_word_gets_no_country(coder):
    found, _ = mentions(coder, "Sen. Tom Barrow met voters in the afternoon.")
    assert found.get("Tom Barrow") == (None, "LEG")


def test_bare_title_that_belongs_to_one_state(coder):
    found, coded = mentions(coder, "The Taoiseach said the budget would be balanced.")
    assert found.get("The Taoiseach") == ("IRL", "GOV")
    assert coded.quotes and coded.quotes[0].speaker.country == "IRL"


@pytest.mark.parametrize("text,name,expected", [
    ("The Pentagon announced new drills.", "The Pentagon", ("USA", "MIL")),
    ("Foggy Bottom issued a travel warning.", "Foggy Bottom", ("USA", "GOV")),
    ("Langley declined to comment.", "Langley", ("USA", "SPY")),
    ("The Blue House welcomed the offer.", "The Blue House", ("KOR", "GOV")),
    ("The Elysee rejected the report.", "The Elysee", ("FRA", "GOV")),
    ("Whitehall played down the leak.", "Whitehall", ("GBR", "GOV")),
    ("The Quai d'Orsay summoned the envoy.", "The Quai d'Orsay", ("FRA", "GOV")),
    ("The Justice Department charged the two men.", "The Justice Department", ("USA", "JUD")),
    ("DHS said the flights would continue.", "DHS", ("USA", "GOV")),
    ("Bamako rejected the demand.", "Bamako", ("MLI", "GOV")),
])
def test_seats_of_power_and_agencies(coder, text, name, expected):
    found, _ = mentions(coder, text)
    assert found.get(name) == expected


def test_another_states_country_word_blocks_an_agency_name(coder):
    found, _ = mentions(coder, "The Kenyan Justice Department opened an inquiry.")
    assert all(country != "USA" for country, _ in found.values())


def test_possessive_administration_is_a_target(coder):
    _, coded = mentions(coder, "The Blue House dismissed the administration's accusation.")
    targets = [(e.target.country, e.target.sector) for e in coded.events if e.target]
    assert ("USA", "GOV") in targets


def test_person_named_like_countries_is_not_them(coder):
    found, _ = mentions(coder, "Jordan Chad, an aide to the mayor, declined to comment.")
    assert "Jordan" not in found and "Chad" not in found
    assert found.get("Jordan Chad") == (None, "GOV")


def test_person_named_like_a_state_keeps_an_unknown_country(coder):
    found, _ = mentions(coder, "Georgia Davis said the plan was flawed.")
    assert all(country != "GEO" for country, _ in found.values())


@pytest.mark.parametrize("text", [
    "On Tuesday, the ministry rejected the proposal.",
    "Tuesday was quiet after the vote.",
    "Three hundred people gathered outside the court on May 5.",
])
def test_days_and_numbers_are_never_actors(coder, text):
    _, coded = mentions(coder, text)
    bad = {"tuesday", "may", "may 5", "three hundred", "three hundred people"}
    assert not [m for m in coded.mentions if m.text.lower() in bad]


def test_unknown_organisation_by_place_stays_a_place(coder):
    found, _ = mentions(coder, "The Brussels-based trade association Ventora said jobs were at risk.")
    assert all(sector != "IGO" for _, sector in found.values())


def test_state_title_takes_the_country_the_document_is_about(coder):
    text = ("Sudan's transitional council met in Khartoum. Sudanese police guarded the building, "
            "and Sudan's army stayed away.\nMinister of Justice Ahmed Kirar said the law was final.")
    found, _ = mentions(coder, text)
    assert found.get("Ahmed Kirar") == ("SDN", "GOV")


def test_state_title_in_a_story_between_states_stays_unknown(coder):
    text = ("Kenya and Uganda signed a trade deal. Ugandan and Kenyan officials praised it.\n"
            "Minister of Trade Ahmed Kirar said the deal was final.")
    found, _ = mentions(coder, text)
    assert found.get("Ahmed Kirar") == (None, "GOV")


def test_country_noun_before_a_scholars_title_is_the_subject(coder):
    found, _ = mentions(coder, "Ken Wells, Japan chair at the Hudson Institute, said the alliance was strong.")
    assert found.get("Ken Wells") == ("USA", "EDU")  # session 10: think tanks are EDU (annotation guide)


def test_hyphenated_given_name_matches_the_dictionary(coder):
    found, _ = mentions(coder, "Taiwan's President Lai Ching-te said the island would not yield.")
    assert found.get("Taiwan's President Lai Ching-te") == ("TWN", "GOV")


@pytest.mark.parametrize("text,who,expected", [
    ("President Idris Tamar of Chad rejected the demand.", "Idris Tamar", ("TCD", "GOV")),
    ("Sara Lind from the Swedish foreign ministry attended the talks.", "Sara Lind", ("SWE", "GOV")),
])
def test_of_and_from_phrases_on_the_name(coder, text, who, expected):
    found, _ = mentions(coder, text)
    assert found.get(who) == expected


@pytest.mark.parametrize("text,who,expected", [
    ("Jack Reeve, the ranking Democrat on the Armed Services Committee, criticized the plan.",
     "Jack Reeve", ("USA", "LEG")),
    ("The ranking Democrat on the Armed Services Committee criticized the plan.",
     "The ranking Democrat", ("USA", "LEG")),
    ("Gov. Lisa Marsh of Ohio signed the bill.", "Lisa Marsh", ("USA", "GOV")),
    ("Emir Sheikh Faisal said Qatar would mediate.", "Emir Sheikh Faisal", ("QAT", "GOV")),
])
def test_committees_states_and_titles_inside_names(coder, text, who, expected):
    found, _ = mentions(coder, text)
    assert found.get(who) == expected



def test_a_described_administration_is_not_the_us_one(coder):
    found, _ = mentions(coder, "The Kurdish-led Autonomous Administration rejected the charter.")
    assert all(country != "USA" for country, _ in found.values())


@pytest.mark.parametrize("text,who,expected", [
    ("Omar Tell, a senior Iran analyst at the Varga Group, said Iran would wait.", "Omar Tell", (None, "EDU")),
    ("Anwar al-Bunni, co-founder of the Syrian Center for Legal Studies, said the text was flawed.",
     "Anwar al-Bunni", ("SYR", "EDU")),
])
def test_topics_and_first_names_do_not_give_a_country(coder, text, who, expected):
    found, _ = mentions(coder, text)
    assert found.get(who) == expected


def test_the_hague_is_a_place_not_a_foreign_secretary(coder):
    found, _ = mentions(coder, "The court in The Hague ruled on Friday.", pub=date(2012, 5, 1))
    assert found.get("The Hague") == ("NLD", "GOV")


@pytest.mark.parametrize("text,who,expected", [
    ("Dara Salih, a professor of law at Zaxo University in Iraqi Kurdistan, said so.", "Dara Salih", ("IRQ", "EDU")),
    ("Omar Tell, an analyst at the Varga Group, a New York-based consultancy, said so.", "Omar Tell", ("USA", "EDU")),
])
def test_where_an_organisation_sits(coder, text, who, expected):
    found, _ = mentions(coder, text)
    assert found.get(who) == expected


@pytest.mark.parametrize("text,who,expected", [
    ("Cambodian journalist Sok Vanna thanked his supporters on Thursday.", "Sok Vanna", ("KHM", "MED")),
    ("Ada Okafor, deputy project director for a health charity, said the strain was new.",
     "Ada Okafor", (None, None)),
])
def test_nationality_words_and_title_modifiers(coder, text, who, expected):
    found, _ = mentions(coder, text)
    assert found.get(who, (None, None)) == expected


def test_expert_on_a_country_is_not_of_that_country(coder):
    found, _ = mentions(coder, "Carl Heller, an expert on Western-Russian economic ties, said so.")
    assert found.get("Carl Heller") == (None, "EDU")


def test_the_reporting_outlet_does_not_make_the_documents_country(coder):
    text = ("Pakistani troops freed the passengers, a Pakistani army spokesman told VOA. "
            "Pakistan's government praised them, officials told VOA. VOA could not verify it.\n"
            "Railway official Tariq Mehmood told VOA the line was closed.")
    found, _ = mentions(coder, text)
    assert found.get("Tariq Mehmood") == ("PAK", "GOV")


def test_based_in_a_place(coder):
    found, _ = mentions(coder, "Xu Lan, a media commentator based in Hong Kong, said the rules would fail.")
    assert found.get("Xu Lan") == ("HKG", "MED")
