"""HTML: trafilatura extraction, metadata dates, truncated and empty pages."""
from datetime import date

from whimbrel.ingest import IngestError, iter_documents, read_html
from whimbrel.models import Document

P1 = "The foreign minister met his counterpart in Paris on Tuesday to discuss the ceasefire proposal."
P2 = "Both sides agreed to hold another round of talks in Geneva next month, officials said."

PAGE = f"""<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Ministers meet in Paris | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://example.com/a">
<script>var x = 1;</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Ministers meet in Paris</h1>
<p>{P1}</p>
<p>{P2}</p>
</article>
<footer>Copyright 2024</footer>
</body></html>
"""


def texts(doc):
    return [doc.text[p.start:p.end] for p in doc.paragraphs]


def test_html_file(tmp_path):
    f = tmp_path / "a.html"
    f.write_text(PAGE, encoding="utf-8")
    (doc,) = list(iter_documents([f]))
    assert isinstance(doc, Document)
    assert doc.title_text == "Ministers meet in Paris"
    assert texts(doc) == [P1, P2]
    assert doc.text == "Ministers meet in Paris\n\n" + P1 + "\n\n" + P2
    assert doc.pub_date == date(2024, 3, 5)
    assert doc.meta["date_source"] == "document"
    assert doc.outlet == "Example News"
    assert doc.url == "https://example.com/a"
    assert doc.meta["format"] == "html"


def test_headline_not_a_paragraph(tmp_path):
    f = tmp_path / "a.htm"
    f.write_text(PAGE, encoding="utf-8")
    (doc,) = list(iter_documents([f]))
    assert all("Ministers meet in Paris" != t for t in texts(doc))
    assert all(p.start >= doc.title.end for p in doc.paragraphs)


def test_html_date_beats_sidecar_and_argument(tmp_path):
    f = tmp_path / "a.html"
    f.write_text(PAGE, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"date": "2001-01-01", "outlet": "Side", "section": "world"}')
    (doc,) = list(iter_documents([f], date=date(1999, 1, 1)))
    assert doc.pub_date == date(2024, 3, 5)
    assert doc.outlet == "Example News"
    assert doc.meta["section"] == "world"


def test_html_without_date_uses_sidecar(tmp_path):
    f = tmp_path / "a.html"
    f.write_text(f"<html><head><title>T</title></head><body><p>{P1}</p></body></html>")
    (tmp_path / "a.meta.json").write_text('{"date": "17 May 2025", "outlet": "Side"}')
    (doc,) = list(iter_documents([f], date=date(1999, 1, 1)))
    assert doc.pub_date == date(2025, 5, 17)
    assert doc.outlet == "Side"


def test_truncated_html_with_text(tmp_path):
    f = tmp_path / "cut.html"
    f.write_text(f"<html><head><title>Cut off</title></head><body><article><p>{P1}</p><p>{P2[:40]}",
                 encoding="utf-8")
    (doc,) = list(iter_documents([f]))
    assert isinstance(doc, Document)
    joined = " ".join(texts(doc))
    assert P1 in joined
    assert P2[:40].strip() in joined


def test_truncated_inside_utf8_character(tmp_path):
    f = tmp_path / "cut.html"
    data = f"<html><body><p>{P1}</p><p>Zelensky said “".encode("utf-8")
    f.write_bytes(data[:-1])
    (doc,) = list(iter_documents([f]))
    assert isinstance(doc, Document)
    assert doc.meta.get("truncated_utf8") is True


def test_html_no_text(tmp_path):
    f = tmp_path / "empty.html"
    f.write_text("<html><head><script>var a=1;</script></head><body>   </body></html>")
    (err,) = list(iter_documents([f]))
    assert isinstance(err, IngestError)
    assert err.code == "W120"
    assert err.path == str(f)


def test_html_tags_only(tmp_path):
    f = tmp_path / "broken.html"
    f.write_text("<html><body><div><span>")
    (err,) = list(iter_documents([f]))
    assert isinstance(err, IngestError) and err.code == "W120"


def test_short_page_fallback():
    doc = read_html("<html><body><p>Short.</p></body></html>")
    assert isinstance(doc, Document)
    assert "Short." in doc.text


def test_declared_charset(tmp_path):
    f = tmp_path / "latin.html"
    body = f'<html><head><meta charset="windows-1252"></head><body><p>{P1} Caf\u00e9 “quoted”.</p></body></html>'
    f.write_bytes(body.encode("cp1252"))
    (doc,) = list(iter_documents([f]))
    assert isinstance(doc, Document)
    assert "Caf\u00e9 “quoted”" in doc.text
    assert doc.meta["encoding"] == "windows-1252"


def test_undeclared_non_utf8_html(tmp_path):
    f = tmp_path / "latin.html"
    f.write_bytes(f"<html><body><p>{P1} Caf\u00e9</p></body></html>".encode("cp1252"))
    (err,) = list(iter_documents([f]))
    assert isinstance(err, IngestError) and err.code == "W112"
    assert "byte offset" in err.message and "declares no charset" in err.message


def test_lists_are_paragraphs():
    doc = read_html(f"<html><body><article><p>{P1}</p><ul><li>First point of the plan here.</li>"
                    f"<li>Second point of the plan here.</li></ul><p>{P2}</p></article></body></html>")
    assert isinstance(doc, Document)
    assert "First point of the plan here." in texts(doc)
    assert "Second point of the plan here." in texts(doc)
