"""Referrals and their routes to providers (and to MARAC)."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlmodel import Field

from csp_common.tables import utc_timestamp
from referral_hub.tables import HubTable


class Referral(HubTable, table=True):
    __tablename__ = "referral"
    __table_args__ = (
        Index("ix_referral_pair", "victim_id", "perpetrator_id", "received_on"),
        Index("ix_referral_area_received", "area", "received_at"),
        UniqueConstraint("referring_agency", "source_reference", name="uq_referral_source"),
    )

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    status: str = Field(sa_column=Column(String(20), nullable=False, index=True))
    version: int = Field(sa_column=Column(Integer, nullable=False))
    channel: str = Field(sa_column=Column(String(10), nullable=False))
    area: str = Field(sa_column=Column(String(50), nullable=False))
    marac_area: str = Field(sa_column=Column(String(50), nullable=False, index=True))
    referring_agency: str = Field(sa_column=Column(String(100), nullable=False, index=True))
    referrer_kind: str = Field(sa_column=Column(String(20), nullable=False))
    source_reference: str | None = Field(default=None, sa_column=Column(String(100)))
    incident_date: date = Field(sa_column=Column(Date, nullable=False))
    received_at: datetime = Field(sa_column=utc_timestamp())
    received_on: date = Field(sa_column=Column(Date, nullable=False))
    victim_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("person.id"), nullable=False))
    perpetrator_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("person.id"), nullable=True)
    )
    relationship: str = Field(sa_column=Column(String(30), nullable=False))
    children_in_household: int = Field(sa_column=Column(Integer, nullable=False))
    victim_gender: str = Field(sa_column=Column(String(20), nullable=False))
    victim_ethnicity: str = Field(sa_column=Column(String(20), nullable=False))
    victim_disability: bool | None = Field(default=None, sa_column=Column(Boolean))
    victim_lgbt: bool | None = Field(default=None, sa_column=Column(Boolean))
    victim_age_band: str = Field(sa_column=Column(String(10), nullable=False))
    victim_safe_contact: str | None = Field(default=None, sa_column=Column(String(200)))
    perpetrator_gender: str | None = Field(default=None, sa_column=Column(String(20)))
    perpetrator_age_band: str | None = Field(default=None, sa_column=Column(String(10)))
    dash_answers: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    stalking_answers: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    judgement_high_risk: bool = Field(sa_column=Column(Boolean, nullable=False))
    judgement_reasons: str | None = Field(default=None, sa_column=Column(Text))
    incidents_last_12_months: int = Field(sa_column=Column(Integer, nullable=False))
    score: int = Field(sa_column=Column(Integer, nullable=False))
    actuarial_level: str = Field(sa_column=Column(String(10), nullable=False))
    level: str = Field(sa_column=Column(String(10), nullable=False, index=True))
    criteria: list[str] = Field(sa_column=Column(JSON, nullable=False))
    marac_referral: bool = Field(sa_column=Column(Boolean, nullable=False))
    repeat: bool = Field(sa_column=Column(Boolean, nullable=False))
    consent_status: str = Field(sa_column=Column(String(20), nullable=False))
    consent_basis: str = Field(sa_column=Column(String(30), nullable=False))
    services_requested: list[str] = Field(sa_column=Column(JSON, nullable=False))
    status_reason: str | None = Field(default=None, sa_column=Column(String(200)))
    updated_at: datetime = Field(sa_column=utc_timestamp())
    erased_at: datetime | None = Field(
        default=None, sa_column=utc_timestamp(nullable=True)
    )  # anonymised (referral_hub.retention): codes kept for the figures, 404 for everyone


class Route(HubTable, table=True):
    """A referral sent to a provider's service (or to MARAC), and where it has got to."""

    __tablename__ = "route"
    __table_args__ = (Index("ix_route_provider_status", "provider", "status", "routed_at"),)

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    referral_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("referral.id"), nullable=False, index=True)
    )
    provider: str = Field(sa_column=Column(String(30), nullable=False))
    service: str | None = Field(default=None, sa_column=Column(String(50)))
    reasons: list[str] = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(sa_column=Column(String(20), nullable=False))
    routed_at: datetime = Field(sa_column=utc_timestamp())
    updated_at: datetime = Field(sa_column=utc_timestamp())
    decline_reason: str | None = Field(default=None, sa_column=Column(String(200)))
    outcome_codes: list[str] = Field(sa_column=Column(JSON, nullable=False))
