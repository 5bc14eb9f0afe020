"""A case's problem-solving plan (SARA) and its actions owned by partner agencies."""

import uuid
from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Uuid
from sqlmodel import Field

from csp_common.tables import utc_timestamp
from referral_hub.tables import HubTable


class HubPlan(HubTable, table=True):
    __tablename__ = "hub_plan"

    case_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("hub_case.id"), primary_key=True))
    stage: str = Field(sa_column=Column(String(12), nullable=False))
    scanning: str | None = Field(default=None, sa_column=Column(String(2000)))
    analysis: str | None = Field(default=None, sa_column=Column(String(2000)))
    response: str | None = Field(default=None, sa_column=Column(String(2000)))
    assessment: str | None = Field(default=None, sa_column=Column(String(2000)))
    next_review_on: date | None = Field(default=None, sa_column=Column(Date))
    version: int = Field(sa_column=Column(Integer, nullable=False))
    updated_at: datetime = Field(sa_column=utc_timestamp())


class HubPlanAction(HubTable, table=True):
    __tablename__ = "hub_plan_action"
    __table_args__ = (Index("ix_hub_plan_action_case", "case_id"),)

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    case_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("hub_case.id"), nullable=False))
    owner_agency: str = Field(sa_column=Column(String(100), nullable=False))
    action: str = Field(sa_column=Column(String(500), nullable=False))
    due_on: date = Field(sa_column=Column(Date, nullable=False))
    completed_on: date | None = Field(default=None, sa_column=Column(Date))
    created_at: datetime = Field(sa_column=utc_timestamp())


plan_table = HubPlan.__table__  # type: ignore[attr-defined]
action_table = HubPlanAction.__table__  # type: ignore[attr-defined]
