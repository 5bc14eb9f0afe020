"""Bulk import jobs: progress to poll, and a row-level error report."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Uuid
from sqlmodel import Field

from csp_common.tables import utc_timestamp
from referral_hub.tables import HubTable


class ImportJob(HubTable, table=True):
    __tablename__ = "import_job"

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    kind: str = Field(sa_column=Column(String(30), nullable=False))
    format: str = Field(sa_column=Column(String(10), nullable=False))
    status: str = Field(sa_column=Column(String(20), nullable=False))
    agency: str = Field(sa_column=Column(String(100), nullable=False, index=True))
    submitted_by: str = Field(sa_column=Column(String(200), nullable=False))
    rows_total: int | None = Field(default=None, sa_column=Column(Integer))
    rows_processed: int = Field(sa_column=Column(Integer, nullable=False))
    rows_imported: int = Field(sa_column=Column(Integer, nullable=False))
    rows_skipped: int = Field(sa_column=Column(Integer, nullable=False))
    rows_failed: int = Field(sa_column=Column(Integer, nullable=False))
    bytes_total: int = Field(sa_column=Column(Integer, nullable=False))
    bytes_processed: int = Field(sa_column=Column(Integer, nullable=False))
    created_at: datetime = Field(sa_column=utc_timestamp())
    started_at: datetime | None = Field(default=None, sa_column=utc_timestamp(nullable=True))
    heartbeat_at: datetime | None = Field(default=None, sa_column=utc_timestamp(nullable=True))
    finished_at: datetime | None = Field(default=None, sa_column=utc_timestamp(nullable=True))
    failure: str | None = Field(default=None, sa_column=Column(String(300)))


class ImportRowError(HubTable, table=True):
    __tablename__ = "import_row_error"

    job_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("import_job.id"), primary_key=True))
    row_number: int = Field(sa_column=Column(Integer, primary_key=True))
    line: int | None = Field(default=None, sa_column=Column(Integer))
    source_reference: str | None = Field(default=None, sa_column=Column(String(100)))
    errors: list[Any] = Field(sa_column=Column(JSON, nullable=False))


import_job_table = ImportJob.__table__  # type: ignore[attr-defined]
row_error_table = ImportRowError.__table__  # type: ignore[attr-defined]
