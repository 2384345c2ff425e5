"""The actor indexes remember their answers: the same answers as looking up afresh, also after an add."""
from whimbrel.actors import dictionary
from whimbrel.actors.dictionary import _Index, load_tables


def test_memo_answers_equal_fresh_lookups():
    tables = load_tables()
    words = ["spokesman", "Spokesman", "US", "us", "Ukraine's", "the Kremlin", "troops", "nobody-knows", ""]
    for index in (tables.roles, tables.countries, tables.places, tables.agents, tables.names):
        for word in words + words:   # the second round is answered from the memo
            assert index.get(word) is index.lookup(word)


def test_an_add_is_seen_by_the_next_get(monkeypatch):
    index = _Index()
    assert index.get("Foo Bar") is None
    index.add("Foo Bar", "first")
    assert index.get("foo bar") == "first" and index.get("Foo Bar") == "first"
    monkeypatch.setattr(dictionary, "MEMO_LIMIT", 1)
    index.add("Baz", "second")
    assert [index.get(w) for w in ("Baz", "BAZ", "Foo Bar")] == ["second", "second", "first"]
    assert len(index._memo) == 1
