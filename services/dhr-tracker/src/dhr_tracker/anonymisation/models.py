"""An anonymisation check made: what was checked and how many mentions it found (the
mentions themselves are answered once and never stored: they are the sealed identity)."""

import uuid
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String, Uuid
from sqlmodel import Field

from csp_common.tables import UtcDateTime
from dhr_tracker.tables import DhrTable


class AnonymisationCheck(DhrTable, table=True):
    __tablename__ = "anonymisation_check"

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    review_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("review.id"), nullable=False, index=True)
    )
    document_kind: str = Field(sa_column=Column(String(8), nullable=False))
    sha256: str = Field(sa_column=Column(String(64), nullable=False))
    mentions: int = Field(sa_column=Column(Integer, nullable=False))
    checked_by: str = Field(sa_column=Column(String(100), nullable=False))
    checked_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


check_table = AnonymisationCheck.__table__  # type: ignore[attr-defined]
