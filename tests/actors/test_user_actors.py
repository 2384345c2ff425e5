from datetime import date

from whimbrel.coder import Coder

USER_ACTORS = """
- {name: Ivan Testovich, aliases: [Testovich], country: RUS, sector: GOV,
   role: Governor of Kursk Oblast, from: 2024-12-05, to: null, gender: m}
"""


def test_user_actor_file_codes_an_unknown_person(tmp_path):
    path = tmp_path / "my_actors.yaml"
    path.write_text(USER_ACTORS)
    coder = Coder.load(actor_files=(str(path),))
    coded = coder.code_text("Ivan Testovich accused Ukraine of shelling.", pub_date=date(2025, 5, 17))
    accuse = [e for e in coded.events if e.event_type == "ACCUSE"]
    assert accuse and accuse[0].source.name == "Ivan Testovich"
    assert (accuse[0].source.country, accuse[0].source.sector) == ("RUS", "GOV")
