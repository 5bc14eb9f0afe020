"""Assessors on bids: their declaration of interests, their scores, and the moderation
panel's final scores."""

import uuid
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlmodel import Field

from csp_common.tables import UtcDateTime
from svd_fund.tables import SvdTable


class Assignment(SvdTable, table=True):
    """An assessor asked to assess a bid: `assigned` until they declare their interests,
    then `conflicted` (off the bid) or `cleared`, and `scored` once their scores are in."""

    __tablename__ = "assignment"
    __table_args__ = (UniqueConstraint("bid_id", "assessor", name="uq_assignment_assessor"),)

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    bid_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("bid.id"), nullable=False, index=True)
    )
    assessor: str = Field(sa_column=Column(String(200), nullable=False, index=True))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    conflict_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    declared_at: datetime | None = Field(
        default=None, sa_column=Column(UtcDateTime(), nullable=True)
    )
    scored_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime(), nullable=True))
    assigned_by: str = Field(sa_column=Column(String(64), nullable=False))
    created_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class Score(SvdTable, table=True):
    __tablename__ = "score"
    __table_args__ = (
        UniqueConstraint("assignment_id", "criterion", name="uq_score_criterion"),
        CheckConstraint("score BETWEEN 0 AND 5", name="ck_score_rubric"),
    )

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    assignment_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("assignment.id"), nullable=False, index=True)
    )
    criterion: str = Field(sa_column=Column(String(64), nullable=False))
    score: int = Field(sa_column=Column(Integer, nullable=False))
    comment: str = Field(sa_column=Column(Text, nullable=False))


class ModeratedScore(SvdTable, table=True):
    __tablename__ = "moderated_score"
    __table_args__ = (
        UniqueConstraint("bid_id", "criterion", name="uq_moderated_score_criterion"),
        CheckConstraint("score BETWEEN 0 AND 5", name="ck_moderated_score_rubric"),
    )

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    bid_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("bid.id"), nullable=False, index=True)
    )
    criterion: str = Field(sa_column=Column(String(64), nullable=False))
    score: int = Field(sa_column=Column(Integer, nullable=False))
    reason: str = Field(sa_column=Column(Text, nullable=False))
    moderated_by: str = Field(sa_column=Column(String(200), nullable=False))
    moderated_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


assignment_table = Assignment.__table__  # type: ignore[attr-defined]
score_table = Score.__table__  # type: ignore[attr-defined]
moderated_table = ModeratedScore.__table__  # type: ignore[attr-defined]
