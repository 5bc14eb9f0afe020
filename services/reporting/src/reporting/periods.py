"""Reporting periods: calendar months, quarters of the financial year, financial years
(April to March) and calendar years, with the same period a year earlier for
comparisons.

Figures are published for these periods only. Arbitrary date ranges are refused: two
overlapping ranges (January to February, and January) give the difference of their
figures, which is how small numbers were worked out before. A date range that is
exactly one of these periods is that period. See `protection` for the rest.

One grammar serves the query parameters and the `period=` parameter:

- `2024-02` the calendar month;
- `2023` the calendar year;
- `2023-24` (or `2023/24`) the financial year 1 April 2023 to 31 March 2024;
- `2023-24-Q3` the third quarter of that financial year (October to December 2023);
- `2023-10-01..2023-12-31` the period with exactly those first and last days.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from csp_common import clock

PeriodKind = Literal["month", "quarter", "financial_year", "year"]

MIN_YEAR = 2000
MAX_YEAR = 2200

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
# ASCII digits only: full-width or Arabic-Indic digits are not a year here.
_FY = re.compile(r"^([0-9]{4})[-/]([0-9]{2})$")
_QUARTER = re.compile(r"^([0-9]{4})[-/]([0-9]{2})[-/ ]?[Qq]([1-4])$")
_YEAR = re.compile(r"^([0-9]{4})$")
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")
_RANGE = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})\.\.([0-9]{4}-[0-9]{2}-[0-9]{2})$")

GRAMMAR = "2024-02 (a month), 2023-24-Q3 (a quarter), 2023-24 (a financial year) or 2023"


class InvalidPeriod(ValueError):
    """A period a caller asked for that does not exist or cannot be understood."""


class UnpublishedPeriod(InvalidPeriod):
    """Dates that are not one of the periods figures are published for."""


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: date
    end: date
    """Inclusive."""

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{_MONTHS[self.start.month - 1]} {self.start.year}"
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "financial_year":
            return f"{self.start.year}/{str(self.start.year + 1)[2:]}"
        fy = financial_year_of(self.start)
        return f"Q{self.quarter} {fy}/{str(fy + 1)[2:]}"

    @property
    def code(self) -> str:
        """The period in the `period=` grammar."""
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "financial_year":
            return fy_code(self.start.year)
        return f"{fy_code(financial_year_of(self.start))}-Q{self.quarter}"

    @property
    def quarter(self) -> int | None:
        if self.kind != "quarter":
            return None
        return (self.start.month - 4) % 12 // 3 + 1

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> list["Period"]:
        """The calendar months of the period, in order."""
        result = []
        day = self.start
        while day <= self.end:
            result.append(calendar_month(day.year, day.month))
            day = result[-1].end + timedelta(days=1)
        return result

    def previous_year(self) -> "Period":
        """The same period a year earlier."""
        if self.kind == "month":
            return calendar_month(self.start.year - 1, self.start.month)
        start = self.start.replace(year=self.start.year - 1)
        return Period(self.kind, start, _year_earlier(self.end))

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "label": self.label,
            "kind": self.kind,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


def fy_code(start_year: int) -> str:
    return f"{start_year}-{str(start_year + 1)[2:]}"


def financial_year_of(day: date) -> int:
    """The year a financial year starts in (1 April)."""
    return day.year if day.month >= 4 else day.year - 1


def calendar_month(year: int, month: int) -> Period:
    _check_year(year)
    if not 1 <= month <= 12:
        raise InvalidPeriod(f"month {month} is not 1 to 12")
    following = date(year + month // 12, month % 12 + 1, 1)
    return Period("month", date(year, month, 1), following - timedelta(days=1))


def calendar_year(year: int) -> Period:
    _check_year(year)
    return Period("year", date(year, 1, 1), date(year, 12, 31))


def financial_year(start_year: int) -> Period:
    _check_year(start_year)
    return Period("financial_year", date(start_year, 4, 1), date(start_year + 1, 3, 31))


def fy_quarter(start_year: int, quarter: int) -> Period:
    _check_year(start_year)
    if not 1 <= quarter <= 4:
        raise InvalidPeriod("quarter must be 1, 2, 3 or 4 (Q1 is April to June)")
    first_month = 4 + 3 * (quarter - 1)
    year = start_year + (first_month - 1) // 12
    month = (first_month - 1) % 12 + 1
    start = date(year, month, 1)
    end_month_first = date(year + (month + 2) // 12, (month + 2) % 12 + 1, 1)
    return Period("quarter", start, end_month_first - timedelta(days=1))


def between(start: date, end: date) -> Period:
    """The published period whose first and last days these are; refused otherwise."""
    if end < start:
        raise InvalidPeriod("the end of a date range comes before its start")
    _check_year(start.year)
    _check_year(end.year)
    candidates = [calendar_month(start.year, start.month), calendar_year(start.year)]
    fy = financial_year_of(start)
    candidates += [financial_year(fy), *(fy_quarter(fy, q) for q in (1, 2, 3, 4))]
    for candidate in candidates:
        if (candidate.start, candidate.end) == (start, end):
            return candidate
    raise UnpublishedPeriod(
        f"figures are published for whole months, quarters and years only, not for "
        f"{start.isoformat()} to {end.isoformat()}: ask for {GRAMMAR}"
    )


def parse_fy(text: str) -> int:
    """`2023-24` or `2023/24` -> 2023."""
    match = _FY.match(text.strip())
    if not match:
        raise InvalidPeriod(f"financial year {text[:20]!r}: write it like 2023-24")
    start, end = int(match.group(1)), int(match.group(2))
    if (start + 1) % 100 != end:
        raise InvalidPeriod(f"financial year {text!r}: the second year must follow the first")
    return start


def parse_period(text: str) -> Period:
    """A period written in the `period=` grammar (see the module docstring)."""
    text = text.strip()
    if match := _YEAR.match(text):
        return calendar_year(int(match.group(1)))
    if match := _QUARTER.match(text):
        start = parse_fy(f"{match.group(1)}-{match.group(2)}")
        return fy_quarter(start, int(match.group(3)))
    if match := _MONTH.match(text):
        # 2023-24 is a financial year, 2023-12 a month: the second part says which (a
        # financial year wins for 2000-01 to 2011-12; write those months as date ranges).
        year, second = int(match.group(1)), int(match.group(2))
        if (year + 1) % 100 == second:
            return financial_year(year)
        if not 1 <= second <= 12:
            raise InvalidPeriod(f"period {text!r}: neither a month nor a financial year")
        return calendar_month(year, second)
    if _FY.match(text):
        return financial_year(parse_fy(text))
    if match := _RANGE.match(text):
        try:
            start, end = date.fromisoformat(match.group(1)), date.fromisoformat(match.group(2))
        except ValueError as exc:
            raise InvalidPeriod(f"period {text!r}: {exc}") from exc
        return between(start, end)
    raise InvalidPeriod(f"period {text[:40]!r} is not understood: write {GRAMMAR}")


def resolve(
    *,
    period: str | None = None,
    year: int | None = None,
    fy: str | None = None,
    quarter: int | None = None,
    start: date | None = None,
    end: date | None = None,
    today: date | None = None,
) -> Period:
    """The one period that a request's filters name; the current financial year if none."""
    given = [
        name
        for name, value in (
            ("period", period),
            ("year", year),
            ("fy", fy),
            ("from/to", start or end),
        )
        if value is not None
    ]
    if len(given) > 1:
        raise InvalidPeriod(f"give one of period, year, fy (with quarter) or from/to, not {given}")
    if quarter is not None and fy is None:
        raise InvalidPeriod("quarter needs fy: quarters are of the financial year (Q1 is April)")
    if period is not None:
        return parse_period(period)
    if year is not None:
        return calendar_year(year)
    if fy is not None:
        start_year = parse_fy(fy)
        return (
            fy_quarter(start_year, quarter) if quarter is not None else financial_year(start_year)
        )
    if start is not None or end is not None:
        if start is None or end is None:
            raise InvalidPeriod("a date range needs both from and to")
        return between(start, end)
    return financial_year(financial_year_of(today or clock.today()))


def last_complete_year(period: Period) -> Period:
    """The latest calendar year that ends on or before the period's end."""
    year = (
        period.end.year if (period.end.month, period.end.day) == (12, 31) else period.end.year - 1
    )
    return calendar_year(year)


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidPeriod(f"year {year} is outside {MIN_YEAR} to {MAX_YEAR}")


def _year_earlier(day: date) -> date:
    if day.month == 2 and day.day == 29:
        return date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)
