"""JSON Lines: fields, meta, per-line errors."""
import json
from datetime import date

from whimbrel.ingest import IngestError, iter_documents
from whimbrel.models import Document


def texts(doc):
    return [doc.text[p.start:p.end] for p in doc.paragraphs]


def write(path, lines):
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n",
                    encoding="utf-8")
    return path


def test_fields_and_meta(tmp_path):
    f = write(tmp_path / "a.jsonl", [{
        "id": "abc-1", "title": "Talks in Geneva", "text": "First para.\n\nSecond para.",
        "date": "2024-06-01", "url": "https://x.org/1", "outlet": "Wire", "lang": "en", "tags": ["a"],
    }])
    (doc,) = list(iter_documents([f]))
    assert isinstance(doc, Document)
    assert doc.text == "Talks in Geneva\n\nFirst para.\n\nSecond para."
    assert doc.title_text == "Talks in Geneva"
    assert texts(doc) == ["First para.", "Second para."]
    assert doc.pub_date == date(2024, 6, 1)
    assert doc.url == "https://x.org/1"
    assert doc.outlet == "Wire"
    assert doc.meta["source_id"] == "abc-1"
    assert doc.meta["lang"] == "en" and doc.meta["tags"] == ["a"]
    assert doc.meta["line"] == 1
    assert doc.source_path == str(f)


def test_broken_line_reported_and_rest_goes_on(tmp_path):
    f = write(tmp_path / "a.ndjson", [
        {"text": "one"},
        '{"text": "broken',
        "",
        {"title": "no text here"},
        [1, 2],
        {"text": "five", "title": 5},
        {"text": "six"},
    ])
    out = list(iter_documents([f]))
    errs = [x for x in out if isinstance(x, IngestError)]
    docs = [x for x in out if isinstance(x, Document)]
    assert [d.text for d in docs] == ["one", "six"]
    assert [(e.code, e.line) for e in errs] == [("W130", 2), ("W132", 4), ("W131", 5), ("W133", 6)]
    assert all(e.path == str(f) for e in errs)
    assert str(errs[0]).startswith(f"[W130] {f}:2 ")


def test_missing_text_hint(tmp_path):
    f = write(tmp_path / "a.jsonl", [{"body": "the text"}])
    (err,) = list(iter_documents([f]))
    assert err.code == "W132" and "'body'" in err.message


def test_empty_text_is_error(tmp_path):
    f = write(tmp_path / "a.jsonl", [{"text": "   "}])
    (err,) = list(iter_documents([f]))
    assert err.code == "W132"


def test_date_priority(tmp_path):
    f = write(tmp_path / "a.jsonl", [
        {"text": "has date", "date": "2024-01-02"},
        {"text": "no date"},
        {"text": "bad date", "date": "someday"},
    ])
    (tmp_path / "a.meta.json").write_text('{"date": "2023-03-03", "outlet": "SideOutlet"}')
    a, b, c = list(iter_documents([f], date=date(2000, 1, 1), outlet="ArgOutlet"))
    assert a.pub_date == date(2024, 1, 2)
    assert b.pub_date == date(2023, 3, 3)
    assert c.pub_date == date(2023, 3, 3) and "someday" in c.meta["date_error"]
    assert a.outlet == "SideOutlet"


def test_argument_date_when_nothing_else(tmp_path):
    f = write(tmp_path / "a.jsonl", [{"text": "x"}, {"text": "y", "outlet": "Own"}])
    a, b = list(iter_documents([f], date=date(2000, 1, 1), outlet="ArgOutlet"))
    assert a.pub_date == date(2000, 1, 1) and a.outlet == "ArgOutlet"
    assert b.outlet == "Own"


def test_title_repeated_in_text_dropped(tmp_path):
    f = write(tmp_path / "a.jsonl", [{"title": "Headline", "text": "Headline\n\nBody."}])
    (doc,) = list(iter_documents([f]))
    assert doc.text == "Headline\n\nBody."
    assert texts(doc) == ["Body."]


def test_no_title_field(tmp_path):
    f = write(tmp_path / "a.jsonl", [{"text": "Looks like a headline\n\nBody."}])
    (doc,) = list(iter_documents([f]))
    assert doc.title is None
    assert texts(doc) == ["Looks like a headline", "Body."]


def test_non_utf8_line(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n{"text": "also ok"}\n')
    out = list(iter_documents([f]))
    assert [getattr(x, "text", None) for x in out] == ["ok", None, "also ok"]
    err = out[1]
    assert err.code == "W112" and err.line == 2 and "byte offset 28" in err.message


def test_empty_jsonl(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text("\n\n")
    (err,) = list(iter_documents([f]))
    assert err.code == "W111"


def test_numeric_id(tmp_path):
    f = write(tmp_path / "a.jsonl", [{"id": 42, "text": "x"}])
    (doc,) = list(iter_documents([f]))
    assert doc.meta["source_id"] == "42"
