"""The row of each import kind, and reading rows from CSV or NDJSON."""

import csv
import io
import json
import uuid
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from csp_common.contracts.referrals import MaracCriterion
from marac.case.models import AgeBand, CaseStatus, Ethnicity, Gender
from marac.common import AgencyCode, AreaCode, InputDate, Reference
from marac.meeting.models import AttendanceStatus, MeetingKind


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
    venue: str | None = Field(default=None, max_length=200)
    chair_agency: AgencyCode | None = None
    confidentiality_statement_read: bool | None = None
    capacity: int | None = Field(default=None, ge=1, le=200)
    attendance: dict[AgencyCode, AttendanceStatus] = Field(
        default_factory=dict, description='CSV: "agency=status;agency=status"'
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
    criteria: list[MaracCriterion] = Field(min_length=1, description='CSV: "a;b"')
    score: int | None = Field(default=None, ge=0, le=24)
    children_in_household: int = Field(ge=0, le=30)
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
    gravity: int = Field(ge=1, le=10, description="Harm, 1 (lowest) to 10")
    subject_age_band: AgeBand = "unknown"


ROW_MODELS: dict[str, type[_Row]] = {
    "meetings": MeetingRow,
    "cases": CaseRow,
    "incidents": IncidentRow,
}


class UnreadableRow(ValueError):
    pass


def read_rows(content: bytes, fmt: str) -> Iterator[tuple[int, dict | UnreadableRow]]:
    """(row number, raw row or the reason it cannot be read); numbers are 1-based."""
    text = content.decode("utf-8-sig", errors="replace")
    if fmt == "csv":
        for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=1):
            if None in row:
                yield number, UnreadableRow("the row has more fields than the header")
                continue
            yield (
                number,
                {k.strip(): v for k, v in row.items() if k and v is not None and v.strip() != ""},
            )
        return
    number = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        number += 1
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, UnreadableRow(f"not JSON: {exc.msg}")
            continue
        yield number, value if isinstance(value, dict) else UnreadableRow("not a JSON object")


def count_rows(content: bytes, fmt: str) -> int:
    return sum(1 for _ in read_rows(content, fmt))
