"""The first answer to a POST /v1/referrals with an Idempotency-Key."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Integer, String
from sqlmodel import Field

from csp_common.tables import utc_timestamp
from referral_hub.tables import HubTable


class IdempotencyRecord(HubTable, table=True):
    """The first answer to a POST with an Idempotency-Key, replayed to retries."""

    __tablename__ = "idempotency_record"

    agency: str = Field(sa_column=Column(String(100), primary_key=True))
    key: str = Field(sa_column=Column(String(200), primary_key=True))
    request_hash: str = Field(sa_column=Column(String(64), nullable=False))
    status_code: int | None = Field(default=None, sa_column=Column(Integer))
    response: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    created_at: datetime = Field(sa_column=utc_timestamp())
