"""A bid to a round (a draft until submitted) and its budget lines."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlmodel import Field

from csp_common.tables import UtcDateTime
from svd_fund.tables import SvdTable

MONEY = Numeric(12, 2)


class Bid(SvdTable, table=True):
    __tablename__ = "bid"
    __table_args__ = (Index("ix_bid_round_status", "round_id", "status"),)

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    round_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("fund_round.id"), nullable=False))
    organisation_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("organisation.id"), nullable=False, index=True)
    )
    status: str = Field(sa_column=Column(String(32), nullable=False))
    title: str | None = Field(default=None, sa_column=Column(String(200), nullable=True))
    summary: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    amount: Decimal | None = Field(default=None, sa_column=Column(MONEY, nullable=True))
    priorities: list[str] = Field(sa_column=Column(JSON, nullable=False))
    activity_types: list[str] = Field(sa_column=Column(JSON, nullable=False))
    areas: list[str] = Field(sa_column=Column(JSON, nullable=False))
    planned_start: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    planned_end: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    outputs: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    outcomes: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    answers: dict[str, bool] = Field(sa_column=Column(JSON, nullable=False))
    eligible: bool | None = Field(default=None, sa_column=Column(Boolean, nullable=True))
    eligibility_reasons: list[str] = Field(sa_column=Column(JSON, nullable=False))
    final_score: Decimal | None = Field(
        default=None, sa_column=Column(Numeric(4, 2), nullable=True)
    )
    score_spread: Decimal | None = Field(
        default=None, sa_column=Column(Numeric(4, 2), nullable=True)
    )
    submitted_at: datetime | None = Field(
        default=None, sa_column=Column(UtcDateTime(), nullable=True)
    )
    created_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class BudgetLine(SvdTable, table=True):
    __tablename__ = "budget_line"
    __table_args__ = (UniqueConstraint("bid_id", "seq", name="uq_budget_line_seq"),)

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    bid_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("bid.id"), nullable=False, index=True)
    )
    seq: int = Field(sa_column=Column(Integer, nullable=False))
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    item: str = Field(sa_column=Column(String(200), nullable=False))
    amount: Decimal = Field(sa_column=Column(MONEY, nullable=False))


bid_table = Bid.__table__  # type: ignore[attr-defined]
budget_line_table = BudgetLine.__table__  # type: ignore[attr-defined]
