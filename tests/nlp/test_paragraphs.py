from whimbrel.nlp.pipeline import load_base


def test_paragraphs_headline_never_joins_first_sentence():
    nlp = load_base()
    doc = nlp("Putin-Zelensky meeting possible - Kremlin\n\nRussian President Vladimir Putin could meet him.")
    sentences = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert sentences[0] == "Putin-Zelensky meeting possible - Kremlin"
    assert sentences[1].startswith("Russian President")


def test_paragraphs_each_line_starts_a_sentence():
    nlp = load_base()
    doc = nlp("The talks ended on Friday and\nthe sides agreed to meet again.")
    starts = [s.text.strip() for s in doc.sents]
    assert any(s.startswith("the sides agreed") for s in starts)
