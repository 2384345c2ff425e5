"""People are resolved before the group nouns that take the sentence's only country (issue 16,
session 13: actors/resolve.find_mentions). Sentences written for these tests."""
from datetime import date

PUB = date(2025, 5, 19)


def mentions(coder, text):
    return {(m.text, m.country, m.sector) for m in coder.code_text(text, pub_date=PUB).mentions}


def test_a_persons_title_gives_the_sentence_its_country(coder):
    # the governor's title makes him American; the residents are then the sentence's only country's
    found = mentions(coder, "Ohio's Governor Mark Dalton urged residents to stay indoors.")
    assert ("Mark Dalton", "USA", "GOV") in found and ("residents", "USA", "CVL") in found


def test_a_noun_a_person_owns_is_not_the_sentences_country(coder):
    # the lawyer is Maria Gonzalez's, whose country the sentence does not say: not the Peruvian police's
    found = mentions(coder, "Peruvian police questioned Maria Gonzalez's lawyer on Monday.")
    assert not any(text == "lawyer" for text, _, _ in found)
