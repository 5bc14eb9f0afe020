"""Research returns as agencies send them and coordinators read them."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from marac.fields import OptionalFreeText


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
