from datetime import date

import pytest

from whimbrel.dates.resolve import resolve_expression, resolve_weekday

SATURDAY = date(2025, 5, 17)
MONDAY = date(2025, 5, 19)


@pytest.mark.parametrize("text,pub,future,expected", [
    ("Friday", SATURDAY, False, ("2025-05-16", "day")),
    ("Saturday", SATURDAY, False, ("2025-05-17", "day")),
    ("Monday", SATURDAY, True, ("2025-05-19", "day")),
    ("Monday", MONDAY, False, ("2025-05-19", "day")),
    ("Sunday", MONDAY, False, ("2025-05-18", "day")),
    ("Friday", MONDAY, False, ("2025-05-16", "day")),
    ("Monday", MONDAY, True, ("2025-05-26", "day")),
    ("yesterday", SATURDAY, False, ("2025-05-16", "day")),
    ("last year", SATURDAY, False, ("2024", "year")),
    ("2022", SATURDAY, False, ("2022", "year")),
    ("May 2024", SATURDAY, False, ("2024-05", "month")),
    ("12 March 2024", SATURDAY, False, ("2024-03-12", "day")),
])
def test_dates_resolve_expression(text, pub, future, expected):
    assert resolve_expression(text, pub, future) == expected


def test_dates_weekday_past_is_on_or_before_publication():
    for offset in range(7):
        pub = date(2025, 5, 12 + offset)
        for weekday in range(7):
            value = resolve_weekday(weekday, pub, future=False)
            assert value <= pub and (pub - value).days < 7 and value.weekday() == weekday


def test_dates_unparseable_expression_has_no_value():
    assert resolve_expression("the coming era", SATURDAY, False) == (None, "none")
