"""MATAC: incidents (from police data), nominations, RFGV scores and interventions."""

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Boolean, Column, Date, DateTime, Float, Index, Integer, String, Text
from sqlmodel import Field as SQLField

from csp_common.contracts.equality import AgeBand
from csp_common.fields import StrictInt
from marac.common import AgencyCode, AreaCode, InputDate, OptionalFreeText
from marac.tables import MaracTable

NominationStatus = Literal["nominated", "exited"]
InterventionKind = Literal["support", "prevention", "diversion", "disruption", "enforcement"]


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
    created_at: datetime = SQLField(sa_column=Column(DateTime(timezone=True), nullable=False))


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


class RfgvScore(BaseModel):
    subject_id: str
    area: str
    score: float = Field(description="Weighted mean of the components, 0..100")
    recency: float
    frequency: float
    gravity: float
    victims: float
    incidents: int = Field(description="Incidents in the rolling window")
    distinct_victims: int
    last_incident_on: date | None
    serial_perpetrator: bool
    subject_age_band: str
    nominated: bool = False


class NominationIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "subject_id": "7e6d5c4b-3a2f-4e1d-9c8b-7a6f5e4d3c2b",
                    "area": "selby",
                    "subject_age_band": "25_34",
                    "reason": "Third partner disclosing abuse this year.",
                }
            ]
        },
    )
    subject_id: uuid.UUID = Field(description="The perpetrator's person id in referral-hub")
    area: AreaCode = Field(description="MATAC (MARAC) area")
    subject_age_band: AgeBand = AgeBand.UNKNOWN
    nominated_on: InputDate | None = Field(default=None, description="Defaults to today")
    reason: OptionalFreeText = None


class RankingNominationIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"area": "york", "top": 5}]}
    )
    area: AreaCode
    top: StrictInt = Field(default=5, ge=1, le=50, description="How many of the highest ranked")
    serial_only: bool = Field(default=True, description="Only subjects passing the serial test")


class NominationOut(BaseModel):
    id: str
    subject_id: str
    area: str
    nominated_on: date
    source: str
    nominating_agency: str
    status: NominationStatus
    serial_perpetrator: bool | None = Field(
        description="null unless you coordinate the area (it comes from police data)"
    )
    subject_age_band: str
    entry_score: float | None = Field(
        description="RFGV score when nominated; null unless you coordinate the area"
    )
    exit_score: float | None
    exited_on: date | None
    meeting_id: str | None
    score_change: float | None = Field(description="exit - entry: negative is success")


class InterventionIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"kind": "support", "plus_choices_referral": True, "started_on": "2026-11-26"},
                {"kind": "disruption", "provider": "north-yorkshire-police", "description": "DVPN"},
            ]
        },
    )
    kind: InterventionKind
    provider: AgencyCode | None = None
    plus_choices_referral: bool = Field(
        default=False, description="A referral to Foundation's +Choices programme"
    )
    description: OptionalFreeText = None
    started_on: InputDate | None = Field(default=None, description="Defaults to today")


class InterventionOut(BaseModel):
    id: str
    nomination_id: str
    kind: InterventionKind
    provider: str | None
    programme: str | None
    description: str | None
    started_on: date
    ended_on: date | None


class ExitIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"exited_on": "2027-05-01"}]}
    )
    exited_on: InputDate | None = Field(default=None, description="Defaults to today")
