"""A missed deadline noticed: one row per review and clock, so it is published once."""

import uuid
from datetime import date, datetime

from sqlalchemy import Column, Date, DateTime, ForeignKey, String, Uuid
from sqlmodel import Field

from dhr_tracker.tables import DhrTable


class DeadlineNotice(DhrTable, table=True):
    __tablename__ = "deadline_notice"

    review_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("review.id"), primary_key=True))
    clock: str = Field(sa_column=Column(String(40), primary_key=True))
    due_on: date = Field(sa_column=Column(Date, nullable=False))
    noticed_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


notice_table = DeadlineNotice.__table__  # type: ignore[attr-defined]
