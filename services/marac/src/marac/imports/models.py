"""Import jobs: a CSV or NDJSON file of historical meetings, cases or police incidents."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import JSON, Column, DateTime, Integer, String
from sqlmodel import Field as SQLField

from marac.tables import MaracTable

ImportKind = Literal["meetings", "cases", "incidents"]
ImportFormat = Literal["csv", "ndjson"]
JobStatus = Literal["queued", "running", "completed", "failed"]
MAX_STORED_ERRORS = 1000


class ImportJob(MaracTable, table=True):
    """A job's counts and row errors; never the file, which is spooled to a temporary
    file outside the database while the job runs and removed when it ends."""

    __tablename__ = "import_job"

    id: str = SQLField(sa_column=Column(String(36), primary_key=True))
    kind: str = SQLField(sa_column=Column(String(16), nullable=False))
    format: str = SQLField(sa_column=Column(String(8), nullable=False))
    status: str = SQLField(sa_column=Column(String(16), nullable=False))
    agency: str = SQLField(sa_column=Column(String(64), nullable=False))
    area_limit: str | None = SQLField(default=None, sa_column=Column(String(64)))
    total_rows: int = SQLField(default=0, sa_column=Column(Integer, nullable=False))
    processed_rows: int = SQLField(default=0, sa_column=Column(Integer, nullable=False))
    created_rows: int = SQLField(default=0, sa_column=Column(Integer, nullable=False))
    unchanged_rows: int = SQLField(default=0, sa_column=Column(Integer, nullable=False))
    failed_rows: int = SQLField(default=0, sa_column=Column(Integer, nullable=False))
    errors: list = SQLField(default_factory=list, sa_column=Column(JSON, nullable=False))
    failure: str | None = SQLField(default=None, sa_column=Column(String(200)))
    heartbeat_at: datetime | None = SQLField(
        default=None, sa_column=Column(DateTime(timezone=True))
    )
    created_at: datetime = SQLField(sa_column=Column(DateTime(timezone=True), nullable=False))
    finished_at: datetime | None = SQLField(default=None, sa_column=Column(DateTime(timezone=True)))


import_job_table = ImportJob.__table__  # type: ignore[attr-defined]


class RowError(BaseModel):
    row: int = Field(description="1-based data row (CSV header excluded)")
    source_reference: str | None
    errors: list[dict]


class ImportJobOut(BaseModel):
    id: str
    kind: ImportKind
    format: ImportFormat
    status: JobStatus
    total_rows: int
    processed_rows: int
    created_rows: int
    unchanged_rows: int = Field(description="Rows whose source_reference was already imported")
    failed_rows: int
    progress: float = Field(description="processed_rows / total_rows, 0..1")
    errors: list[RowError] = Field(description=f"The first {MAX_STORED_ERRORS} row errors")
    failure: str | None = Field(
        default=None, description="Why a failed job stopped (rows already imported stay)"
    )
    created_at: datetime
    finished_at: datetime | None
