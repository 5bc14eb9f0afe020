"""Field types of svd-fund's requests (csp_common.fields' strict rules, bounded)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import Field, PlainSerializer, StringConstraints, WithJsonSchema

from csp_common.fields import StrictDate, naive_in, optional_text, text

LONDON = ZoneInfo("Europe/London")
"""The fund's civil time: opening and closing times are read and shown in it."""

CODE = r"^[a-z0-9][a-z0-9_-]{0,63}$"
Code = Annotated[str, StringConstraints(pattern=CODE, max_length=64)]
"""An area, a priority, an activity type, a criterion: lower case letters, digits, '-', '_'."""

MAX_POUNDS = Decimal("100000000")
Money = Annotated[
    Decimal,
    Field(ge=Decimal("0"), le=MAX_POUNDS, max_digits=11, decimal_places=2, allow_inf_nan=False),
    PlainSerializer(lambda value: f"{value:.2f}", return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": int(MAX_POUNDS)},
                {"type": "string", "pattern": r"^\d{1,9}(\.\d{1,2})?$", "maxLength": 12},
            ],
            "examples": ["40000.00"],
        }
    ),
]
"""Pounds and pence: a decimal string or number with at most two decimal places, never a
float's approximation; answered as a string ("40000.00")."""
PositiveMoney = Annotated[Money, Field(gt=Decimal("0"))]


def pence(pounds: Decimal) -> int:
    """Money in events: whole pence (an event carries no decimals)."""
    return int(pounds * 100)


def hundredths(value: Decimal) -> int:
    return int(value * 100)


LocalDatetime = Annotated[datetime, naive_in(LONDON)]
"""A moment: with a UTC offset, or without one as a time in Europe/London."""
InputDate = Annotated[StrictDate, Field(ge=date(2000, 1, 1), le=date(2100, 12, 31))]
Title = text(200)
OptionalTitle = optional_text(200)
Prose = text(5000, multiline=True)
OptionalProse = optional_text(5000, multiline=True)
OneLine = text(300)
