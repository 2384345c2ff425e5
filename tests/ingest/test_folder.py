"""Folders, globs, ordering, sidecars, dedup of overlapping arguments."""
import os
from datetime import date

from whimbrel.ingest import IngestError, iter_documents
from whimbrel.models import Document


def make_tree(root):
    (root / "b").mkdir(parents=True)
    (root / "a.txt").write_text("Title A\n\nBody a.")
    (root / "b" / "c.md").write_text("Title C\n\nBody c.")
    (root / "b" / "d.html").write_text("<html><body><p>Body d is a paragraph of text.</p></body></html>")
    (root / "b" / "e.jsonl").write_text('{"text": "e1"}\n{"text": "e2"}\n')
    (root / "noext").write_text("Body noext.")
    (root / "a.meta.json").write_text('{"outlet": "Side"}')
    (root / ".hidden.txt").write_text("hidden")
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text("hidden too")
    (root / "notes.csv").write_text("a,b")
    (root / "gold.json").write_text("{}")


def names(items):
    return [os.path.basename(x.source_path) for x in items if isinstance(x, Document)]


def test_folder_recursive_sorted(tmp_path):
    make_tree(tmp_path)
    out = list(iter_documents([tmp_path]))
    assert not [x for x in out if isinstance(x, IngestError)]
    assert names(out) == ["a.txt", "c.md", "d.html", "e.jsonl", "e.jsonl", "noext"]
    assert out[0].outlet == "Side"
    assert list(map(str, iter_documents([tmp_path]))) == list(map(str, out))  # deterministic


def test_glob_expanded(tmp_path):
    make_tree(tmp_path)
    out = list(iter_documents([str(tmp_path / "**" / "*.md"), str(tmp_path / "*.txt")]))
    assert names(out) == ["c.md", "a.txt"]


def test_glob_no_match(tmp_path):
    (err,) = list(iter_documents([str(tmp_path / "*.txt")]))
    assert err.code == "W103"


def test_glob_skips_sidecars(tmp_path):
    make_tree(tmp_path)
    out = list(iter_documents([str(tmp_path / "a*")]))
    assert names(out) == ["a.txt"]


def test_literal_path_with_glob_characters(tmp_path):
    f = tmp_path / "weird[1].txt"
    f.write_text("Body.")
    (doc,) = list(iter_documents([str(f)]))
    assert doc.text == "Body."


def test_overlapping_arguments_read_once(tmp_path):
    make_tree(tmp_path)
    out = list(iter_documents([tmp_path / "a.txt", tmp_path, str(tmp_path / "*.txt")]))
    assert names(out).count("a.txt") == 1


def test_single_path_string(tmp_path):
    make_tree(tmp_path)
    out = list(iter_documents(str(tmp_path / "a.txt")))
    assert names(out) == ["a.txt"]


def test_argument_date_and_outlet(tmp_path):
    (tmp_path / "x.txt").write_text("Body.")
    (doc,) = list(iter_documents([tmp_path], date=date(2022, 2, 2), outlet="Arg"))
    assert doc.pub_date == date(2022, 2, 2) and doc.outlet == "Arg"


def test_sidecar_fields(tmp_path):
    (tmp_path / "x.txt").write_text("Body one.\nBody two.")
    (tmp_path / "x.meta.json").write_text(
        '{"date": "2021-07-08", "outlet": "O", "url": "http://u", "title": "Side title", "author": "Z"}')
    (doc,) = list(iter_documents([tmp_path / "x.txt"]))
    assert doc.pub_date == date(2021, 7, 8)
    assert (doc.outlet, doc.url, doc.meta["author"]) == ("O", "http://u", "Z")
    assert doc.title_text == "Side title"
    assert [doc.text[p.start:p.end] for p in doc.paragraphs] == ["Body one.", "Body two."]


def test_sidecar_bad_date_falls_back(tmp_path):
    (tmp_path / "x.txt").write_text("Body.")
    (tmp_path / "x.meta.json").write_text('{"date": "whenever"}')
    (doc,) = list(iter_documents([tmp_path], date=date(2022, 2, 2)))
    assert doc.pub_date == date(2022, 2, 2)
    assert "whenever" in doc.meta["date_error"]


def test_sidecar_txt_meta_json_name(tmp_path):
    (tmp_path / "x.txt").write_text("Body.")
    (tmp_path / "x.txt.meta.json").write_text('{"outlet": "Long"}')
    (doc,) = list(iter_documents([tmp_path]))
    assert doc.outlet == "Long"
