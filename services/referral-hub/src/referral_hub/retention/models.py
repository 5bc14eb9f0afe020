"""Erasures: each person erased or anonymised (at the end of the retention period, or
on a granted right-to-erasure request), and each request refused, with its reasons."""

import uuid
from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, String, Uuid
from sqlmodel import Field

from csp_common.tables import utc_timestamp
from referral_hub.tables import HubTable


class Erasure(HubTable, table=True):
    __tablename__ = "erasure"

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    person_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("person.id"), nullable=False, index=True)
    )
    reason: str = Field(sa_column=Column(String(30), nullable=False))
    outcome: str = Field(sa_column=Column(String(10), nullable=False))
    refusals: list[str] = Field(sa_column=Column(JSON, nullable=False))
    referral_ids: list[str] = Field(sa_column=Column(JSON, nullable=False))
    decided_by: str = Field(sa_column=Column(String(100), nullable=False))
    request_reference: str | None = Field(default=None, sa_column=Column(String(100)))
    decided_at: datetime = Field(sa_column=utc_timestamp())


erasure_table = Erasure.__table__  # type: ignore[attr-defined]
