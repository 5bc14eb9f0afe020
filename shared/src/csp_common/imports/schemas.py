"""The job resource and its row errors, as every service's import API answers them."""

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from csp_common.clock import as_utc, as_utc_or_none
from csp_common.imports.readers import FileFormat
from csp_common.pagination import Page

JobStatus = Literal["queued", "running", "completed", "failed"]


class ImportJobOut(BaseModel):
    """An import job: poll it until `status` is `completed` or `failed`."""

    id: uuid.UUID
    kind: str = Field(description="What the rows are")
    format: FileFormat
    status: JobStatus
    agency: str = Field(description="The importing agency (the token's): it alone sees the job")
    rows_total: int | None = Field(description="Known once the whole file is read")
    rows_processed: int
    rows_imported: int = Field(description="New records stored")
    rows_skipped: int = Field(description="Rows whose source reference was already imported")
    rows_failed: int = Field(description="Rows refused: see `errors_url`")
    errors_dropped: int = Field(
        description="Row errors not kept (a job keeps its first 100,000); counts are exact"
    )
    bytes_total: int
    progress: float = Field(ge=0, le=1, description="How much of the file is done, 0 to 1")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    failure: str | None = Field(description="Why a failed job stopped (rows stored stay)")
    errors_url: str


class RowErrorOut(BaseModel):
    """One reason a row was refused."""

    row: int = Field(
        description="Where the row is: the line of a CSV or NDJSON file, the sheet row of "
        "an XLSX workbook (a header is row 1)"
    )
    pointer: str = Field(description="JSON pointer into the row", examples=["#/victim/postcode"])
    code: str = Field(description="Machine-readable reason", examples=["date_format"])
    detail: str = Field(description="For a person; never repeats what the row holds")


class RowErrorPage(Page[RowErrorOut]):
    """A page of a job's row errors, in file order."""


def job_out(row: Any, *, prefix: str) -> ImportJobOut:
    return ImportJobOut(
        id=row.id,
        kind=row.kind,
        format=row.format,
        status=row.status,
        agency=row.agency,
        rows_total=row.rows_total,
        rows_processed=row.rows_processed,
        rows_imported=row.rows_imported,
        rows_skipped=row.rows_skipped,
        rows_failed=row.rows_failed,
        errors_dropped=row.errors_dropped,
        bytes_total=row.bytes_total,
        progress=1.0 if row.status == "completed" else round(min(max(row.progress, 0), 1), 4),
        created_at=as_utc(row.created_at),
        started_at=as_utc_or_none(row.started_at),
        finished_at=as_utc_or_none(row.finished_at),
        failure=row.failure,
        errors_url=f"{prefix}/{row.id}/errors",
    )
