"""The history of a route's statuses, as providers reported them."""

import uuid
from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Uuid
from sqlmodel import Field

from csp_common.tables import utc_timestamp
from referral_hub.tables import HubTable


class RouteStatusChange(HubTable, table=True):
    """History of a route's statuses as providers reported them."""

    __tablename__ = "route_status_change"

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    route_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("route.id"), nullable=False, index=True)
    )
    from_status: str = Field(sa_column=Column(String(20), nullable=False))
    to_status: str = Field(sa_column=Column(String(20), nullable=False))
    occurred_at: datetime = Field(sa_column=utc_timestamp())
    recorded_at: datetime = Field(sa_column=utc_timestamp())
    reported_by: str = Field(sa_column=Column(String(200), nullable=False))
