"""The sealed identity of a review, encrypted (sealed.cipher); never stored in clear."""

import uuid
from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Text, Uuid
from sqlmodel import Field

from csp_common.tables import UtcDateTime
from dhr_tracker.tables import DhrTable


class SealedIdentity(DhrTable, table=True):
    __tablename__ = "sealed_identity"

    review_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("review.id"), primary_key=True))
    key_id: str = Field(sa_column=Column(String(32), nullable=False, index=True))
    token: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


sealed_table = SealedIdentity.__table__  # type: ignore[attr-defined]
