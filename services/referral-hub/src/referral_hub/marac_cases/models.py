"""Where marac holds each MARAC case about a referral: learnt from marac's events."""

import uuid
from datetime import datetime

from sqlalchemy import Column, String, Uuid
from sqlmodel import Field

from csp_common.tables import utc_timestamp
from referral_hub.tables import HubTable


class MaracCase(HubTable, table=True):
    """A MARAC case and the area whose MARAC holds it now (ids and codes only).

    A transfer moves the case, so the receiving area's coordinator may read the referral
    behind it; the area a referral was first made to MARAC in stays on the referral.
    """

    __tablename__ = "marac_case"

    case_id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    referral_id: uuid.UUID = Field(sa_column=Column(Uuid, nullable=False, index=True))
    marac_area: str = Field(sa_column=Column(String(50), nullable=False))
    updated_at: datetime = Field(sa_column=utc_timestamp())
