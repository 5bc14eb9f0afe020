"""Reporting periods: calendar years, financial years (April to March), their quarters
and date ranges, with the same period a year earlier for comparisons.

One grammar serves the query parameters and the `period=` parameter:

- `2023` the calendar year;
- `2023-24` (or `2023/24`) the financial year 1 April 2023 to 31 March 2024;
- `2023-24-Q3` the third quarter of that financial year (October to December 2023);
- `2023-10-01..2023-12-31` a date range, both ends included.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

PeriodKind = Literal["year", "financial_year", "quarter", "range"]

MIN_YEAR = 2000
MAX_YEAR = 2100
MAX_RANGE_DAYS = 366 * 10

_FY = re.compile(r"^(\d{4})[-/](\d{2})$")
_QUARTER = re.compile(r"^(\d{4})[-/](\d{2})[-/ ]?[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


class InvalidPeriod(ValueError):
    """A period a caller asked for that does not exist or cannot be understood."""


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: date
    end: date
    """Inclusive."""

    @property
    def label(self) -> str:
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "financial_year":
            return f"{self.start.year}/{str(self.start.year + 1)[2:]}"
        if self.kind == "quarter":
            fy = financial_year_of(self.start)
            return f"Q{self.quarter} {fy}/{str(fy + 1)[2:]}"
        return f"{self.start:%-d %b %Y} to {self.end:%-d %b %Y}"

    @property
    def code(self) -> str:
        """The period in the `period=` grammar."""
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "financial_year":
            return fy_code(self.start.year)
        if self.kind == "quarter":
            return f"{fy_code(financial_year_of(self.start))}-Q{self.quarter}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def quarter(self) -> int | None:
        if self.kind != "quarter":
            return None
        return (self.start.month - 4) % 12 // 3 + 1

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous_year(self) -> "Period":
        """The same period a year earlier (29 February becomes 28 February)."""
        return Period(self.kind, _year_earlier(self.start), _year_earlier(self.end))

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


def date_range(start: date, end: date) -> Period:
    if end < start:
        raise InvalidPeriod("the end of a date range comes before its start")
    _check_year(start.year)
    _check_year(end.year)
    if (end - start).days >= MAX_RANGE_DAYS:
        raise InvalidPeriod("a date range can cover at most ten years")
    return Period("range", start, end)


def parse_fy(text: str) -> int:
    """`2023-24` or `2023/24` -> 2023."""
    match = _FY.match(text.strip())
    if not match:
        raise InvalidPeriod(f"financial year {text!r}: write it like 2023-24")
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
    if _FY.match(text):
        return financial_year(parse_fy(text))
    if match := _RANGE.match(text):
        try:
            start, end = date.fromisoformat(match.group(1)), date.fromisoformat(match.group(2))
        except ValueError as exc:
            raise InvalidPeriod(f"period {text!r}: {exc}") from exc
        return date_range(start, end)
    raise InvalidPeriod(
        f"period {text[:40]!r} is not understood: write 2023, 2023-24, 2023-24-Q3 "
        "or 2023-10-01..2023-12-31"
    )


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
        return date_range(start, end)
    return financial_year(financial_year_of(today or date.today()))


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
