"""What a meeting's record adds: the information each agency shared per case heard."""

from sqlalchemy import Column, String, Text
from sqlmodel import Field as SQLField

from marac.tables import MaracTable


class InformationShared(MaracTable, table=True):
    """What an agency told the meeting about a case (stays in marac; never in events)."""

    __tablename__ = "information_shared"

    id: str = SQLField(sa_column=Column(String(36), primary_key=True))
    case_id: str = SQLField(sa_column=Column(String(36), nullable=False, index=True))
    meeting_id: str = SQLField(sa_column=Column(String(36), nullable=False))
    agency: str = SQLField(sa_column=Column(String(64), nullable=False))
    summary: str = SQLField(sa_column=Column(Text, nullable=False))


information_table = InformationShared.__table__  # type: ignore[attr-defined]
