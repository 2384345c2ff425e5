"""Speed-ups of the actor look-ups give the answers of the plain look-ups (index memo, covered tokens)."""
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


def test_covered_tokens_is_mention_at_without_the_scan():
    from whimbrel.actors.mentions import ActorSpan, covered_tokens, mention_at

    def span(start, end):
        return ActorSpan(start=start, end=end, start_char=0, end_char=0, text="x", actor_id="a", name="x",
                         country=None, sector=None, kind="person", entity_type="PERSON", how="ner")
    for mentions in ([], [span(2, 4)], [span(0, 1), span(3, 6), span(4, 5), span(9, 12)]):
        covered = covered_tokens(mentions)
        assert [i in covered for i in range(15)] == [mention_at(mentions, i) is not None for i in range(15)]
