"""The country a document is about, for actors the text gives no country of their own (issue 16,
session 7). Sentences written for these tests."""
from datetime import date

from whimbrel.actors.mentions import ActorSpan
from whimbrel.actors.nominals import document_country

PUB = date(2025, 6, 2)
ZAMBIA = ("Zambia's parliament met in Lusaka on Monday to debate the budget. Zambian police "
          "guarded the building. President Hakainde Hichilema said Zambia would not borrow more. ")


def span(country, how="country", sector="GOV", kind="country"):
    return ActorSpan(0, 1, 0, 1, "x", None, None, country, sector, kind, "GPE", how)


def test_document_country_needs_a_clear_majority():
    # 2 mentions and 1.5 times the next country (session 8, chosen on the train speaker gold)
    assert document_country([span("PAK")] * 5 + [span("CHN")] * 3) == "PAK"
    assert document_country([span("PAK")] * 4 + [span("CHN")] * 3) is None   # a story between states
    assert document_country([span("PAK")] * 1) is None   # too few to tell
    assert document_country([span("PAK")] * 2) == "PAK"


def test_document_country_ignores_outlets_igos_and_people():
    told = [span("USA", how="dictionary", sector="MED", kind="media")] * 9
    people = [span("USA", how="dictionary", kind="person")] * 9
    assert document_country(told + people + [span("KEN")] * 3) == "KEN"


def mentions(coder, text):
    return {(m.text, m.country, m.sector) for m in coder.code_text(text, pub_date=PUB).mentions}


def test_unnamed_authorities_take_the_documents_country(coder):
    found = mentions(coder, ZAMBIA + "Later, authorities arrested two journalists.")
    assert ("authorities", "ZMB", "GOV") in found


def test_no_home_country_in_a_story_between_states(coder):
    text = ("Kenya and Tanzania met in Arusha. Kenyan and Tanzanian ministers signed a deal. "
            "Kenya, Tanzania and Uganda will build a railway. Later, authorities arrested two journalists.")
    assert not any(t == "authorities" and c for t, c, _ in mentions(coder, text))


def test_a_person_known_by_a_role_takes_the_documents_country(coder):
    found = mentions(coder, ZAMBIA + "Peter Mulenga, a senior lawmaker, urged the president to resign.")
    assert ("Peter Mulenga", "ZMB", "LEG") in found


def test_counted_people_are_civilians_but_bare_people_are_no_actor(coder):
    found = mentions(coder, ZAMBIA + "Gunmen killed nearly 40 people in a village. People say the roads are unsafe.")
    assert ("people", "ZMB", "CVL") in found
    assert ("Gunmen", "ZMB", "UAF") in found
    assert not any(t == "People" for t, _, _ in found)


def test_a_body_named_before_is_not_the_documents_country(coder):
    text = ZAMBIA + ("Zambia took its dispute to the International Court of Justice. "
                     "The court said it would rule in July.")
    court = [(c, s) for t, c, s in mentions(coder, text) if t.lower().endswith("court")]
    assert court and all(c != "ZMB" for c, _ in court)


def test_an_unknown_subject_acts_in_the_documents_country(coder):
    coded = coder.code_text(ZAMBIA + "Some commenters praised the police on Tuesday.", pub_date=PUB)
    praise = [e for e in coded.events if e.evidence.trigger == "praised"]
    assert praise and praise[0].source.country == "ZMB"


def test_a_month_is_never_a_place_target(coder):
    coded = coder.code_text("In March, Kenyan leaders agreed at a summit to build a railway.", pub_date=PUB)
    assert not any(e.target is not None and e.target.text == "March" for e in coded.events)


def test_the_possessor_of_an_arrest_is_the_one_arrested(nlp_sm):
    from whimbrel.events.arguments import noun_arguments
    doc = nlp_sm("Editors condemned Mensah's arrest.")
    mensah = ActorSpan(2, 3, 18, 24, "Mensah", "person:mensah", "Mensah", "GHA", "MED", "person", "PERSON", "role")
    arrest = next(t for t in doc if t.lower_ == "arrest")
    assert [t.dep_ for t in arrest.children if t.i == 2] == ["poss"]
    sources, targets = noun_arguments(arrest, [mensah])
    assert [a.text for a in targets] == ["Mensah"] and sources == []


def test_the_of_object_of_an_act_noun_is_its_target(coder):
    coded = coder.code_text("Brazil condemned Venezuela's invasion of Guyana on Monday.", pub_date=PUB)
    invasion = [e for e in coded.events if e.evidence.trigger == "invasion"]
    assert invasion and invasion[0].source.country == "VEN" and invasion[0].target.country == "GUY"


def test_a_korean_is_shortened_to_the_family_name(coder):
    text = "Park Soo-jin, South Korea's unification minister, met officials in Seoul. Park said the talks were useful."
    found = mentions(coder, text)
    assert ("Park", "KOR", "GOV") in found


def test_an_armed_group_without_a_country_operates_in_the_documents_country(coder):
    text = ("Iraqi forces raided a village near Mosul. Iraq's prime minister praised the Iraqi army. "
            "Baghdad said Iraqi troops would stay. Islamic State fighters attacked a checkpoint.")
    found = mentions(coder, text)
    assert any(t.startswith("Islamic State") and c == "IRQ" for t, c, _ in found)


def test_a_body_named_with_on_and_for_and_a_program_director_there(coder):
    found = mentions(coder, "Scott Lindgren, director of the Korea policy program at the Council on "
                            "Foreign Relations, said the summit failed.")
    assert ("Scott Lindgren", "USA", "EDU") in found
    assert ("the Council on Foreign Relations", "USA", "EDU") in found


def test_a_country_ending_a_sea_or_gulf_name_is_no_actor(coder):
    assert not any(c == "GIN" for _, c, _ in mentions(coder, "Navies patrolled the Gulf of Guinea on Monday."))
    assert ("Guinea", "GIN", "GOV") in mentions(coder, "Guinea's president met officials.")
