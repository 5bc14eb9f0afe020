"""Field types of marac's requests (codes, text, numbers, dates), and new ids.

Dates, text and whole numbers a caller sends follow csp_common.fields, the one strict
rule of every service."""

import uuid
from datetime import date
from typing import Annotated

from pydantic import Field, StringConstraints

from csp_common.fields import StrictDate, bounded_int, optional_text, text

CODE = r"^[a-z0-9][a-z0-9_-]{0,63}$"
AgencyCode = Annotated[str, StringConstraints(pattern=CODE, max_length=64)]
AreaCode = Annotated[str, StringConstraints(pattern=CODE, max_length=64)]
FreeText = text(2000, multiline=True)
"""What an agency writes (information shared, an action): 1..2000 characters, lines
allowed, no control characters or lone surrogates (csp_common.fields' one rule)."""
OptionalFreeText = optional_text(2000, multiline=True)
"""The same, optional: blank is null."""
DashScore = bounded_int(0, 24)
"""The DASH checklist's score: the number of "yes" of 24 questions."""
MeetingCapacity = bounded_int(1, 200)
"""Cases one MARAC meeting can hear."""
Venue = optional_text(200)
"""Where a meeting is held: one line, up to 200 characters; blank is null."""


def new_id() -> str:
    return str(uuid.uuid4())


EARLIEST_DATE = date(1990, 1, 1)
LATEST_DATE = date(2100, 12, 31)
InputDate = Annotated[StrictDate, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]
"""A date a caller sends: an ISO 'YYYY-MM-DD' (never a number), bounded, so date
arithmetic on it can never overflow."""
