"""Commissioned services' quarterly performance returns: every version a provider
submitted, counts only."""

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Column, Integer, Numeric, String, UniqueConstraint, Uuid
from sqlmodel import Field

from csp_common.tables import utc_timestamp
from referral_hub.tables import HubTable


class ProviderReturn(HubTable, table=True):
    """One version of a provider's return for one of its services and a financial
    quarter; the highest version is the return as it stands."""

    __tablename__ = "provider_return"
    __table_args__ = (
        UniqueConstraint(
            "provider", "service", "quarter", "version", name="uq_provider_return_version"
        ),
    )

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    provider: str = Field(sa_column=Column(String(30), nullable=False))
    service: str = Field(sa_column=Column(String(64), nullable=False))
    quarter: str = Field(sa_column=Column(String(10), nullable=False))
    version: int = Field(sa_column=Column(Integer, nullable=False))
    referrals_received: int = Field(sa_column=Column(Integer, nullable=False))
    self_referrals: int = Field(sa_column=Column(Integer, nullable=False))
    caseload: int = Field(sa_column=Column(Integer, nullable=False))
    closures: int = Field(sa_column=Column(Integer, nullable=False))
    outcomes: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    waiting_at_end: int = Field(sa_column=Column(Integer, nullable=False))
    median_wait_days: Decimal | None = Field(default=None, sa_column=Column(Numeric(5, 1)))
    submitted_at: datetime = Field(sa_column=utc_timestamp())
    submitted_by: str = Field(sa_column=Column(String(200), nullable=False))


provider_return_table = ProviderReturn.__table__  # type: ignore[attr-defined]
