"""ASB case review ("community trigger") applications, from receipt to appeal."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, ForeignKey, Index, Integer, String, Uuid
from sqlmodel import Field

from csp_common.tables import utc_timestamp
from referral_hub.tables import HubTable


class HubCaseReview(HubTable, table=True):
    __tablename__ = "hub_case_review"
    __table_args__ = (Index("ix_hub_case_review_hub_received", "hub", "received_on"),)

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    hub: str = Field(sa_column=Column(String(50), nullable=False))
    case_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("hub_case.id"), nullable=False))
    applicant: str = Field(sa_column=Column(String(10), nullable=False))
    received_on: date = Field(sa_column=Column(Date, nullable=False))
    acknowledge_by: date = Field(sa_column=Column(Date, nullable=False))
    decide_by: date = Field(sa_column=Column(Date, nullable=False))
    acknowledged_on: date | None = Field(default=None, sa_column=Column(Date))
    decided_on: date | None = Field(default=None, sa_column=Column(Date))
    threshold: int | None = Field(default=None, sa_column=Column(Integer))
    qualifying_complaints: int | None = Field(default=None, sa_column=Column(Integer))
    counted_incidents: list[Any] | None = Field(default=None, sa_column=Column(JSON))
    met: bool | None = Field(default=None, sa_column=Column(Boolean))
    review_by: date | None = Field(default=None, sa_column=Column(Date))
    held_on: date | None = Field(default=None, sa_column=Column(Date))
    recommendations: list[Any] | None = Field(default=None, sa_column=Column(JSON))
    responded_on: date | None = Field(default=None, sa_column=Column(Date))
    appeal_received_on: date | None = Field(default=None, sa_column=Column(Date))
    appeal_outcome: str | None = Field(default=None, sa_column=Column(String(20)))
    receiving_agency: str = Field(sa_column=Column(String(100), nullable=False))
    created_at: datetime = Field(sa_column=utc_timestamp())


case_review_table = HubCaseReview.__table__  # type: ignore[attr-defined]
