import uuid
from datetime import date, datetime

from sqlalchemy import Column, Date, DateTime, ForeignKey, String, Uuid
from sqlmodel import Field

from dhr_tracker.tables import DhrTable


class ReviewPause(DhrTable, table=True):
    __tablename__ = "review_pause"

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    review_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("review.id"), nullable=False, index=True)
    )
    reason: str = Field(sa_column=Column(String(40), nullable=False))
    paused_on: date = Field(sa_column=Column(Date, nullable=False))
    expected_resume_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    resumed_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    recorded_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


pause_table = ReviewPause.__table__  # type: ignore[attr-defined]
