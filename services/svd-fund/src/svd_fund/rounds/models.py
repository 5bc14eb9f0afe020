"""A fund round: its budget (with the running total of its awards, which a CHECK keeps
within it), its dates, and what it funds and how bids are judged."""

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Integer,
    Numeric,
    String,
    Uuid,
)
from sqlmodel import Field

from csp_common.tables import UtcDateTime
from svd_fund.tables import SvdTable

MONEY = Numeric(12, 2)


class FundRound(SvdTable, table=True):
    __tablename__ = "fund_round"
    __table_args__ = (
        CheckConstraint(
            "awarded_total >= 0 AND awarded_total <= budget", name="ck_fund_round_within_budget"
        ),
        CheckConstraint("grant_cap > 0 AND grant_cap <= budget", name="ck_fund_round_cap"),
        CheckConstraint("opens_at < closes_at", name="ck_fund_round_dates"),
    )

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    budget: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    grant_cap: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    awarded_total: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    opens_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    closes_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    priorities: list[str] = Field(sa_column=Column(JSON, nullable=False))
    activity_types: list[str] = Field(sa_column=Column(JSON, nullable=False))
    eligibility_questions: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    criteria: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    assessors_per_bid: int = Field(sa_column=Column(Integer, nullable=False))
    moderation_spread: Decimal = Field(sa_column=Column(Numeric(4, 2), nullable=False))
    opening_published: bool = Field(sa_column=Column(Boolean, nullable=False))
    closing_published: bool = Field(sa_column=Column(Boolean, nullable=False))
    created_by: str = Field(sa_column=Column(String(64), nullable=False))
    created_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


round_table = FundRound.__table__  # type: ignore[attr-defined]
