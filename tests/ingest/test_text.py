"""Plain text: title, paragraphs, hard wrapping, ids, the bundled sample."""
import shutil
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from whimbrel.ingest import document_id, iter_documents, read_text
from whimbrel.models import Document

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "kremlin-putin-zelensky-2025-05-17.txt"
SAMPLE_META = DATA / "kremlin-putin-zelensky-2025-05-17.meta.json"


def texts(doc):
    return [doc.text[p.start:p.end] for p in doc.paragraphs]


def test_sample_with_sidecar(tmp_path):
    shutil.copy(SAMPLE, tmp_path)
    shutil.copy(SAMPLE_META, tmp_path)
    (doc,) = list(iter_documents([tmp_path]))
    assert isinstance(doc, Document)
    assert doc.title_text == "Putin-Zelensky meeting ‘possible’ – Kremlin"
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    body = [ln for ln in lines[2:] if ln.strip()]
    assert len(body) == 10
    assert texts(doc) == body
    assert len(doc.paragraphs) == 10
    assert doc.pub_date == date(2025, 5, 17)
    assert doc.outlet == "RT"
    assert doc.text == SAMPLE.read_text(encoding="utf-8")
    assert doc.source_path == str(tmp_path / SAMPLE.name)
    assert doc.meta["date_source"] == "sidecar"
    assert texts(doc)[0].startswith("Russian President Vladimir Putin")
    assert texts(doc)[-1].endswith("[Istanbul talks] immediately.”")


def test_sample_without_sidecar_uses_argument(tmp_path):
    shutil.copy(SAMPLE, tmp_path)
    (doc,) = list(iter_documents([tmp_path / SAMPLE.name], date=date(2020, 1, 2), outlet="X"))
    assert doc.pub_date == date(2020, 1, 2)
    assert doc.outlet == "X"
    assert doc.meta["date_source"] == "argument"


def test_sidecar_beats_argument(tmp_path):
    shutil.copy(SAMPLE, tmp_path)
    shutil.copy(SAMPLE_META, tmp_path)
    (doc,) = list(iter_documents([tmp_path], date=date(2020, 1, 2), outlet="Other"))
    assert doc.pub_date == date(2025, 5, 17)
    assert doc.outlet == "RT"


def test_title_needs_blank_line():
    doc = read_text("First line\nsecond line\n\nthird")
    assert doc.title is None
    assert texts(doc) == ["First line", "second line", "third"]


def test_title_too_long_or_sentence():
    long = "x" * 201
    assert read_text(long + "\n\nbody").title is None
    assert read_text("x" * 200 + "\n\nbody").title_text == "x" * 200
    assert read_text("This is an opening sentence.\n\nMore text.").title is None
    assert read_text("Is war coming?\n\nMore text.").title_text == "Is war coming?"


def test_single_line_is_not_a_title():
    doc = read_text("Only one line here\n\n")
    assert doc.title is None
    assert texts(doc) == ["Only one line here"]


def test_title_never_in_paragraphs():
    doc = read_text("\n\n  Headline here  \n\nBody one.\nBody two.\n")
    assert doc.title_text == "Headline here"
    assert texts(doc) == ["Body one.", "Body two."]
    assert all(p.start >= doc.title.end for p in doc.paragraphs)


def test_markdown_heading_marker_left_out():
    doc = read_text("# The headline\n\nBody text.")
    assert doc.title_text == "The headline"


def test_detect_title_off():
    doc = read_text("Headline\n\nBody.", detect_title=False)
    assert doc.title is None
    assert texts(doc) == ["Headline", "Body."]


def test_explicit_title_matching_first_line():
    doc = read_text("My  Title\n\nBody.", title="My Title")
    assert doc.text == "My  Title\n\nBody."
    assert doc.title_text == "My  Title"
    assert texts(doc) == ["Body."]


def test_explicit_title_prepended():
    doc = read_text("Body one.\nBody two.", title="Given title")
    assert doc.text.startswith("Given title\n\n")
    assert doc.title_text == "Given title"
    assert texts(doc) == ["Body one.", "Body two."]


def test_hard_wrapped_block_is_one_paragraph():
    para1 = (
        "The foreign minister said on Tuesday that the government would\n"
        "consider new proposals for a ceasefire in the region, adding that\n"
        "talks could resume next month in Geneva."
    )
    para2 = (
        "Officials from both sides met in the capital for three hours and\n"
        "agreed to exchange prisoners before the end of the year."
    )
    doc = read_text(f"Headline\n\n{para1}\n\n{para2}\n")
    assert texts(doc) == [para1, para2]


def test_one_paragraph_per_line_when_not_wrapped():
    block = (
        "Short line.\n"
        "The minister met the president on Tuesday and they discussed the war.\n"
        "They agreed to meet again.\n"
    )
    doc = read_text("Headline\n\n" + block)
    assert texts(doc) == [ln for ln in block.splitlines()]


def test_newlines_normalised():
    doc = read_text("Headline\r\n\r\nOne.\r\nTwo.\rThree.")
    assert "\r" not in doc.text
    assert texts(doc) == ["One.", "Two.", "Three."]


def test_pub_date_string_and_bad_date():
    assert read_text("a", pub_date="2024-02-03").pub_date == date(2024, 2, 3)
    assert read_text("a", pub_date="3 February 2024").pub_date == date(2024, 2, 3)
    doc = read_text("a", pub_date="not a date")
    assert doc.pub_date is None
    assert "not a date" in doc.meta["date_error"]


def test_document_id():
    a = read_text("Headline\n\nSome text here.")
    b = read_text("Headline\n\nSome text here.")
    assert a.doc_id == b.doc_id == document_id("Headline\n\nSome text here.")
    assert len(a.doc_id) == 16
    int(a.doc_id, 16)
    assert document_id("A  b\n\nc ") == document_id(" A b c")
    assert document_id("A b") != document_id("A c")
    assert document_id("say “yes”") != document_id('say "yes"')  # quotes are not folded
    assert document_id("caf\u00e9") == document_id("cafe\u0301")  # NFC


def test_unicode_whitespace_in_text_ok():
    doc = read_text("Headline\n\nA\u00a0b.\n\u2003\nC.")
    assert texts(doc) == ["A\u00a0b.", "C."]


_line = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_line, st.just(""), st.just("   ")), max_size=15), st.booleans(),
       st.one_of(st.none(), st.text(max_size=30)))
def test_spans_property(lines, detect, title):
    doc = read_text("\n".join(lines), detect_title=detect, title=title)
    n = len(doc.text)
    prev_end = doc.title.end if doc.title else 0
    if doc.title:
        assert 0 <= doc.title.start <= doc.title.end <= n
    for p in doc.paragraphs:
        assert 0 <= p.start < p.end <= n
        assert p.start >= prev_end  # ordered, no overlap with each other or with the title
        seg = doc.text[p.start:p.end]
        assert seg == seg.strip() and seg
        prev_end = p.end
    assert doc.doc_id == document_id(doc.text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abc xyz.", min_size=1, max_size=20), min_size=1, max_size=8),
       st.lists(st.sampled_from([" ", "  ", "\n", "\t", " \n "]), min_size=8, max_size=8))
def test_whitespace_only_differences_same_id(words, seps):
    a = " ".join(words)
    b = "".join(w + s for w, s in zip(words, seps)) + "\n"
    assert document_id(a) == document_id(b)


def test_wrapped_block_without_blank_lines_between_paragraphs():
    head = "A short heading"
    p1 = ("The foreign minister said on Tuesday that the government would\n"
          "consider new proposals for a ceasefire in the region.")
    p2 = ("Officials from both sides met in the capital for three hours and\n"
          "agreed to exchange prisoners before the end of the year.")
    doc = read_text(f"Headline\n\n{head}\n{p1}\n{p2}")
    assert texts(doc) == [head, p1, p2]
