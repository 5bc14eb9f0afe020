"""What the Home Office and the other recipients were sent and answered: the answer to a
decision not to review, and the report's recipients with the dates it was sent."""

import uuid
from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, String, Text, UniqueConstraint, Uuid
from sqlmodel import Field

from csp_common.tables import UtcDateTime
from dhr_tracker.tables import DhrTable


class DecisionAnswer(DhrTable, table=True):
    """The Home Office's answer to a decision not to hold a review."""

    __tablename__ = "decision_answer"

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    review_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("review.id"), nullable=False, index=True)
    )
    answer: str = Field(sa_column=Column(String(16), nullable=False))
    answered_on: date = Field(sa_column=Column(Date, nullable=False))
    reasons: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    recorded_by: str = Field(sa_column=Column(String(100), nullable=False))
    recorded_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class ReportSent(DhrTable, table=True):
    __tablename__ = "report_sent"
    __table_args__ = (
        UniqueConstraint("review_id", "recipient", "document", name="uq_report_sent"),
    )

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    review_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("review.id"), nullable=False, index=True)
    )
    recipient: str = Field(sa_column=Column(String(64), nullable=False))
    document: str = Field(sa_column=Column(String(32), nullable=False))
    sent_on: date = Field(sa_column=Column(Date, nullable=False))
    recorded_by: str = Field(sa_column=Column(String(100), nullable=False))
    recorded_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


answer_table = DecisionAnswer.__table__  # type: ignore[attr-defined]
sent_table = ReportSent.__table__  # type: ignore[attr-defined]
