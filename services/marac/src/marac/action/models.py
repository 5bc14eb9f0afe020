"""Actions agreed at a meeting for a case: owner agency, due date, completion, carry-over."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Column, Date, DateTime, Index, Integer, String, Text
from sqlmodel import Field as SQLField

from marac.common import InputDate
from marac.tables import MaracTable

ActionStatus = Literal["open", "done"]
ActionOutcome = Literal["completed", "circumstances_changed", "agency_did_not_act"]
CarryReason = Literal["circumstances_changed", "agency_did_not_act"]


class Action(MaracTable, table=True):
    __tablename__ = "action"
    __table_args__ = (Index("ix_action_area_status", "marac_area", "status", "due_on"),)

    id: str = SQLField(sa_column=Column(String(36), primary_key=True))
    case_id: str = SQLField(sa_column=Column(String(36), nullable=False, index=True))
    meeting_id: str = SQLField(sa_column=Column(String(36), nullable=False))
    marac_area: str = SQLField(sa_column=Column(String(64), nullable=False))
    owner_agency: str = SQLField(sa_column=Column(String(64), nullable=False))
    description: str = SQLField(sa_column=Column(Text, nullable=False))
    due_on: date = SQLField(sa_column=Column(Date, nullable=False))
    status: str = SQLField(sa_column=Column(String(8), nullable=False))
    outcome: str | None = SQLField(default=None, sa_column=Column(String(32)))
    completed_on: date | None = SQLField(default=None, sa_column=Column(Date))
    carry_reason: str | None = SQLField(default=None, sa_column=Column(String(32)))
    carried_to_meeting_id: str | None = SQLField(default=None, sa_column=Column(String(36)))
    carried_count: int = SQLField(default=0, sa_column=Column(Integer, nullable=False))
    created_at: datetime = SQLField(sa_column=Column(DateTime(timezone=True), nullable=False))


action_table = Action.__table__  # type: ignore[attr-defined]


class ActionOut(BaseModel):
    id: str
    case_id: str
    meeting_id: str
    area: str
    owner_agency: str
    description: str
    due_on: date
    status: ActionStatus
    outcome: ActionOutcome | None
    completed_on: date | None
    carry_reason: CarryReason | None = Field(description="Why it was still open when carried")
    carried_to_meeting_id: str | None
    carried_count: int


class ActionCompletionIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"outcome": "completed", "completed_on": "2026-11-30"}]},
    )
    outcome: ActionOutcome = "completed"
    completed_on: InputDate | None = Field(default=None, description="Defaults to today")
