"""MATAC: incidents (from police data), nominations, RFGV scores and interventions."""

from datetime import date, datetime

from sqlalchemy import Boolean, Column, Date, Float, Index, Integer, String, Text
from sqlmodel import Field as SQLField

from csp_common.tables import UtcDateTime
from marac.tables import MaracTable


class MatacIncident(MaracTable, table=True):
    """A domestic abuse incident with the subject as suspect (police data, by import)."""

    __tablename__ = "matac_incident"
    __table_args__ = (Index("ix_incident_area_subject", "marac_area", "subject_id", "occurred_on"),)

    id: str = SQLField(sa_column=Column(String(36), primary_key=True))
    source_reference: str = SQLField(sa_column=Column(String(100), nullable=False, unique=True))
    subject_id: str = SQLField(sa_column=Column(String(36), nullable=False))
    victim_id: str = SQLField(sa_column=Column(String(36), nullable=False))
    marac_area: str = SQLField(sa_column=Column(String(64), nullable=False))
    occurred_on: date = SQLField(sa_column=Column(Date, nullable=False))
    gravity: int = SQLField(sa_column=Column(Integer, nullable=False))
    subject_age_band: str = SQLField(sa_column=Column(String(16), nullable=False))


class Nomination(MaracTable, table=True):
    __tablename__ = "matac_nomination"
    __table_args__ = (Index("ix_nomination_area_status", "marac_area", "status"),)

    id: str = SQLField(sa_column=Column(String(36), primary_key=True))
    subject_id: str = SQLField(sa_column=Column(String(36), nullable=False, index=True))
    marac_area: str = SQLField(sa_column=Column(String(64), nullable=False))
    nominated_on: date = SQLField(sa_column=Column(Date, nullable=False))
    source: str = SQLField(sa_column=Column(String(64), nullable=False))
    nominating_agency: str = SQLField(sa_column=Column(String(64), nullable=False))
    reason: str | None = SQLField(default=None, sa_column=Column(Text))
    status: str = SQLField(sa_column=Column(String(16), nullable=False))
    serial_perpetrator: bool = SQLField(sa_column=Column(Boolean, nullable=False))
    subject_age_band: str = SQLField(sa_column=Column(String(16), nullable=False))
    entry_score: float = SQLField(sa_column=Column(Float, nullable=False))
    exit_score: float | None = SQLField(default=None, sa_column=Column(Float))
    exited_on: date | None = SQLField(default=None, sa_column=Column(Date))
    meeting_id: str | None = SQLField(default=None, sa_column=Column(String(36)))
    created_at: datetime = SQLField(sa_column=Column(UtcDateTime(), nullable=False))


class Intervention(MaracTable, table=True):
    __tablename__ = "matac_intervention"

    id: str = SQLField(sa_column=Column(String(36), primary_key=True))
    nomination_id: str = SQLField(sa_column=Column(String(36), nullable=False, index=True))
    marac_area: str = SQLField(sa_column=Column(String(64), nullable=False))
    kind: str = SQLField(sa_column=Column(String(16), nullable=False))
    provider: str | None = SQLField(default=None, sa_column=Column(String(64)))
    programme: str | None = SQLField(default=None, sa_column=Column(String(64)))
    description: str | None = SQLField(default=None, sa_column=Column(Text))
    started_on: date = SQLField(sa_column=Column(Date, nullable=False))
    ended_on: date | None = SQLField(default=None, sa_column=Column(Date))


incident_table = MatacIncident.__table__  # type: ignore[attr-defined]
nomination_table = Nomination.__table__  # type: ignore[attr-defined]
intervention_table = Intervention.__table__  # type: ignore[attr-defined]
