"""Per-actor confidence (issue 16 build item 4, session 8): how sure whimbrel is of a mention's
country, from the rule that placed it; the story's country and no country at all are low. On
sentences written for these tests."""
from datetime import date

from whimbrel.actors.mentions import ActorSpan, confidence_table

PUB = date(2025, 3, 1)


def levels(coder, text):
    return {m.text: (m.country, m.confidence) for m in coder.code_text(text, pub_date=PUB).mentions}


def span(how, country="KEN", confidence=None):
    return ActorSpan(0, 1, 0, 1, "x", None, None, country, "GOV", "person", "PERSON", how,
                     confidence=confidence)


def test_level_follows_the_rule_and_no_country_is_low():
    assert confidence_table()["dictionary"] == "high" and span("dictionary").level == "high"
    assert span("role").level == "medium"
    assert span("role", country=None).level == "low"        # say unknown: nothing placed it
    assert span("role", confidence="low").level == "low"    # a story default set on the mention


def test_a_pronoun_is_at_most_as_sure_as_medium_and_never_surer_than_its_antecedent():
    pronoun = type("Tok", (), {"start": 5, "end": 6, "start_char": 20, "end_char": 22, "text": "he"})
    assert span("dictionary").refer(pronoun, how="coref").level == "medium"
    assert span("role", confidence="low").refer(pronoun, how="coref").level == "low"
    assert span("dictionary").refer(pronoun, how="name").level == "high"


def test_levels_on_sentences(coder):
    text = ("Sudan's transitional council met in Khartoum. Sudanese police guarded the building, "
            "and Sudan's army stayed away.\nMinister of Justice Ahmed Kirar said the law was final. "
            "Kim Soo-min, South Korea's unification minister, said talks would resume.")
    found = levels(coder, text)
    assert found["Ahmed Kirar"] == ("SDN", "low")            # the story's country
    assert found["Kim Soo-min"] == ("KOR", "medium")         # an apposition
    assert found["Sudan"] == ("SDN", "high")                 # a country word


def test_quote_speaker_carries_how_and_confidence(coder):
    coded = coder.code_text("The Taoiseach said the budget would be balanced.", pub_date=PUB)
    speaker = coded.quotes[0].speaker
    assert (speaker.country, speaker.how, speaker.confidence) == ("IRL", "title", "high")
