"""Statuses of the partnership's priorities, as their owners set them; each is kept."""

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Column, String, Text
from sqlmodel import Field

from csp_common.tables import utc_timestamp
from reporting.tables import ReportingTable


class PriorityStatus(ReportingTable, table=True):
    __tablename__ = "governance_status"

    id: uuid.UUID = Field(primary_key=True)
    priority: str = Field(sa_column=Column(String(40), nullable=False, index=True))
    status: str = Field(sa_column=Column(String(20), nullable=False))
    note: str = Field(sa_column=Column(Text, nullable=False))
    next_steps: list = Field(sa_column=Column(JSON, nullable=False))
    set_on: date
    set_by: str = Field(sa_column=Column(String(200), nullable=False))
    set_by_agency: str = Field(sa_column=Column(String(100), nullable=False))
    set_at: datetime = Field(sa_column=utc_timestamp())


status_table = PriorityStatus.__table__  # type: ignore[attr-defined]
