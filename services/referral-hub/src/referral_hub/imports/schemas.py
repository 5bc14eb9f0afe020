"""Rows of an import file, and the job resource.

A row is validated by the API's own body model (`ReferralIn`, `HateReportIn`) extended
with what only an import carries: the source system's reference (required), the agency
that made the record, and, for referrals, when it was received.
"""

import uuid
from datetime import datetime, time
from typing import Annotated, Literal, Self
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field, StringConstraints, model_validator

from csp_common.fields import Reference, naive_in
from referral_hub.fields import CIVIL_TIMEZONE, NotInFuture
from referral_hub.hate.schemas import HateReportIn
from referral_hub.referral.schemas import ReferralIn

UK = ZoneInfo(CIVIL_TIMEZONE)
DEFAULT_RECEIVED_TIME = time(9, 0)
AgencyCode = Annotated[str, StringConstraints(max_length=99, pattern=r"^[a-z][a-z0-9-]{1,98}$")]
ImportKind = Literal["referrals", "hate-reports"]
ImportFormat = Literal["csv", "ndjson"]
JobStatus = Literal["queued", "running", "completed", "failed"]


UkDatetimeNotInFuture = Annotated[datetime, naive_in(UK), NotInFuture]
"""A date-time not in the future; without an offset, as spreadsheets write them, UK time."""


class ReferralImportRow(ReferralIn):
    """One referral of an import file: a `ReferralIn` with its origin."""

    source_reference: Reference = Field(
        description="The source system's case id: re-importing a row with it is a no-op"
    )
    referring_agency: AgencyCode | None = Field(
        default=None,
        description="The agency that made the referral: the importing agency (the "
        "default), or another partnership agency with the scope referrals:migrate",
    )
    received_at: UkDatetimeNotInFuture | None = Field(
        default=None,
        description="When the referral was originally received (kept); without an offset, "
        "UK time; default: the incident date at 09:00 UK time",
    )

    @model_validator(mode="after")
    def _received_after_incident(self) -> Self:
        if self.received_at is None:
            self.received_at = datetime.combine(self.incident_date, DEFAULT_RECEIVED_TIME, UK)
        elif self.received_at.date() < self.incident_date:
            raise ValueError("received_at must not be before incident_date")
        return self

    @property
    def received(self) -> datetime:
        assert self.received_at is not None
        return self.received_at


class HateReportImportRow(HateReportIn):
    """One hate report of an import file: a `HateReportIn` with its origin."""

    source_reference: Reference = Field(
        description="The source system's id: re-importing a row with it is a no-op"
    )
    reporting_agency: AgencyCode | None = Field(
        default=None,
        description="The agency that took the report: the importing agency (the "
        "default), or another partnership agency with the scope referrals:migrate",
    )

    occurred_at: UkDatetimeNotInFuture = Field(description="Without an offset, UK time")


ROW_MODELS: dict[str, type[ReferralImportRow] | type[HateReportImportRow]] = {
    "referrals": ReferralImportRow,
    "hate-reports": HateReportImportRow,
}


class ImportJobOut(BaseModel):
    """An import job: poll it until `status` is `completed` or `failed`."""

    id: uuid.UUID
    kind: ImportKind
    format: ImportFormat
    status: JobStatus
    agency: str = Field(description="The importing agency (the token's)")
    rows_total: int | None = Field(description="Known once the whole file is read")
    rows_processed: int
    rows_imported: int = Field(description="New records stored")
    rows_skipped: int = Field(description="Rows whose source_reference was already imported")
    rows_failed: int = Field(description="Rows refused; see the errors report")
    bytes_total: int
    bytes_processed: int
    progress_pct: float = Field(description="bytes_processed / bytes_total, 0 to 100")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    failure: str | None = Field(description="Why a failed job stopped")
    errors_url: str


class FieldError(BaseModel):
    pointer: str = Field(description="JSON pointer into the row", examples=["#/victim/postcode"])
    column: str | None = Field(default=None, description="CSV column, when there is one")
    detail: str
    code: str


class RowErrorOut(BaseModel):
    row_number: int = Field(
        description="CSV: the spreadsheet row (the header is row 1); NDJSON: the line"
    )
    line: int | None = Field(description="Line of the file where the row starts")
    source_reference: str | None
    errors: list[FieldError]


class RowErrorPage(BaseModel):
    items: list[RowErrorOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page")
