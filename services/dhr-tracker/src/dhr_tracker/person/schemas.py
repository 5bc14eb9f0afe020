"""What dhr-tracker holds about a person, in the person history contract's shape (as
referral-hub and marac answer it): dated entries of codes, numbers and dates."""

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

SOURCE = "dhr-tracker"
HistoryKind = Literal["review_notified", "review_moved"]
DetailValue = str | int | float


class HistoryEntry(BaseModel):
    occurred_on: date
    occurred_at: datetime | None
    source: Literal["dhr-tracker"] = SOURCE
    kind: HistoryKind
    agency: str | None = Field(description="The agency that notified the review")
    record_id: uuid.UUID = Field(description="The review")
    role: None = None
    detail: dict[str, DetailValue] = Field(description="Codes, numbers and dates only")


class PersonHistory(BaseModel):
    person_id: uuid.UUID
    source: Literal["dhr-tracker"] = SOURCE
    entries: list[HistoryEntry] = Field(
        description="By occurred_on, then occurred_at, kind and record_id"
    )
