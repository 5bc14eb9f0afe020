"""A review's chronology: what referral-hub and marac answer about a person (the person
history contract), and the merged, dated chronology dhr-tracker answers."""

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from csp_common.asking import Unavailability
from csp_common.history import HistoryDetailValue, HistoryEntryRead

SourceName = Literal["referral-hub", "marac"]
SOURCES: tuple[SourceName, ...] = ("referral-hub", "marac")


class HistoryEntry(HistoryEntryRead):
    """One entry of a person's history as a source answers it (codes only)."""

    source: SourceName


class HistoryAnswer(BaseModel):
    """`GET /v1/persons/{person_id}/history` of referral-hub or marac."""

    model_config = ConfigDict(extra="ignore")
    person_id: uuid.UUID
    source: SourceName
    entries: list[HistoryEntry] = Field(max_length=100_000)


PersonStatus = Literal["answered", "not_found", "unavailable"]
SourceStatus = Literal["answered", "unavailable", "not_asked"]


class PersonOutcome(BaseModel):
    person_id: uuid.UUID
    status: PersonStatus
    reason: Unavailability | None = None
    entries: int = 0


class SourceOut(BaseModel):
    source: SourceName
    status: SourceStatus = Field(
        description="answered: every person was answered for (or is unknown to the source); "
        "unavailable: at least one was not, and `reason` says why; not_asked: the review "
        "names no person"
    )
    reason: Unavailability | None = None
    persons: list[PersonOutcome]


class Involvement(BaseModel):
    person_id: uuid.UUID
    role: Literal["victim", "perpetrator"] | None


class ChronologyEntryOut(BaseModel):
    occurred_on: date
    occurred_at: datetime | None
    source: SourceName
    kind: str
    agency: str | None
    record_id: uuid.UUID
    persons: list[Involvement] = Field(description="The review's people the record is about")
    detail: dict[str, HistoryDetailValue]


class ChronologyOut(BaseModel):
    review_id: uuid.UUID
    before: date = Field(description="Entries strictly before this day (the date of death)")
    complete: bool = Field(description="Whether every source answered for every person")
    sources: list[SourceOut]
    entries: list[ChronologyEntryOut]
