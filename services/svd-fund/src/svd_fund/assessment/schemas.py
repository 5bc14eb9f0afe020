"""What assessors and the fund's team send and get in assessment."""

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from csp_common.pagination import Page
from svd_fund.fields import Code, OptionalProse, Prose

AssignmentStatus = Literal["assigned", "conflicted", "cleared", "scored"]
AssessorId = Field(
    min_length=1,
    max_length=200,
    pattern=r"^[A-Za-z0-9][A-Za-z0-9_.@:-]{0,199}$",
    description="The assessor's subject (the `sub` of their fund:assess token)",
)


class AssignmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"assessor": "a-1"}]})
    assessor: str = AssessorId


class DeclarationIn(BaseModel):
    """Declared before the bid is shown: a conflict of interest takes the assessor off it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"conflict": False}]})
    conflict: StrictBool
    reason: OptionalProse = Field(default=None, description="Required with a conflict")

    @model_validator(mode="after")
    def _reason_with_conflict(self) -> "DeclarationIn":
        if self.conflict and self.reason is None:
            raise ValueError("say what the conflict of interest is (reason)")
        return self


class ScoreIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    criterion: Code
    score: int = Field(ge=0, le=5, description="0 no response, 1 minimal, 2-3 clear, 4-5 detailed")
    comment: Prose


class ScoresIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "scores": [
                        {"criterion": "need", "score": 4, "comment": "Local data, well used."},
                        {"criterion": "delivery", "score": 3, "comment": "Partners named."},
                        {"criterion": "outcomes", "score": 3, "comment": "Measures stated."},
                        {"criterion": "value", "score": 2, "comment": "Costs unclear."},
                    ]
                }
            ]
        },
    )
    scores: list[ScoreIn] = Field(min_length=1, max_length=20)


class ModeratedScoreIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    criterion: Code
    score: int = Field(ge=0, le=5)
    reason: Prose


class ModerationIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "scores": [
                        {
                            "criterion": "outcomes",
                            "score": 3,
                            "reason": "Assessors agreed the measures are stated but not baselined.",
                        }
                    ]
                }
            ]
        },
    )
    scores: list[ModeratedScoreIn] = Field(min_length=1, max_length=20)


class AssignmentOut(BaseModel):
    id: uuid.UUID
    bid_id: uuid.UUID
    round_id: uuid.UUID
    assessor: str
    status: AssignmentStatus
    declared_at: datetime | None
    scored_at: datetime | None


class AssignmentPage(Page[AssignmentOut]):
    pass


class ScoreOut(BaseModel):
    criterion: str
    score: int
    comment: str


class AssessorScoresOut(BaseModel):
    assessor: str
    status: AssignmentStatus
    weighted_score: Decimal | None
    scores: list[ScoreOut]


class ModeratedScoreOut(BaseModel):
    criterion: str
    score: int
    reason: str


class AssessmentOut(BaseModel):
    """Every assessor's scores on a bid, their weighted scores and the spread; the panel's
    scores if it moderated. An assessor sees this only after submitting their own."""

    bid_id: uuid.UUID
    status: str
    assessors: list[AssessorScoresOut]
    average: Decimal | None = Field(description="Of the weighted scores submitted")
    spread: Decimal | None
    final_score: Decimal | None
    moderated: list[ModeratedScoreOut]
