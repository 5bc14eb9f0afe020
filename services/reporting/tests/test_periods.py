from datetime import date

import pytest

from reporting import periods
from reporting.periods import InvalidPeriod, Period, UnpublishedPeriod


def test_a_financial_year_runs_from_april_to_march() -> None:
    fy = periods.financial_year(2023)
    assert (fy.start, fy.end) == (date(2023, 4, 1), date(2024, 3, 31))
    assert fy.label == "2023/24"
    assert fy.code == "2023-24"


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (1, date(2023, 4, 1), date(2023, 6, 30)),
        (2, date(2023, 7, 1), date(2023, 9, 30)),
        (3, date(2023, 10, 1), date(2023, 12, 31)),
        (4, date(2024, 1, 1), date(2024, 3, 31)),
    ],
)
def test_quarters_are_of_the_financial_year(quarter: int, start: date, end: date) -> None:
    q = periods.fy_quarter(2023, quarter)
    assert (q.start, q.end) == (start, end)
    assert q.quarter == quarter
    assert q.label == f"Q{quarter} 2023/24"
    assert periods.parse_period(q.code) == q


def test_the_seed_reports_quarter_compares_with_the_same_quarter_a_year_before() -> None:
    q3 = periods.resolve(fy="2023-24", quarter=3)
    before = q3.previous_year()
    assert (before.start, before.end) == (date(2022, 10, 1), date(2022, 12, 31))
    assert before.label == "Q3 2022/23"


def test_a_year_earlier_than_29_february_is_28_february() -> None:
    leap = periods.between(date(2024, 2, 1), date(2024, 2, 29))
    assert leap == periods.calendar_month(2024, 2)
    assert leap.previous_year().end == date(2023, 2, 28)
    assert periods.calendar_year(2024).previous_year() == periods.calendar_year(2023)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023", Period("year", date(2023, 1, 1), date(2023, 12, 31))),
        ("2023-24", Period("financial_year", date(2023, 4, 1), date(2024, 3, 31))),
        ("2023/24", Period("financial_year", date(2023, 4, 1), date(2024, 3, 31))),
        ("2023-24-Q3", Period("quarter", date(2023, 10, 1), date(2023, 12, 31))),
        ("2023-24-q4", Period("quarter", date(2024, 1, 1), date(2024, 3, 31))),
        ("2023-10-01..2023-10-31", Period("month", date(2023, 10, 1), date(2023, 10, 31))),
        ("2023-10-01..2023-12-31", Period("quarter", date(2023, 10, 1), date(2023, 12, 31))),
        ("2024-02", Period("month", date(2024, 2, 1), date(2024, 2, 29))),
    ],
)
def test_the_period_grammar(text: str, expected: Period) -> None:
    assert periods.parse_period(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "23",
        "2023-25",
        "2023-24-Q5",
        "2023-02-30..2023-03-01",
        "2023-12-01..2023-01-01",
        "1999",
        "2201",
        "2000-01-01..2015-01-01",
        "x" * 40,
        "2023-24-Q3; DROP TABLE",
    ],
)
def test_nonsense_periods_are_refused(text: str) -> None:
    with pytest.raises(InvalidPeriod):
        periods.parse_period(text)


def test_filters_name_exactly_one_period() -> None:
    with pytest.raises(InvalidPeriod):
        periods.resolve(year=2023, fy="2023-24")
    with pytest.raises(InvalidPeriod):
        periods.resolve(quarter=3)
    with pytest.raises(InvalidPeriod):
        periods.resolve(start=date(2023, 1, 1))
    assert periods.resolve(today=date(2024, 2, 1)) == periods.financial_year(2023)
    assert periods.resolve(today=date(2024, 4, 1)) == periods.financial_year(2024)


def test_the_last_complete_year_of_a_period() -> None:
    assert periods.last_complete_year(periods.fy_quarter(2023, 3)).start.year == 2023
    assert periods.last_complete_year(periods.fy_quarter(2023, 4)).start.year == 2023
    assert periods.last_complete_year(periods.calendar_year(2023)).start.year == 2023


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-01..2024-02-29",
        "2024-02-01..2024-02-28",
        "2024-02-02..2024-02-29",
        "2023-10-01..2023-10-01",
    ],
)
def test_dates_that_are_not_a_whole_month_quarter_or_year_are_not_published(text: str) -> None:
    with pytest.raises(UnpublishedPeriod, match="whole months, quarters and years"):
        periods.parse_period(text)
