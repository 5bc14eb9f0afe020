"""Dashboard links already used: a link opens one session, once."""

from datetime import datetime

from sqlalchemy import Column, String
from sqlmodel import Field, SQLModel

from csp_common.tables import utc_timestamp


class UsedDashboardLink(SQLModel, table=True):
    __tablename__ = "dashboard_link_used"

    link_id: str = Field(sa_column=Column(String(64), primary_key=True))
    expires_at: datetime = Field(sa_column=utc_timestamp(index=True))


used_link_table = UsedDashboardLink.__table__  # type: ignore[attr-defined]
