"""The history of a referral's consent and lawful basis: one row per recorded change."""

import uuid
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Uuid
from sqlmodel import Field

from csp_common.tables import utc_timestamp
from referral_hub.tables import HubTable


class ConsentChange(HubTable, table=True):
    """A change of consent or lawful basis, as recorded; the referral holds the current one.

    `reason` and `authorised_by` (who authorised sharing without consent) stay here:
    events carry the codes only.
    """

    __tablename__ = "consent_change"
    __table_args__ = (Index("ix_consent_change_referral", "referral_id", "recorded_at"),)

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    referral_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("referral.id"), nullable=False)
    )
    previous_status: str = Field(sa_column=Column(String(20), nullable=False))
    previous_basis: str = Field(sa_column=Column(String(30), nullable=False))
    status: str = Field(sa_column=Column(String(20), nullable=False))
    basis: str = Field(sa_column=Column(String(30), nullable=False))
    reason: str | None = Field(default=None, sa_column=Column(String(200)))
    authorised_by: str | None = Field(default=None, sa_column=Column(String(200)))
    recorded_by: str = Field(sa_column=Column(String(200), nullable=False))
    agency: str = Field(sa_column=Column(String(100), nullable=False))
    recorded_at: datetime = Field(sa_column=utc_timestamp())
