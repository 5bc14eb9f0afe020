"""What the narrative and edition endpoints take and give."""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_TEXT = 20_000


class NarrativeIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "text": "The partnership is supporting the delivery of a hate crime "
                "**champions** initiative."
            }
        },
    )

    text: str = Field(min_length=1, max_length=MAX_TEXT, description="Markdown (CommonMark)")


class PersonalDataWarningOut(BaseModel):
    kind: Literal["name", "date_of_birth", "postcode", "phone_number"]
    excerpt: str
    line: int


class NarrativeVersionOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "section": "hate_crime",
                "version": 2,
                "text": "The partnership is supporting ...",
                "author": "csp-officer-1",
                "author_agency": "pfcc",
                "written_at": "2024-03-01T10:00:00Z",
                "status": "draft",
                "warnings": [],
            }
        }
    )

    section: str
    version: int
    text: str
    author: str
    author_agency: str
    written_at: datetime
    status: Literal["draft", "approved"] = Field(
        description="approved once an edition includes this version"
    )
    warnings: list[PersonalDataWarningOut] = Field(
        default_factory=list,
        description="What looks like personal data: a warning for the author, never a refusal",
    )


class SectionNarrativeOut(BaseModel):
    section: str
    latest: NarrativeVersionOut | None


class NarrativeOut(BaseModel):
    period: str
    sections: list[SectionNarrativeOut]


class ApprovalIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"example": {"narrative": {"purpose": 1, "hate_crime": 2}}},
    )

    narrative: dict[
        Annotated[str, Field(max_length=40)], Annotated[int, Field(ge=1, le=1_000_000)]
    ] = Field(
        max_length=40,
        description="The version of each section's narrative the approver read: the newest "
        "of every section that has one (anything newer is a 409)",
    )


class EditionOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "period": "2023-24-Q3",
                "edition": 1,
                "edition_date": "2024-03-01",
                "approved_by": "csp-manager-1",
                "approved_agency": "pfcc",
                "approved_at": "2024-03-01T12:00:00Z",
                "narrative": {"purpose": 1},
                "downloads": {
                    "html": "/v1/reports/scrutiny/2023-24-Q3/editions/1?format=html",
                    "pdf": "/v1/reports/scrutiny/2023-24-Q3/editions/1?format=pdf",
                    "docx": "/v1/reports/scrutiny/2023-24-Q3/editions/1?format=docx",
                },
            }
        }
    )

    period: str
    edition: int
    edition_date: date
    approved_by: str
    approved_agency: str
    approved_at: datetime
    narrative: dict[str, int]
    downloads: dict[str, str]
