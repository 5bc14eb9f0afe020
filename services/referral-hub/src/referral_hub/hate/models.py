"""Hate incident reports: minimal by design (no victim name, address or narrative)."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Index, String, UniqueConstraint, Uuid
from sqlmodel import Field

from csp_common.tables import utc_timestamp
from referral_hub.tables import HubTable


class HateReport(HubTable, table=True):
    __tablename__ = "hate_report"
    __table_args__ = (
        UniqueConstraint("reporting_agency", "source_reference", name="uq_hate_report_source"),
        Index("ix_hate_report_area_occurred", "area", "occurred_at"),
        Index("ix_hate_report_agency_occurred", "reporting_agency", "occurred_at"),
    )

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    kind: str = Field(sa_column=Column(String(30), nullable=False))
    strands: list[Any] = Field(sa_column=Column(JSON, nullable=False))
    occurred_at: datetime = Field(sa_column=utc_timestamp())
    area: str = Field(sa_column=Column(String(50), nullable=False))
    victim_police_officer_on_duty: bool = Field(sa_column=Column(Boolean, nullable=False))
    reporting_channel: str = Field(sa_column=Column(String(40), nullable=False))
    reporting_agency: str = Field(sa_column=Column(String(100), nullable=False))
    source_reference: str | None = Field(default=None, sa_column=Column(String(100)))
    channel: str = Field(sa_column=Column(String(10), nullable=False))
    created_at: datetime = Field(sa_column=utc_timestamp())


hate_report_table = HateReport.__table__  # type: ignore[attr-defined]
