"""The row of each import kind: what a CSV column, an XLSX cell or an NDJSON key may hold.

The import engine (csp_common.imports) reads the file; these models validate each row.
A CSV or XLSX file's columns are the fields; lists are `;`-separated and attendance is
written `agency=status;agency=status`."""

import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from csp_common.contracts.equality import AgeBand, Ethnicity, Gender
from csp_common.contracts.referrals import MaracCriterion
from csp_common.fields import Reference, StrictInt
from marac.attendance.schemas import AttendanceStatus
from marac.case.schemas import CaseStatus
from marac.fields import AgencyCode, AreaCode, DashScore, InputDate, MeetingCapacity, Venue
from marac.meeting.schemas import MeetingKind


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    source_reference: Reference = Field(description="Your system's id: re-importing it is a no-op")


class MeetingRow(_Row):
    area: AreaCode = Field(description="MARAC area code")
    held_on: InputDate
    kind: MeetingKind = "marac"
    status: Literal["held", "scheduled", "cancelled"] | None = Field(
        default=None, description="Defaults to held for a past date, scheduled otherwise"
    )
    venue: Venue = None
    chair_agency: AgencyCode | None = None
    confidentiality_statement_read: bool | None = None
    capacity: MeetingCapacity | None = Field(default=None)
    attendance: dict[AgencyCode, AttendanceStatus] = Field(
        default_factory=dict, max_length=100, description='CSV: "agency=status;agency=status"'
    )

    @field_validator("attendance", mode="before")
    @classmethod
    def _pairs(cls, value: Any) -> Any:
        if isinstance(value, str):
            pairs = [p.split("=", 1) for p in value.split(";") if p.strip()]
            if any(len(p) != 2 for p in pairs):
                raise ValueError('write attendance as "agency=status;agency=status"')
            return {k.strip(): v.strip() for k, v in pairs}
        return value


class CaseRow(_Row):
    area: AreaCode = Field(description="Community safety hub area or MARAC area code")
    referral_id: uuid.UUID | None = None
    victim_id: uuid.UUID
    perpetrator_id: uuid.UUID | None = None
    referred_on: InputDate
    referring_agency: AgencyCode
    criteria: list[MaracCriterion] = Field(min_length=1, max_length=4, description='CSV: "a;b"')
    score: DashScore | None = Field(default=None)
    children_in_household: StrictInt = Field(ge=0, le=30)
    victim_age_band: AgeBand
    victim_gender: Gender
    victim_ethnicity: Ethnicity
    victim_disability: bool | None = None
    victim_lgbt: bool | None = None
    perpetrator_age_band: AgeBand | None = None
    perpetrator_gender: Gender | None = None
    repeat: bool | None = Field(
        default=None, description="Your record's repeat flag; marac also checks its own history"
    )
    urgent: bool = False
    meeting_reference: Reference | None = Field(
        default=None, description="source_reference of the imported meeting that heard it"
    )
    status: CaseStatus | None = Field(default=None, description="Defaults to heard with a meeting")
    closed_on: InputDate | None = None

    @field_validator("criteria", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        return (
            [v.strip() for v in value.split(";") if v.strip()] if isinstance(value, str) else value
        )


class IncidentRow(_Row):
    subject_id: uuid.UUID = Field(description="The suspect's person id")
    victim_id: uuid.UUID
    area: AreaCode
    occurred_on: InputDate
    gravity: StrictInt = Field(ge=1, le=10, description="Harm, 1 (lowest) to 10")
    subject_age_band: AgeBand = AgeBand.UNKNOWN


MEETING_EXAMPLE = {
    "source_reference": "MARAC-SR-2024-02-14",
    "area": "scarborough-ryedale",
    "held_on": "2024-02-14",
    "kind": "marac",
    "status": "held",
    "venue": "Scarborough Police Station",
    "chair_agency": "north-yorkshire-police",
    "confidentiality_statement_read": True,
    "attendance": {"north-yorkshire-police": "present", "idas": "present", "health": "apologies"},
}
"""A meeting import's example row (the OpenAPI shows it as NDJSON and CSV)."""

CASE_EXAMPLE = {
    "source_reference": "MARAC-C-2024-0101",
    "area": "scarborough-ryedale",
    "victim_id": "6f1c2a9e-3b7d-4e8f-9a10-2b3c4d5e6f70",
    "perpetrator_id": "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d",
    "referred_on": "2024-02-01",
    "referring_agency": "north-yorkshire-police",
    "criteria": ["visible_high_risk", "potential_escalation"],
    "score": 16,
    "children_in_household": 2,
    "victim_age_band": "25_34",
    "victim_gender": "female",
    "victim_ethnicity": "white",
    "perpetrator_age_band": "35_44",
    "perpetrator_gender": "male",
    "meeting_reference": "MARAC-SR-2024-02-14",
    "status": "heard",
}
"""A case import's example row."""

INCIDENT_EXAMPLE = {
    "source_reference": "NYP-INC-2024-009876",
    "subject_id": "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d",
    "victim_id": "6f1c2a9e-3b7d-4e8f-9a10-2b3c4d5e6f70",
    "area": "scarborough-ryedale",
    "occurred_on": "2024-01-20",
    "gravity": 6,
    "subject_age_band": "35_44",
}
"""A police incident import's example row."""
