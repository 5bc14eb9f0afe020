"""Attendance per agency per meeting, and escalations when an agency keeps missing."""

from datetime import date

from sqlalchemy import Column, Date, Index, Integer, String
from sqlmodel import Field as SQLField

from marac.tables import MaracTable


class Attendance(MaracTable, table=True):
    __tablename__ = "attendance"
    __table_args__ = (Index("ix_attendance_area_agency", "marac_area", "agency", "held_on"),)

    meeting_id: str = SQLField(sa_column=Column(String(36), primary_key=True))
    agency: str = SQLField(sa_column=Column(String(64), primary_key=True))
    kind: str = SQLField(sa_column=Column(String(16), nullable=False))
    marac_area: str = SQLField(sa_column=Column(String(64), nullable=False))
    held_on: date = SQLField(sa_column=Column(Date, nullable=False))
    status: str = SQLField(sa_column=Column(String(20), nullable=False))


class Escalation(MaracTable, table=True):
    __tablename__ = "escalation"
    __table_args__ = (Index("ix_escalation_area_status", "marac_area", "status"),)

    id: str = SQLField(sa_column=Column(String(36), primary_key=True))
    marac_area: str = SQLField(sa_column=Column(String(64), nullable=False))
    agency: str = SQLField(sa_column=Column(String(64), nullable=False))
    missed: int = SQLField(sa_column=Column(Integer, nullable=False))
    of_meetings: int = SQLField(sa_column=Column(Integer, nullable=False))
    raised_on: date = SQLField(sa_column=Column(Date, nullable=False))
    meeting_id: str = SQLField(sa_column=Column(String(36), nullable=False))
    status: str = SQLField(sa_column=Column(String(16), nullable=False))
    resolved_on: date | None = SQLField(default=None, sa_column=Column(Date))


attendance_table = Attendance.__table__  # type: ignore[attr-defined]
escalation_table = Escalation.__table__  # type: ignore[attr-defined]
