"""A review's recommendations and the actions of its action plan."""

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlmodel import Field

from csp_common.tables import UtcDateTime
from dhr_tracker.tables import DhrTable


class Recommendation(DhrTable, table=True):
    __tablename__ = "recommendation"
    __table_args__ = (UniqueConstraint("review_id", "number", name="uq_recommendation_number"),)

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    review_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("review.id"), nullable=False, index=True)
    )
    number: int = Field(sa_column=Column(Integer, nullable=False))
    source_reference: str | None = Field(
        default=None, sa_column=Column(String(100), nullable=True, unique=True)
    )
    theme: str = Field(sa_column=Column(String(64), nullable=False, index=True))
    level: str = Field(sa_column=Column(String(16), nullable=False))
    national_body: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    national_answer: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    national_answer_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    national_response: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    owner_agency: str = Field(sa_column=Column(String(64), nullable=False, index=True))
    text: str = Field(sa_column=Column(Text, nullable=False))
    made_on: date = Field(sa_column=Column(Date, nullable=False))
    due_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    status: str = Field(sa_column=Column(String(16), nullable=False, index=True))
    status_on: date = Field(sa_column=Column(Date, nullable=False))
    evidence: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class RecommendationAction(DhrTable, table=True):
    __tablename__ = "recommendation_action"
    __table_args__ = (
        UniqueConstraint("recommendation_id", "number", name="uq_recommendation_action_number"),
    )

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    recommendation_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("recommendation.id"), nullable=False, index=True)
    )
    number: int = Field(sa_column=Column(Integer, nullable=False))
    description: str = Field(sa_column=Column(Text, nullable=False))
    owner_agency: str = Field(sa_column=Column(String(64), nullable=False))
    due_on: date = Field(sa_column=Column(Date, nullable=False, index=True))
    completed_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    evidence: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


recommendation_table = Recommendation.__table__  # type: ignore[attr-defined]
action_table = RecommendationAction.__table__  # type: ignore[attr-defined]
