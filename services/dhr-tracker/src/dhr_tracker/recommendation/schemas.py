"""What callers send and get for recommendations and their actions."""

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from csp_common.contracts.dhr import RecommendationLevel, RecommendationStatus
from csp_common.fields import text
from csp_common.pagination import Page
from dhr_tracker.fields import Code, InputDate, OptionalProse

NationalAnswer = Literal["accepted", "partially_accepted", "rejected"]
RecommendationText = text(2000, multiline=True)
Evidence = text(5000, multiline=True)


class ActionIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "description": "Run a briefing on professional curiosity for GPs.",
                    "owner_agency": "health",
                    "due_on": "2024-09-30",
                }
            ]
        },
    )
    description: text(1000, multiline=True)  # type: ignore[valid-type]
    owner_agency: Code
    due_on: InputDate


class RecommendationIn(BaseModel):
    """A recommendation of the review. `theme` is one of `GET /v1/learning/themes`; a
    `national` one names the national body it is made to."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "theme": "professional_curiosity",
                    "level": "local",
                    "owner_agency": "health",
                    "text": "GPs ask about domestic abuse when a patient discloses anxiety.",
                    "made_on": "2024-03-01",
                    "due_on": "2024-12-31",
                    "actions": [
                        {
                            "description": "Run a briefing on professional curiosity for GPs.",
                            "owner_agency": "health",
                            "due_on": "2024-09-30",
                        }
                    ],
                }
            ]
        },
    )
    theme: Code
    level: RecommendationLevel = "local"
    national_body: Code | None = Field(default=None, description="Needed for a national one")
    owner_agency: Code
    text: RecommendationText  # type: ignore[valid-type]
    made_on: InputDate
    due_on: InputDate | None = None
    actions: list[ActionIn] = Field(default_factory=list, max_length=50)


class StatusIn(BaseModel):
    """A move to another status. `completed` needs `evidence` and every action done."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"status": "in_progress", "on": "2024-04-01"}]},
    )
    status: RecommendationStatus
    on: InputDate
    evidence: OptionalProse = None


class ActionCompletionIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"completed_on": "2024-04-10", "evidence": "Briefing held for 40 GPs."}]
        },
    )
    completed_on: InputDate
    evidence: Evidence  # type: ignore[valid-type]


class NationalAnswerIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"answer": "accepted", "answered_on": "2024-05-01"}]},
    )
    answer: NationalAnswer
    answered_on: InputDate
    response: OptionalProse = None


class ActionOut(BaseModel):
    id: uuid.UUID
    number: int
    description: str
    owner_agency: str
    due_on: date
    completed_on: date | None
    evidence: str | None
    overdue: bool


class NationalAnswerOut(BaseModel):
    answer: NationalAnswer
    answered_on: date
    response: str | None


class RecommendationOut(BaseModel):
    id: uuid.UUID
    review_id: uuid.UUID
    number: int
    theme: str
    level: RecommendationLevel
    national_body: str | None
    national_answer: NationalAnswerOut | None
    owner_agency: str
    text: str
    made_on: date
    due_on: date | None
    status: RecommendationStatus
    status_on: date
    evidence: str | None
    overdue: bool = Field(description="Past its due date, or an action past its own, not done")
    actions: list[ActionOut]


class RecommendationPage(Page[RecommendationOut]):
    pass
