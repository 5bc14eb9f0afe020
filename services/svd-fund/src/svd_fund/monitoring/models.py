"""Monitoring returns: the schedule of a grant's returns (quarterly, then an end-of-project
evaluation), each due on a date fixed when the schedule is made."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlmodel import Field

from csp_common.tables import UtcDateTime
from svd_fund.tables import SvdTable


class MonitoringReturn(SvdTable, table=True):
    """`due` until submitted; then `approved`, or `returned` with reasons (and submitted
    again). `due_on` never changes: a late return is late against it."""

    __tablename__ = "monitoring_return"
    __table_args__ = (
        UniqueConstraint("grant_id", "seq", name="uq_monitoring_return_seq"),
        Index("ix_monitoring_return_status_due", "status", "due_on"),
    )

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    grant_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("grant_award.id"), nullable=False, index=True)
    )
    bid_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("bid.id"), nullable=False))
    round_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("fund_round.id"), nullable=False))
    organisation_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("organisation.id"), nullable=False, index=True)
    )
    seq: int = Field(sa_column=Column(Integer, nullable=False))
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    period_start: date = Field(sa_column=Column(Date, nullable=False))
    period_end: date = Field(sa_column=Column(Date, nullable=False))
    due_on: date = Field(sa_column=Column(Date, nullable=False))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    outputs: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    outcomes: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    summary: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    submitted_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    decided_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    decision_reasons: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


return_table = MonitoringReturn.__table__  # type: ignore[attr-defined]
