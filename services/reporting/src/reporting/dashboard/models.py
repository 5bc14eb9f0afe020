"""What the dashboard keeps on the server: links already used, and open sessions."""

from datetime import datetime

from sqlalchemy import Column, String
from sqlmodel import Field

from csp_common.tables import utc_timestamp
from reporting.tables import ReportingTable


class UsedDashboardLink(ReportingTable, table=True):
    """A link opens one session, once: its id is kept until it expires."""

    __tablename__ = "dashboard_link_used"

    link_id: str = Field(sa_column=Column(String(64), primary_key=True))
    expires_at: datetime = Field(sa_column=utc_timestamp(index=True))


class DashboardSession(ReportingTable, table=True):
    """An open dashboard session. The cookie only names it: signing out deletes the row,
    and the cookie stops working at once, on every replica."""

    __tablename__ = "dashboard_session"

    session_id: str = Field(sa_column=Column(String(64), primary_key=True))
    expires_at: datetime = Field(sa_column=utc_timestamp(index=True))


used_link_table = UsedDashboardLink.__table__  # type: ignore[attr-defined]
session_table = DashboardSession.__table__  # type: ignore[attr-defined]
