"""What an agency is asked for: an Individual Management Review or a chronology."""

import uuid
from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, String, UniqueConstraint, Uuid
from sqlmodel import Field

from csp_common.tables import UtcDateTime
from dhr_tracker.tables import DhrTable


class Contribution(DhrTable, table=True):
    __tablename__ = "contribution"
    __table_args__ = (
        UniqueConstraint("review_id", "agency", "kind", name="uq_contribution_agency_kind"),
    )

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    review_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("review.id"), nullable=False, index=True)
    )
    agency: str = Field(sa_column=Column(String(64), nullable=False, index=True))
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    requested_on: date = Field(sa_column=Column(Date, nullable=False))
    due_on: date = Field(sa_column=Column(Date, nullable=False, index=True))
    received_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    status: str = Field(sa_column=Column(String(16), nullable=False, index=True))
    status_on: date = Field(sa_column=Column(Date, nullable=False))
    created_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


contribution_table = Contribution.__table__  # type: ignore[attr-defined]
