import datetime as dt

import pytest

from quiz.content import PartialDate, Precision
from quiz.content.dates import format_span


@pytest.mark.parametrize(
    ("text", "precision", "shown"),
    [
        ("2024", Precision.YEAR, "2024"),
        ("2024-06", Precision.MONTH, "June 2024"),
        ("2024-06-19", Precision.DAY, "19 June 2024"),
        (2024, Precision.YEAR, "2024"),
    ],
)
def test_parse_keeps_precision(text, precision, shown):
    date = PartialDate.parse(text)
    assert date.precision is precision
    assert str(date) == shown
    assert date.iso() == str(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("19/06/2024", "is not a date"),
        ("2024-13", "no month 13"),
        ("2023-02-29", "not a day of the calendar"),
        ("", "is not a date"),
    ],
)
def test_parse_rejects_with_a_reason(text, message):
    with pytest.raises(ValueError, match=message):
        PartialDate.parse(text)


def test_less_precise_sorts_first_and_spans_its_days():
    month = PartialDate.parse("2024-06")
    assert month < PartialDate.parse("2024-06-01") < PartialDate.parse("2024-07")
    assert month.first_day == dt.date(2024, 6, 1)
    assert month.last_day == dt.date(2024, 6, 30)
    assert month.overlaps(PartialDate.parse("2024-06-19"))
    assert not month.overlaps(PartialDate.parse("2024-07-01"))


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("2023-09-12", "2023-09-17", "12–17 September 2023"),
        ("2024-06-30", "2024-07-02", "30 June – 2 July 2024"),
        ("2024-12-30", "2025-01-02", "30 December 2024 – 2 January 2025"),
        ("2024-06", None, "June 2024"),
    ],
)
def test_format_span(start, end, shown):
    assert format_span(PartialDate.parse(start), end and PartialDate.parse(end)) == shown
