"""A subject access bundle: what every service holds about a person, each service's
part with whether it answered, and the audit trail of who read the records."""

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from csp_common.asking import Unavailability
from csp_common.audit_trail import AuditRowOut
from csp_common.history import HistoryEntryRead

SourceName = Literal["referral-hub", "marac", "dhr-tracker"]
SOURCES: tuple[SourceName, ...] = ("referral-hub", "marac", "dhr-tracker")
REMOTE: tuple[SourceName, ...] = ("marac", "dhr-tracker")


class Entry(HistoryEntryRead):
    """One dated entry of what a service holds (the person history contract)."""

    source: SourceName


class HistoryAnswer(BaseModel):
    """`GET /v1/persons/{person_id}/history` of marac or dhr-tracker."""

    model_config = ConfigDict(extra="ignore")
    person_id: uuid.UUID
    source: SourceName
    entries: list[Entry] = Field(max_length=100_000)


class TrailPage(BaseModel):
    """A page of a source's `GET /v1/audit`."""

    model_config = ConfigDict(extra="ignore")
    items: list[AuditRowOut] = Field(max_length=1000)
    next_cursor: str | None = None


Status = Literal["answered", "unavailable"]


class SourcePart(BaseModel):
    source: SourceName
    status: Status = Field(
        description="answered: the service said what it holds (perhaps nothing); "
        "unavailable: it did not, and `reason` says why"
    )
    reason: Unavailability | None = None
    entries: list[Entry]
    audit_status: Status = Field(description="Whether the service gave its audit trail")
    audit_reason: Unavailability | None = None
    audit_truncated: bool = Field(
        default=False, description="The trail held more rows than a bundle carries"
    )
    audit: list[AuditRowOut] = Field(
        description="Who read or changed the person's record, or a record listed here, oldest first"
    )


class PersonDetails(BaseModel):
    id: uuid.UUID
    given_name: str
    family_name: str
    date_of_birth: date | None
    gender: str | None
    postcode: str | None
    merged_ids: list[uuid.UUID] = Field(
        description="Records of the same person merged into this one"
    )
    created_at: datetime


class SubjectAccessBundle(BaseModel):
    person_id: uuid.UUID
    produced_at: datetime
    requested_by_agency: str
    purpose: str
    complete: bool = Field(
        description="Whether every service gave what it holds and its audit trail"
    )
    person: PersonDetails
    sources: list[SourcePart]
