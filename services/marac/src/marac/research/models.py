"""Research each expected agency returns for each listed case before the meeting."""

from datetime import datetime

from sqlalchemy import Boolean, Column, String, Text
from sqlmodel import Field as SQLField

from csp_common.tables import UtcDateTime
from marac.tables import MaracTable


class Research(MaracTable, table=True):
    __tablename__ = "research"

    case_id: str = SQLField(sa_column=Column(String(36), primary_key=True))
    meeting_id: str = SQLField(sa_column=Column(String(36), primary_key=True))
    agency: str = SQLField(sa_column=Column(String(64), primary_key=True))
    has_information: bool = SQLField(sa_column=Column(Boolean, nullable=False))
    summary: str | None = SQLField(default=None, sa_column=Column(Text))
    returned_at: datetime = SQLField(sa_column=Column(UtcDateTime(), nullable=False))


research_table = Research.__table__  # type: ignore[attr-defined]
