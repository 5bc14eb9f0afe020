"""What callers send and get for the training plan and the themes of learning."""

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

from csp_common.fields import text
from dhr_tracker.fields import Code, InputDate


class TrainingItemIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "theme": "risk_assessment",
                    "area": "scarborough",
                    "title": "Using the DASH risk checklist well",
                    "owner_agency": "idas",
                    "planned_for": "2024-10-01",
                }
            ]
        },
    )
    theme: Code
    area: Code = Field(description="The area whose CSP team runs it")
    title: text(300)  # type: ignore[valid-type]
    owner_agency: Code
    planned_for: InputDate | None = None
    recommendation_id: uuid.UUID | None = Field(
        default=None, description="The recommendation it answers, if one"
    )


class SessionIn(BaseModel):
    """A session delivered: how many came from each agency."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"delivered_on": "2024-05-01", "attendees": {"health": 12, "idas": 3}}]
        },
    )
    delivered_on: InputDate
    attendees: dict[Code, int] = Field(min_length=1, max_length=100)

    @field_validator("attendees")
    @classmethod
    def _counts(cls, attendees: dict[str, int]) -> dict[str, int]:
        if any(count < 1 or count > 10_000 for count in attendees.values()):
            raise ValueError("each agency's attendees are a whole number from 1 to 10000")
        return attendees


class SessionOut(BaseModel):
    id: uuid.UUID
    delivered_on: date
    attendees: dict[str, int]
    total: int


class TrainingItemOut(BaseModel):
    id: uuid.UUID
    theme: str
    area: str | None
    title: str
    owner_agency: str
    planned_for: date | None
    recommendation_id: uuid.UUID | None
    sessions: list[SessionOut]
    attendees: int
    attendees_by_agency: dict[str, int]
    last_delivered_on: date | None


class RecommendationCounts(BaseModel):
    total: int = 0
    open: int = Field(default=0, description="open or in progress")
    completed: int = 0
    not_accepted: int = 0
    overdue: int = 0
    national: int = 0


class ThemeOut(BaseModel):
    theme: str
    label: str
    recommendations: RecommendationCounts
    training: list[TrainingItemOut]


class ThemesOut(BaseModel):
    themes: list[ThemeOut]
