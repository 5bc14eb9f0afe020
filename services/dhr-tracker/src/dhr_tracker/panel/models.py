"""The agencies on a review's panel: their members may read the review (dhr:read)."""

import uuid
from datetime import date, datetime

from sqlalchemy import Column, Date, DateTime, ForeignKey, String, UniqueConstraint, Uuid
from sqlmodel import Field

from dhr_tracker.tables import DhrTable


class PanelMember(DhrTable, table=True):
    __tablename__ = "panel_member"
    __table_args__ = (UniqueConstraint("review_id", "agency", name="uq_panel_member_agency"),)

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    review_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("review.id"), nullable=False, index=True)
    )
    agency: str = Field(sa_column=Column(String(64), nullable=False, index=True))
    role: str = Field(sa_column=Column(String(32), nullable=False))
    joined_on: date = Field(sa_column=Column(Date, nullable=False))
    recorded_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


panel_table = PanelMember.__table__  # type: ignore[attr-defined]
