from datetime import date

import pytest

PUB = date(2004, 3, 1)


def found(coder, text):
    return {(m.text, m.country, m.sector) for m in coder.code_text(text, pub_date=PUB).mentions}


@pytest.mark.parametrize("text,word,country", [
    ("Tamil fighters attacked an army camp on Monday.", "Tamil", "LKA"),
    ("Kurdish rebels in a Turkish province ambushed a convoy, Turkey said.", "Kurdish", "TUR"),
    ("Ethnic Serbs blocked roads in Bosnia on Friday.", "Serbs", "BIH"),
    ("Shona villagers fled after Zimbabwe police raided their homes.", "Shona", "ZWE"),
])
def test_ethnic_group_lives_in_its_home_country(coder, text, word, country):
    assert any(w == word and c == country for w, c, _ in found(coder, text))


def test_ethnic_kin_demonym_alone_stays_kin_state(coder):
    assert ("Serbian", "SRB", "GOV") in {(w, c, "GOV") for w, c, _ in found(
        coder, "A Serbian minister visited Bosnia on Friday.") if w == "Serbian"}


def test_ethnic_group_with_no_obvious_home_needs_a_country_in_the_sentence(coder):
    assert not any(w == "Kurds" for w, _, _ in found(coder, "Kurds celebrated the new year."))
