"""Strict field types for what callers send: one rule for dates, times, text and numbers
in every service's request bodies, import rows and query parameters.

pydantic's lax mode reads `0` as 1970-01-01, `-1` as a moment in 1969 and `1.5` as a
time of day; these types accept only what a partner means:

- `StrictDate`: an ISO 8601 calendar date string `YYYY-MM-DD`, or a `date`. Not a
  number, not a date-time.
- `StrictDatetime`: an ISO 8601 date-time string with a UTC offset
  (`2026-11-20T01:15:00Z`, `...+01:00`), or an aware `datetime`. Not a number.
  `Annotated[datetime, naive_in(zone)]` takes one without an offset as a time in `zone`.
- `StrictTime`: a time of day `HH:MM` or `HH:MM:SS[.ffffff]`, or a `time`. Not a number.
- `text(...)` / `optional_text(...)`: trimmed, bounded text without control characters
  (tabs and line breaks only where `multiline=True`) and without lone surrogates, which
  no database or UTF-8 encoder can store.
- `StrictInt` with `Field(ge=..., le=...)`, or `bounded_int(ge, le)`: a whole number
  within bounds, as a JSON integer or (for CSV cells) a string of digits; not a boolean
  and not a fraction.

Dates and date-times are kept between `EARLIEST_DATE` and `LATEST_DATE`, so date
arithmetic on anything a caller sends can never overflow; services narrow them further
with `Field(ge=..., le=...)`. Error messages never repeat the input.
"""

import re
from datetime import date, datetime, time, tzinfo
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = r"[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]{1,9})?)?"
_OFFSET = r"(?:[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)"
_DATETIME = re.compile(rf"[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}[Tt ]{_TIME}{_OFFSET}?")
_TIME_OF_DAY = re.compile(_TIME)
_INTEGER = re.compile(r"[+-]?[0-9]{1,30}")


# Every refusal of a malformed date, date-time or time names the format it expects, so a
# caller who sent `04/03/1985` learns what to send instead.
EXPECTED_DATE = "expected a date as YYYY-MM-DD"
EXPECTED_TIME = "expected a time of day as HH:MM or HH:MM:SS"


def _expected_datetime(naive_in: tzinfo | None) -> str:
    offset = "with" if naive_in is None else "optionally with"
    return f"expected a date-time as YYYY-MM-DDTHH:MM:SS {offset} a UTC offset such as Z or +01:00"


def _refuse(code: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(code, message)


def _in_range(day: date) -> None:
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise _refuse(
            "date_range",
            f"must be between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}",
        )


def _strict_date(value: Any) -> date:
    if isinstance(value, datetime):
        raise _refuse("date_type", f"{EXPECTED_DATE}, not a date-time")
    if isinstance(value, date):
        day = value
    elif isinstance(value, str) and _DATE.fullmatch(value.strip()):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise _refuse("date_value", f"{EXPECTED_DATE} that is on the calendar") from None
    else:
        raise _refuse("date_format", f"{EXPECTED_DATE} (ISO 8601)")
    _in_range(day)
    return day


def _parse_datetime(value: Any, naive_in: tzinfo | None) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and _DATETIME.fullmatch(value.strip()):
        try:
            moment = datetime.fromisoformat(_six_digit_fraction(value.strip().upper()))
        except ValueError:
            raise _refuse(
                "datetime_value", f"{_expected_datetime(naive_in)} that is on the calendar"
            ) from None
    else:
        raise _refuse("datetime_format", f"{_expected_datetime(naive_in)} (ISO 8601)")
    if moment.tzinfo is None or moment.utcoffset() is None:
        if naive_in is None:
            raise _refuse("datetime_offset", f"{_expected_datetime(None)} (the offset is missing)")
        moment = moment.replace(tzinfo=naive_in)
    _in_range(moment.date())
    return moment


def _aware_datetime(value: Any) -> datetime:
    return _parse_datetime(value, None)


def naive_in(zone: tzinfo) -> BeforeValidator:
    """`Annotated[datetime, naive_in(zone)]`: a `StrictDatetime`, except that a date-time
    without an offset is a time in `zone` (a spreadsheet's local time, a query's UTC)."""

    def check(value: Any) -> datetime:
        return _parse_datetime(value, zone)

    return BeforeValidator(check)


def _strict_time(value: Any) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, str) and _TIME_OF_DAY.fullmatch(value.strip()):
        try:
            return time.fromisoformat(_six_digit_fraction(value.strip()))
        except ValueError:
            raise _refuse("time_value", f"{EXPECTED_TIME} within the day") from None
    raise _refuse("time_format", f"{EXPECTED_TIME} (ISO 8601)")


def _six_digit_fraction(text: str) -> str:
    """Python reads at most microseconds: cut nanoseconds rather than refuse them."""
    return re.sub(r"[.,]([0-9]{1,6})[0-9]*", r".\1", text, count=1)


StrictDate = Annotated[date, BeforeValidator(_strict_date)]
"""A calendar date: 'YYYY-MM-DD' or a `date`, between EARLIEST_DATE and LATEST_DATE."""
StrictDatetime = Annotated[datetime, BeforeValidator(_aware_datetime)]
"""A moment: an ISO 8601 date-time with a UTC offset, or an aware `datetime`."""
StrictTime = Annotated[time, BeforeValidator(_strict_time)]
"""A time of day: 'HH:MM' or 'HH:MM:SS[.ffffff]', or a `time`."""


# --- text ------------------------------------------------------------------------------

_LINE_BREAKS = "\n\r\u2028\u2029"
# C0 and C1 controls, DEL and surrogates; tabs and line breaks decided separately.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_UNSTORABLE_OR_CONTROL = re.compile(f"[{_CONTROLS}\ud800-\udfff]")
_SINGLE_LINE_BREAKS = re.compile(f"[\t{_LINE_BREAKS}]")


def check_text(value: str, *, multiline: bool = False) -> str:
    """`value` if it has no control characters, lone surrogates or (unless `multiline`)
    tabs and line breaks; raises a validation error otherwise."""
    if _UNSTORABLE_OR_CONTROL.search(value):
        raise _refuse("text_characters", "must not contain control characters or lone surrogates")
    if not multiline and _SINGLE_LINE_BREAKS.search(value):
        raise _refuse("text_line", "must be one line (no tabs or line breaks)")
    return value


def _single_line(value: str) -> str:
    return check_text(value)


def _multiline(value: str) -> str:
    return check_text(value, multiline=True)


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


SingleLine = AfterValidator(_single_line)
"""Refuses control characters, lone surrogates, tabs and line breaks."""
MultiLine = AfterValidator(_multiline)
"""Refuses control characters and lone surrogates; tabs and line breaks are fine."""
BlankIsNull = BeforeValidator(_blank_to_none)
"""Blank text (only whitespace) is null."""


def _trimmed(max_length: int, min_length: int = 1) -> StringConstraints:
    return StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)


def text(max_length: int, *, min_length: int = 1, multiline: bool = False) -> Any:
    """Required text, trimmed, `min_length`..`max_length` characters."""
    return Annotated[str, _trimmed(max_length, min_length), MultiLine if multiline else SingleLine]


def optional_text(max_length: int, *, multiline: bool = False) -> Any:
    """Optional text, trimmed, up to `max_length` characters; blank is null."""
    return Annotated[text(max_length, multiline=multiline) | None, BlankIsNull]


Name = Annotated[str, _trimmed(100), SingleLine]
"""A person's given or family name: one line, 1..100 characters, any script or symbol."""
Reference = Annotated[str, _trimmed(100), SingleLine]
"""An identifier from a partner's system: one line, 1..100 characters."""
ShortText = Annotated[Annotated[str, _trimmed(200), SingleLine] | None, BlankIsNull]
"""Optional one-line free text up to 200 characters; blank is null."""
LongText = Annotated[Annotated[str, _trimmed(2000), MultiLine] | None, BlankIsNull]
"""Optional free text up to 2000 characters, tabs and line breaks allowed; blank is null."""


# --- numbers ---------------------------------------------------------------------------


def _whole_number(value: Any) -> int:
    if isinstance(value, bool):
        raise _refuse("int_type", "must be a whole number, not true or false")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(value.strip())
    raise _refuse("int_type", "must be a whole number")


StrictInt = Annotated[int, BeforeValidator(_whole_number)]
"""A whole number (a JSON integer, or digits in a CSV cell); bound it with `Field(ge, le)`."""


def bounded_int(ge: int, le: int) -> Any:
    """A whole number from `ge` to `le` (a JSON integer, or digits in a CSV cell)."""
    return Annotated[int, Field(ge=ge, le=le), BeforeValidator(_whole_number)]
