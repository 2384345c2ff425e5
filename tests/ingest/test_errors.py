"""Bad input: every problem is its own IngestError with a stable code and the path."""
from whimbrel.ingest import CODES, IngestError, iter_documents
from whimbrel.models import Document


def one_error(paths):
    out = list(iter_documents(paths))
    assert len(out) == 1, out
    assert isinstance(out[0], IngestError), out
    return out[0]


def test_str_one_line():
    e = IngestError("a/b.jsonl", 3, "W130", "invalid JSON:\nExpecting value")
    assert str(e) == "[W130] a/b.jsonl:3 : invalid JSON: Expecting value"
    assert str(IngestError("a.txt", None, "W111", "file is empty")) == "[W111] a.txt : file is empty"
    assert "\n" not in str(e)


def test_codes_documented():
    assert all(code.startswith("W") and len(code) == 4 for code in CODES)


def test_missing_path(tmp_path):
    p = tmp_path / "nope.txt"
    e = one_error([p])
    assert (e.code, e.path) == ("W101", str(p))


def test_empty_directory(tmp_path):
    e = one_error([tmp_path])
    assert e.code == "W102"


def test_directory_with_only_unreadable_types(tmp_path):
    (tmp_path / "x.csv").write_text("a,b")
    (tmp_path / "x.meta.json").write_text("{}")
    e = one_error([tmp_path])
    assert e.code == "W102" and "2 file(s)" in e.message


def test_unsupported_extension(tmp_path):
    f = tmp_path / "x.pdf"
    f.write_bytes(b"%PDF-1.4")
    assert one_error([f]).code == "W104"


def test_sidecar_given_as_document(tmp_path):
    f = tmp_path / "x.meta.json"
    f.write_text("{}")
    assert one_error([f]).code == "W106"


def test_binary_nul(tmp_path):
    f = tmp_path / "x.txt"
    f.write_bytes(b"abc\x00def" * 10)
    e = one_error([f])
    assert e.code == "W110" and e.path == str(f)


def test_binary_magic(tmp_path):
    f = tmp_path / "x.txt"
    f.write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    e = one_error([f])
    assert e.code == "W110" and "PDF" in e.message


def test_binary_control_bytes(tmp_path):
    f = tmp_path / "x.txt"
    f.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 20 + b"text")
    assert one_error([f]).code == "W110"


def test_empty_file(tmp_path):
    f = tmp_path / "x.txt"
    f.write_bytes(b"")
    assert one_error([f]).code == "W111"


def test_whitespace_file(tmp_path):
    f = tmp_path / "x.md"
    f.write_text(" \n\t\n")
    assert one_error([f]).code == "W111"


def test_non_utf8_names_offset(tmp_path):
    f = tmp_path / "x.txt"
    f.write_bytes("Title\n\nCaf\u00e9 au lait.".encode("cp1252"))
    e = one_error([f])
    assert e.code == "W112"
    assert "byte offset 10" in e.message and e.line == 3


def test_utf8_bom_and_utf16(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbfTitle\n\nBody.")
    (tmp_path / "b.txt").write_bytes("Title\n\nBody \u00e9.".encode("utf-16"))
    a, b = list(iter_documents([tmp_path]))
    assert a.text == "Title\n\nBody." and "encoding" not in a.meta
    assert b.text == "Title\n\nBody \u00e9." and b.meta["encoding"] == "utf-16"


def test_bad_sidecar_reported_document_kept(tmp_path):
    (tmp_path / "x.txt").write_text("Body.")
    (tmp_path / "x.meta.json").write_text("{not json")
    out = list(iter_documents([tmp_path]))
    assert [type(x) for x in out] == [IngestError, Document]
    assert out[0].code == "W140" and out[0].path.endswith("x.meta.json")


def test_errors_do_not_stop_the_batch(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text("Good body.")
    out = list(iter_documents([tmp_path / "missing", tmp_path]))
    assert [x.code if isinstance(x, IngestError) else "doc" for x in out] == ["W101", "W111", "doc"]
