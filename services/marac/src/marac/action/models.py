"""Actions agreed at a meeting for a case: owner agency, due date, completion, carry-over."""

from datetime import date, datetime

from sqlalchemy import Column, Date, Index, Integer, String, Text
from sqlmodel import Field as SQLField

from csp_common.tables import UtcDateTime
from marac.tables import MaracTable


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
    created_at: datetime = SQLField(sa_column=Column(UtcDateTime(), nullable=False))


action_table = Action.__table__  # type: ignore[attr-defined]
