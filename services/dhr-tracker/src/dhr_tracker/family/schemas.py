"""What callers send and get for the family log."""

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from csp_common.fields import optional_text
from dhr_tracker.fields import Code, InputDate, OptionalProse

FamilyLogKind = Literal[
    "advocacy_offered",
    "contact",
    "terms_of_reference_shared",
    "draft_shared",
    "pseudonym_chosen",
]
ContactMethod = Literal["letter", "email", "phone", "meeting", "video", "through_advocate"]
PseudonymChooser = Literal["family", "chair", "panel", "other"]


class FamilyLogIn(BaseModel):
    """One thing done with the family. `by` is the agency (or `independent-chair`) that
    did it; `family_member` a relationship code (mother, son), never a name (the sealed
    identity holds those). `advocacy_offered` needs `accepted` (true, false, or null
    while the family considers it); `pseudonym_chosen` needs `pseudonym` and
    `chosen_by`."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "advocacy_offered",
                    "on": "2024-03-04",
                    "by": "independent-chair",
                    "family_member": "mother",
                    "advocacy_provider": "aafda",
                    "accepted": True,
                }
            ]
        },
    )
    kind: FamilyLogKind
    on: InputDate
    by: Code
    family_member: Code | None = None
    method: ContactMethod | None = None
    advocacy_provider: Code | None = Field(default=None, description="AAFDA, say")
    accepted: StrictBool | None = None
    pseudonym: optional_text(100) = None  # type: ignore[valid-type]
    chosen_by: PseudonymChooser | None = None
    note: OptionalProse = None


class FamilyLogEntryOut(BaseModel):
    id: uuid.UUID
    seq: int
    kind: FamilyLogKind
    on: date
    by: str
    family_member: str | None
    method: ContactMethod | None
    advocacy_provider: str | None
    accepted: bool | None
    pseudonym: str | None
    chosen_by: PseudonymChooser | None
    note: str | None
    recorded_at: datetime


class FamilySummary(BaseModel):
    advocacy_offered_on: date | None = Field(description="The first offer")
    advocacy_accepted: bool | None = Field(description="The latest offer's answer")
    contacts: int
    last_contact_on: date | None
    terms_of_reference_shared_on: date | None
    draft_shared_on: date | None
    pseudonym: str | None
    pseudonym_chosen_by: PseudonymChooser | None


class FamilyLogOut(BaseModel):
    review_id: uuid.UUID
    summary: FamilySummary
    entries: list[FamilyLogEntryOut]
