"""Meetings as callers add and read them."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from marac.fields import AreaCode, InputDate, MeetingCapacity, Venue

MeetingKind = Literal["marac", "matac"]


MeetingStatus = Literal["scheduled", "held", "cancelled"]


class MeetingOut(BaseModel):
    id: str
    kind: MeetingKind
    area: str = Field(description="MARAC (or MATAC) area code")
    held_on: date
    status: MeetingStatus
    capacity: int = Field(description="Cases the meeting can hear (MARAC)")
    listed: int = Field(description="Cases listed so far")
    venue: str | None = None
    chair_agency: str | None = None
    confidentiality_statement_read: bool | None = None


class MeetingIn(BaseModel):
    """An extra meeting outside the cadence (the schedule itself is generated)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"area": "york", "held_on": "2026-12-10", "kind": "marac", "venue": "West Offices"}
            ]
        },
    )

    area: AreaCode
    held_on: InputDate
    kind: MeetingKind = "marac"
    capacity: MeetingCapacity | None = Field(default=None, description="Defaults to the area cap")
    venue: Venue = None
