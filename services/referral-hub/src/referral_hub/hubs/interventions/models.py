"""Interventions of the ASB toolkit issued in a case, and their breaches."""

import uuid
from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlmodel import Field

from csp_common.tables import utc_timestamp
from referral_hub.tables import HubTable


class HubIntervention(HubTable, table=True):
    __tablename__ = "hub_intervention"
    __table_args__ = (Index("ix_hub_intervention_case", "case_id", "ladder"),)

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    case_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("hub_case.id"), nullable=False))
    kind: str = Field(sa_column=Column(String(50), nullable=False))
    ladder: str = Field(sa_column=Column(String(50), nullable=False))
    step: int = Field(sa_column=Column(Integer, nullable=False))
    target: str = Field(sa_column=Column(String(10), nullable=False))
    subject_id: uuid.UUID | None = Field(default=None, sa_column=Column(Uuid))
    issuing_agency: str = Field(sa_column=Column(String(100), nullable=False))
    issued_on: date = Field(sa_column=Column(Date, nullable=False))
    expires_on: date | None = Field(default=None, sa_column=Column(Date))
    created_at: datetime = Field(sa_column=utc_timestamp())


class HubBreach(HubTable, table=True):
    __tablename__ = "hub_breach"
    __table_args__ = (
        UniqueConstraint("intervention_id", "breach_number", name="uq_hub_breach_number"),
    )

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    intervention_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("hub_intervention.id"), nullable=False)
    )
    breach_number: int = Field(sa_column=Column(Integer, nullable=False))
    breached_on: date = Field(sa_column=Column(Date, nullable=False))
    created_at: datetime = Field(sa_column=utc_timestamp())


intervention_table = HubIntervention.__table__  # type: ignore[attr-defined]
breach_table = HubBreach.__table__  # type: ignore[attr-defined]
