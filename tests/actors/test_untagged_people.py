"""Names the tagger missed (issue 16, session 14): a proper noun taken for a place the gazetteer
does not know, a name in apposition after a title, a name read as a common noun, and a nationality
a relative clause gives. Sentences written for these tests."""


def test_a_name_after_a_title_in_apposition_is_that_person(speaker_codes):
    text = ("Another commuter, Tarek Ozbilen, told reporters that the bus stopped twice. "
            "\"We waited for an hour,\" Ozbilen said.")
    assert speaker_codes(text)[-1] == (None, "CVL")


def test_a_nationality_in_a_relative_clause_places_every_mention(speaker_codes):
    text = ("Rustam Kadirbekov told the court he had been paid. "
            "Kadirbekov, who is Azerbaijani, said he was cooperating with the police. "
            "\"I needed the money,\" Kadirbekov said.")
    assert speaker_codes(text)[-1] == ("AZE", None)


def test_a_name_a_who_clause_says_leads_a_body_is_a_person_who_works_there(speaker_codes):
    # session 16: "who" is the relative pronoun of people, and the body they head is their employer
    text = ("Busisiwe Tajaroensuk, who heads Kenya's Haki Foundation, another local rights group, "
            "echoed their concerns. She said the camps were full.")
    assert speaker_codes(text)[-1] == ("KEN", "NGO")
