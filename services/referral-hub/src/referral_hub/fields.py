"""Request-body building blocks shared by referral-hub's domains (pydantic v2).

Dates, date-times, numbers and text follow the platform's strict rule (`csp_common.fields`).
Dates "not in the future" are compared with the validation context when one is given
(`Model.model_validate(data, context={"today": date(...), "now": datetime(...)})`),
otherwise with the civil date in `CIVIL_TIMEZONE` and the platform's clock.
"""

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo

from csp_common import clock
from csp_common.fields import BlankIsNull, MultiLine, SingleLine, StrictDate, StrictDatetime
from referral_hub.index.rules import normalise_postcode

EARLIEST_DATE = date(1900, 1, 1)
CLOCK_SKEW = timedelta(minutes=5)
CIVIL_TIMEZONE = "Europe/London"

T = TypeVar("T")


# --- clock -------------------------------------------------------------------------


def _context(info: ValidationInfo) -> dict[str, Any]:
    return info.context if isinstance(info.context, dict) else {}


def today_from(info: ValidationInfo) -> date:
    """`context["today"]`, else the date of `context["now"]` or of now, in CIVIL_TIMEZONE."""
    context = _context(info)
    today = context.get("today")
    if isinstance(today, date):
        return today.date() if isinstance(today, datetime) else today
    moment = now_from(info)
    try:
        return moment.astimezone(ZoneInfo(CIVIL_TIMEZONE)).date()
    except ZoneInfoNotFoundError:  # no time zone database: fall back to UTC
        return moment.astimezone(UTC).date()


def now_from(info: ValidationInfo) -> datetime:
    """`context["now"]` (timezone-aware), else the current UTC time."""
    moment = _context(info).get("now")
    return moment if isinstance(moment, datetime) else clock.now()


# --- reusable field types --------------------------------------------------------------


def _date_not_in_future(value: date, info: ValidationInfo) -> date:
    today = today_from(info)
    if value > today:
        raise ValueError(f"must not be in the future (today is {today.isoformat()})")
    if value < EARLIEST_DATE:
        raise ValueError(f"must not be before {EARLIEST_DATE.isoformat()}")
    return value


def _date_of_birth(value: date, info: ValidationInfo) -> date:
    if value >= today_from(info):
        raise ValueError("date of birth must be in the past")
    return _date_not_in_future(value, info)


def _datetime_not_in_future(value: datetime, info: ValidationInfo) -> datetime:
    now = now_from(info)
    if value > now + CLOCK_SKEW:
        raise ValueError(f"must not be in the future (now is {now.isoformat()})")
    return value


def unique(values: list[T]) -> list[T]:
    duplicates = sorted(str(value) for value, count in Counter(values).items() if count > 1)
    if duplicates:
        raise ValueError(f"values must be unique; repeated: {', '.join(duplicates)}")
    return values


Postcode = Annotated[
    str, StringConstraints(max_length=16), SingleLine, AfterValidator(normalise_postcode)
]
AreaCode = Annotated[str, StringConstraints(max_length=49, pattern=r"^[a-z][a-z0-9-]{1,48}$")]
_Note = StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
ContactNote = Annotated[Annotated[str, _Note, MultiLine] | None, BlankIsNull]
"""Optional up to 200 characters; line breaks allowed (a note typed into a text box)."""
DateNotInFuture = Annotated[StrictDate, AfterValidator(_date_not_in_future)]
DateOfBirth = Annotated[StrictDate, AfterValidator(_date_of_birth)]
NotInFuture = AfterValidator(_datetime_not_in_future)
DatetimeNotInFuture = Annotated[StrictDatetime, NotInFuture]


def unique_codes(code: Any, count: int) -> Any:
    """A list of unique codes: at most `count` (every code once)."""
    return Annotated[list[code], Field(max_length=count), AfterValidator(unique)]


class InputModel(BaseModel):
    """A request body: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")
