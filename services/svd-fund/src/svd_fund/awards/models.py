"""Decisions on bids, the grants awarded (their agreement) and the grants' tranches."""

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
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


class Decision(SvdTable, table=True):
    """One decision on a bid (a waitlisted bid may be decided again)."""

    __tablename__ = "decision"

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    bid_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("bid.id"), nullable=False, index=True)
    )
    decision: str = Field(sa_column=Column(String(16), nullable=False))
    amount: Decimal | None = Field(default=None, sa_column=Column(MONEY, nullable=True))
    reasons: str = Field(sa_column=Column(Text, nullable=False))
    decided_by: str = Field(sa_column=Column(String(200), nullable=False))
    decided_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class Grant(SvdTable, table=True):
    """An award: `offered` until the organisation accepts its grant agreement, then
    `active`."""

    __tablename__ = "grant_award"
    __table_args__ = (CheckConstraint("amount > 0", name="ck_grant_amount"),)

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    bid_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("bid.id"), nullable=False, unique=True)
    )
    round_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("fund_round.id"), nullable=False, index=True)
    )
    organisation_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("organisation.id"), nullable=False, index=True)
    )
    amount: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    awarded_on: date = Field(sa_column=Column(Date, nullable=False))
    starts_on: date = Field(sa_column=Column(Date, nullable=False))
    ends_on: date = Field(sa_column=Column(Date, nullable=False))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    accepted_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    created_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class Tranche(SvdTable, table=True):
    """A part of a grant, paid once the previous tranche is paid and (after the first)
    the monitoring return before it approved."""

    __tablename__ = "tranche"
    __table_args__ = (
        UniqueConstraint("grant_id", "seq", name="uq_tranche_seq"),
        CheckConstraint("amount > 0", name="ck_tranche_amount"),
    )

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    grant_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("grant_award.id"), nullable=False, index=True)
    )
    seq: int = Field(sa_column=Column(Integer, nullable=False))
    amount: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    paid_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    paid_by: str | None = Field(default=None, sa_column=Column(String(200), nullable=True))


decision_table = Decision.__table__  # type: ignore[attr-defined]
grant_table = Grant.__table__  # type: ignore[attr-defined]
tranche_table = Tranche.__table__  # type: ignore[attr-defined]
