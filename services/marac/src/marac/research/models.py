"""Research each expected agency returns for each listed case before the meeting."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Boolean, Column, DateTime, String, Text
from sqlmodel import Field as SQLField

from marac.common import OptionalFreeText
from marac.tables import MaracTable


class Research(MaracTable, table=True):
    __tablename__ = "research"

    case_id: str = SQLField(sa_column=Column(String(36), primary_key=True))
    meeting_id: str = SQLField(sa_column=Column(String(36), primary_key=True))
    agency: str = SQLField(sa_column=Column(String(64), primary_key=True))
    has_information: bool = SQLField(sa_column=Column(Boolean, nullable=False))
    summary: str | None = SQLField(default=None, sa_column=Column(Text))
    returned_at: datetime = SQLField(sa_column=Column(DateTime(timezone=True), nullable=False))


research_table = Research.__table__  # type: ignore[attr-defined]


class ResearchIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"has_information": True, "summary": "Known to adult social care since 2024."},
                {"has_information": False},
            ]
        },
    )
    has_information: bool = Field(description="False: the agency searched and holds nothing")
    summary: OptionalFreeText = Field(default=None, description="Required when has_information")


class ResearchOut(BaseModel):
    case_id: str
    meeting_id: str
    agency: str
    has_information: bool
    summary: str | None
    returned_at: datetime


class ResearchStatus(BaseModel):
    case_id: str
    returned: list[str]
    missing: list[str] = Field(description="Expected agencies that have not returned research")


class ResearchStatusOut(BaseModel):
    meeting_id: str
    expected_agencies: list[str]
    cases: list[ResearchStatus]
    agencies_missing_any: list[str]
