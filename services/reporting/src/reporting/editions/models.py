"""The narrative's versions and the frozen editions. Neither is about a person: authors
and approvers are the token's subject and agency, as the audit log keeps them."""

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Column, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlmodel import Field

from csp_common.tables import utc_timestamp
from reporting.tables import ReportingTable


class NarrativeVersion(ReportingTable, table=True):
    """One version of a section's narrative for a period's report; a new text is a new
    version, never an update."""

    __tablename__ = "committee_narrative"
    __table_args__ = (UniqueConstraint("period_code", "section", "version"),)

    id: uuid.UUID = Field(primary_key=True)
    period_code: str = Field(sa_column=Column(String(20), nullable=False, index=True))
    section: str = Field(sa_column=Column(String(40), nullable=False))
    version: int = Field(sa_column=Column(Integer, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    author: str = Field(sa_column=Column(String(200), nullable=False))
    author_agency: str = Field(sa_column=Column(String(100), nullable=False))
    written_at: datetime = Field(sa_column=utc_timestamp())


class Edition(ReportingTable, table=True):
    """An approved report, frozen: the bytes of each format as they were approved."""

    __tablename__ = "committee_edition"
    __table_args__ = (UniqueConstraint("period_code", "edition"),)

    id: uuid.UUID = Field(primary_key=True)
    period_code: str = Field(sa_column=Column(String(20), nullable=False, index=True))
    edition: int = Field(sa_column=Column(Integer, nullable=False))
    edition_date: date
    approved_by: str = Field(sa_column=Column(String(200), nullable=False))
    approved_agency: str = Field(sa_column=Column(String(100), nullable=False))
    approved_at: datetime = Field(sa_column=utc_timestamp())
    narrative: dict = Field(
        sa_column=Column(JSON, nullable=False), description="Section -> the version approved"
    )
    html: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    pdf: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    docx: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


narrative_table = NarrativeVersion.__table__  # type: ignore[attr-defined]
edition_table = Edition.__table__  # type: ignore[attr-defined]
