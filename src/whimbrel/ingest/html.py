"""HTML (.html, .htm) -> `Document` with trafilatura.

trafilatura (``bare_extraction``) gives the main text, the title, the
publication date from the page metadata (htmldate, with ``extensive_search``
off; note htmldate may still take an ISO date printed in the page) and the
site name, used as the outlet. The paragraphs are the top-level blocks of
trafilatura's XML body: ``<p>``, ``<quote>``, sub-headings, each list item and
each table row. A heading equal to the title is dropped (the headline is never
a paragraph).

``Document.text`` is ``title + "\\n\\n" + "\\n\\n".join(paragraphs)`` (each block's
whitespace collapsed), so the spans point into it.

When trafilatura finds nothing (tiny or broken pages) an lxml fallback takes
the text of ``p, li, h1-h6, blockquote, pre, td`` elements, or failing that
the whole body text. A page with no text at all is error W120.

Decoding: UTF-8 first (as for text files). A page that is not UTF-8 but
declares its charset (``<meta charset=...>``) is decoded with that charset
when it decodes cleanly; ``meta["encoding"]`` records it. Otherwise W112.
"""
from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

from whimbrel.models import Document, Span

from .errors import HTML_NO_TEXT, NOT_UTF8, IngestError
from .metadata import parse_date
from .text import decode_bytes, document_id, normalise_newlines, normalise_text, read_bytes

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_FALLBACK_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "td")
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def _clean(text: str | None) -> str:
    return normalise_text(text or "")


def _blocks_from_body(body: Any, title: str) -> list[str]:
    """Paragraph strings from trafilatura's XML body."""
    out: list[str] = []
    for child in body:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "list":
            out.extend(_clean("".join(item.itertext())) for item in child.iter("item"))
        elif tag == "table":
            for row in child.iter("row"):
                cells = [_clean("".join(c.itertext())) for c in row.iter("cell")]
                out.append(" | ".join(c for c in cells if c))
        elif tag == "head" and _clean("".join(child.itertext())) == title:
            continue
        else:
            out.append(_clean("".join(child.itertext())))
    return [b for b in out if b]


def _fallback_blocks(markup: str) -> tuple[str, list[str]]:
    """(title, paragraphs) with plain lxml, for pages trafilatura gives up on."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return "", []
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    title = _clean(" ".join(root.xpath("//title//text()")))
    blocks = []
    for el in root.iter(*_FALLBACK_TAGS):
        # skip containers whose text is taken from a nested block element
        if any(True for _ in el.iterdescendants(*_FALLBACK_TAGS)):
            continue
        blocks.append(_clean(el.text_content()))
    blocks = [b for b in blocks if b]
    if not blocks:
        body = root.find("body")
        if body is not None:
            blocks = [_clean(line) for line in body.text_content().split("\n")]
            blocks = [b for b in blocks if b]
    return title, blocks


def assemble(title: str | None, paragraphs: list[str]) -> tuple[str, Span | None, list[Span]]:
    """text = title + "\\n\\n" + "\\n\\n".join(paragraphs), with the spans into it."""
    parts: list[str] = []
    spans: list[Span] = []
    title_span = None
    pos = 0
    if title:
        parts.append(title)
        title_span = Span(0, len(title))
        pos = len(title) + 2
    for para in paragraphs:
        parts.append(para)
        spans.append(Span(pos, pos + len(para)))
        pos += len(para) + 2
    return "\n\n".join(parts), title_span, spans


def read_html(markup: str | bytes, *, url: str | None = None, source_path: str | None = None,
              meta: dict[str, Any] | None = None) -> Document | IngestError:
    """Extract an article from HTML. Returns an IngestError (W120) when there is no text."""
    path = str(source_path) if source_path is not None else "<html>"
    meta = dict(meta or {})
    meta.setdefault("format", "html")
    if isinstance(markup, bytes):
        decoded = _decode_html(markup, path)
        if isinstance(decoded, IngestError):
            return decoded
        markup, notes = decoded
        meta.update(notes)
    markup = normalise_newlines(markup)
    if not markup.strip():
        return IngestError(path, None, HTML_NO_TEXT, "HTML is empty")

    import trafilatura

    extracted = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            extracted = trafilatura.bare_extraction(
                markup, url=url, with_metadata=True, include_comments=False, include_tables=True,
                date_extraction_params=_DATE_PARAMS)
    except Exception as exc:  # trafilatura/lxml can fail on very broken markup
        meta["extract_error"] = f"{type(exc).__name__}: {exc}"
    title, paragraphs, date_value, site, page_url = "", [], None, None, None
    if extracted is not None:
        title = _clean(extracted.title)
        if extracted.body is not None:
            paragraphs = _blocks_from_body(extracted.body, title)
        date_value, site, page_url = extracted.date, extracted.sitename, extracted.url
    if not paragraphs:
        fb_title, paragraphs = _fallback_blocks(markup)
        title = title or fb_title
        paragraphs = [p for p in paragraphs if p != title]
        if paragraphs:
            meta["extractor"] = "lxml-fallback"
    if not paragraphs:
        return IngestError(path, None, HTML_NO_TEXT,
                           "no article text could be extracted from the HTML (empty, script-only or broken page)")
    text, title_span, spans = assemble(title or None, paragraphs)
    pub_date, err = parse_date(date_value)
    if err:
        meta["date_error"] = err
    return Document(doc_id=document_id(text), text=text, title=title_span, paragraphs=spans,
                    pub_date=pub_date, outlet=_clean(site) or None, url=page_url or url,
                    source_path=source_path, meta=meta)


def _decode_html(data: bytes, path: str) -> tuple[str, dict[str, Any]] | IngestError:
    decoded = decode_bytes(data, path)
    if not isinstance(decoded, IngestError) or decoded.code != NOT_UTF8:
        return decoded
    m = _CHARSET.search(data[:4096])
    if m:
        charset = m.group(1).decode("ascii", "replace")
        try:
            return normalise_newlines(data.decode(charset)), {"encoding": charset.lower()}
        except (LookupError, UnicodeDecodeError) as exc:
            decoded.message += f"; the declared charset {charset!r} does not decode it either ({exc})"
            return decoded
    decoded.message += "; the page declares no charset"
    return decoded


def read_html_file(path: Path, sidecar: dict[str, Any] | None = None) -> Document | IngestError:
    data = read_bytes(path)
    if isinstance(data, IngestError):
        return data
    return read_html(data, source_path=str(path))
