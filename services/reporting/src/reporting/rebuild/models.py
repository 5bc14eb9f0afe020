"""Rebuild jobs, and the sources a rebuild read short (the slot state is in
`reporting.read_models`)."""

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    false,
    text,
)
from sqlmodel import Field

from csp_common.tables import utc_timestamp
from reporting.tables import ReportingTable

JOB_STATUSES = ("running", "completed", "failed", "refused")


class RebuildJob(ReportingTable, table=True):
    """A rebuild of every read model from offset zero, and how far it has got.

    At most one is running (a partial unique index says so); a running job that has not
    reported progress for a minute belonged to a process that died. A job that read
    fewer events of a source than the live models had applied is refused (its
    `RebuildShortfall` rows say by how much) unless it was `forced`.
    """

    __tablename__ = "rebuild_job"
    __table_args__ = (
        Index(
            "ux_rebuild_job_running",
            "status",
            unique=True,
            postgresql_where=text("status = 'running'"),
            sqlite_where=text("status = 'running'"),
        ),
    )

    id: str = Field(sa_column=Column(String(36), primary_key=True))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    slot: str = Field(sa_column=Column(String(1), nullable=False))
    generation: int = Field(sa_column=Column(Integer, nullable=False))
    started_at: datetime = Field(sa_column=utc_timestamp())
    updated_at: datetime = Field(sa_column=utc_timestamp())
    finished_at: datetime | None = Field(default=None, sa_column=utc_timestamp(nullable=True))
    events_total: int = Field(sa_column=Column(BigInteger, nullable=False))
    events_read: int = Field(sa_column=Column(BigInteger, nullable=False))
    events_skipped: int = Field(
        default=0, sa_column=Column(BigInteger, nullable=False, server_default="0")
    )
    facts_written: int = Field(sa_column=Column(BigInteger, nullable=False))
    error_code: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    forced: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )


class RebuildShortfall(ReportingTable, table=True):
    """A source of which a rebuild read fewer events than the live models had applied."""

    __tablename__ = "rebuild_shortfall"

    job_id: str = Field(
        sa_column=Column(
            String(36), ForeignKey("rebuild_job.id", ondelete="CASCADE"), primary_key=True
        )
    )
    source: str = Field(sa_column=Column(String(64), primary_key=True))
    read: int = Field(sa_column=Column(BigInteger, nullable=False))
    applied: int = Field(sa_column=Column(BigInteger, nullable=False))


rebuild_job_table = RebuildJob.__table__  # type: ignore[attr-defined]
rebuild_shortfall_table = RebuildShortfall.__table__  # type: ignore[attr-defined]
