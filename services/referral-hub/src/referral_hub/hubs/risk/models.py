"""ASB risk assessments of a case's victim, re-assessed over time."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    Uuid,
)
from sqlmodel import Field

from csp_common.tables import utc_timestamp
from referral_hub.tables import HubTable


class HubRiskAssessment(HubTable, table=True):
    __tablename__ = "hub_risk_assessment"
    __table_args__ = (UniqueConstraint("case_id", "sequence", name="uq_hub_risk_sequence"),)

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    case_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("hub_case.id"), nullable=False))
    sequence: int = Field(sa_column=Column(Integer, nullable=False))
    answers: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    score: int = Field(sa_column=Column(Integer, nullable=False))
    level: str = Field(sa_column=Column(String(10), nullable=False))
    domestic_abuse_indicated: bool = Field(sa_column=Column(Boolean, nullable=False))
    assessing_agency: str = Field(sa_column=Column(String(100), nullable=False))
    assessed_on: date = Field(sa_column=Column(Date, nullable=False))
    created_at: datetime = Field(sa_column=utc_timestamp())


risk_table = HubRiskAssessment.__table__  # type: ignore[attr-defined]
