import pytest

from whimbrel.places.gazetteer import Gazetteer, Place, load_gazetteer, normalise, read_extras


@pytest.fixture(scope="module")
def gazetteer():
    """The packaged gazetteer, loaded once for the module (its load time is a bench figure, not a test)."""
    load_gazetteer.cache_clear()
    return load_gazetteer()


def test_gazetteer_holds_the_whole_table(gazetteer):
    assert len(gazetteer) > 50_000


def test_gazetteer_istanbul_is_in_turkey(gazetteer):
    best = gazetteer.lookup("Istanbul")[0]
    assert (best.country, best.feature) == ("TUR", "city")
    assert best.lat == pytest.approx(41.01, abs=0.05) and best.lon == pytest.approx(28.95, abs=0.05)


@pytest.mark.parametrize("name", ["Kiev", "Kyiv", "KYIV", "kiev"])
def test_gazetteer_kiev_and_kyiv_are_the_ukrainian_capital(gazetteer, name):
    best = gazetteer.lookup(name)[0]
    assert (best.name, best.country, best.feature) == ("Kyiv", "UKR", "capital")


@pytest.mark.parametrize("name,prefer,country", [
    ("Paris", (), "FRA"),
    ("Paris", ("FRA",), "FRA"),
    ("Paris", ("USA",), "USA"),
    ("Paris", ("USA", "FRA"), "FRA"),  # both in the document: the capital wins
    ("Tripoli", (), "LBY"),
    ("Tripoli", ("LBN",), "LBN"),
    ("Georgia", (), "GEO"),
    ("Georgia", ("USA",), "USA"),
    ("Moscow", (), "RUS"),
])
def test_gazetteer_ambiguous_names_follow_the_document(gazetteer, name, prefer, country):
    assert gazetteer.lookup(name, prefer)[0].country == country


@pytest.mark.parametrize("name,expected,feature", [
    ("Donbass", "Donbas", "region"),
    ("the Donbas", "Donbas", "region"),
    ("Crimea", "Crimea", "region"),
    ("Kursk region", "Kursk region", "admin1"),
    ("the West Bank", "West Bank", "region"),
    ("Golan Heights", "Golan Heights", "region"),
    ("Strait of Hormuz", "Strait of Hormuz", "water"),
    ("Black Sea", "Black Sea", "water"),
    ("Gaza", "Gaza Strip", "region"),  # curated: news means the Strip
    ("New York", "New York City", "city"),  # curated alias outranks the state
    ("Washington", "Washington", "capital"),
    ("US", "United States", "country"),
    ("Britain", "United Kingdom", "country"),
    ("Constantinople", "Istanbul", "city"),
])
def test_gazetteer_curated_and_alternate_names(gazetteer, name, expected, feature):
    best = gazetteer.lookup(name)[0]
    assert (best.name, best.feature) == (expected, feature)


def test_gazetteer_unknown_name_has_no_candidates(gazetteer):
    assert gazetteer.lookup("Kremlin") == []
    assert "Atlantis Prime" not in gazetteer


@pytest.mark.parametrize("raw,key", [
    ("Zürich", "zurich"), ("  São   Paulo ", "sao paulo"), ("the Hague", "hague"),
    ("Côte d’Ivoire", "cote d'ivoire"),
])
def test_gazetteer_normalise(raw, key):
    assert normalise(raw) == key


def test_gazetteer_ranks_own_name_before_alternate():
    town = Place("Reisterstown", "USA", 39.4, -76.8, "city", 1, 25_000)
    capital = Place("Washington", "USA", 38.9, -77.0, "capital", 2, 700_000)
    small = Place("Washington", "USA", 37.1, -113.5, "city", 3, 24_000)
    index = Gazetteer([(town, ["washington"]), (small, []), (capital, [])])
    assert [p.geonameid for p in index.lookup("Washington")] == [2, 3, 1]


def test_gazetteer_bad_curated_entry_fails_loudly(tmp_path):
    path = tmp_path / "extra.yaml"
    path.write_text("- {name: Nowhere, feature: moon, lat: 0, lon: 0}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="E701.*Nowhere"):
        read_extras(path)


@pytest.mark.parametrize("name,country", [("Khyber Pakhtunkhwa", "PAK"), ("Balochistan", "PAK"), ("Ontario", "CAN"),
                                          ("Mary", None), ("Unity", None)])
def test_gazetteer_first_level_subdivisions(name, country):
    """ISO 3166-2 provinces are places; names news uses for people or words are left out."""
    places = [p for p in load_gazetteer().lookup(name) if p.feature == "admin1"]
    assert (places[0].country if places else None) == country


def test_gazetteer_major_city_ranks_within_its_country():
    from whimbrel.places.gazetteer import lookup, major_city

    assert any(major_city(p) and p.country == "ESP" for p in lookup("Valencia"))
    assert not any(major_city(p) and p.country == "USA" for p in lookup("Paris"))
