"""The answer of `GET /v1/persons/{person_id}/history`, as the DHR chronology contract
shared by referral-hub, marac and dhr-tracker says."""

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

SOURCE = "marac"
Kind = Literal[
    "marac_referral_received",
    "marac_case_listed",
    "marac_case_heard",
    "marac_action_agreed",
    "marac_action_completed",
    "matac_nominated",
    "matac_heard",
]
Role = Literal["victim", "perpetrator"]
DetailValue = str | int | float
"""A code, a number, or a date written as ISO `YYYY-MM-DD`: never free text."""


class HistoryEntry(BaseModel):
    occurred_on: date
    occurred_at: datetime | None = Field(description="marac keeps dates: always null")
    source: Literal["marac"] = SOURCE
    kind: Kind
    agency: str | None = Field(description="Who did it: referring, owner or nominating agency")
    record_id: uuid.UUID = Field(description="The case, action or nomination")
    role: Role | None
    detail: dict[str, DetailValue] = Field(description="Codes, numbers and dates only")


class PersonHistory(BaseModel):
    person_id: uuid.UUID
    source: Literal["marac"] = SOURCE
    entries: list[HistoryEntry] = Field(
        description="By occurred_on, then occurred_at, kind and record_id; empty when marac "
        "holds nothing about the person"
    )
