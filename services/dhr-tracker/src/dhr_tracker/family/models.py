"""The log of the family's involvement in a review: advocacy offered, contacts, the
terms of reference and the draft shared, how the pseudonym was chosen."""

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
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


class FamilyLogEntry(DhrTable, table=True):
    __tablename__ = "family_log_entry"
    __table_args__ = (UniqueConstraint("review_id", "seq", name="uq_family_log_seq"),)

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    review_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("review.id"), nullable=False, index=True)
    )
    seq: int = Field(sa_column=Column(Integer, nullable=False))
    kind: str = Field(sa_column=Column(String(32), nullable=False))
    on: date = Field(sa_column=Column(Date, nullable=False))
    by: str = Field(sa_column=Column(String(64), nullable=False))
    family_member: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    method: str | None = Field(default=None, sa_column=Column(String(16), nullable=True))
    advocacy_provider: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    accepted: bool | None = Field(default=None, sa_column=Column(Boolean, nullable=True))
    pseudonym: str | None = Field(default=None, sa_column=Column(String(100), nullable=True))
    chosen_by: str | None = Field(default=None, sa_column=Column(String(16), nullable=True))
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    recorded_by: str = Field(sa_column=Column(String(100), nullable=False))
    recorded_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


family_log_table = FamilyLogEntry.__table__  # type: ignore[attr-defined]
