"""What organisations report in monitoring returns, and what the fund's team decides."""

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from csp_common.contracts.equality import AgeBand
from csp_common.pagination import Page
from svd_fund.bids.rules import OutputMeasure
from svd_fund.fields import Code, OneLine, OptionalProse, Prose

ReturnKind = Literal["quarterly", "evaluation"]
ReturnStatus = Literal["due", "submitted", "approved", "returned"]


class OutputCount(BaseModel):
    """A count in the period: participants by age band, sessions, weapons surrendered..."""

    model_config = ConfigDict(extra="forbid")
    measure: OutputMeasure
    age_band: AgeBand | None = Field(default=None, description="For participants")
    count: int = Field(ge=0, le=10_000_000)


class OutcomeProgress(BaseModel):
    model_config = ConfigDict(extra="forbid")
    priority: Code
    measure: OneLine
    progress: Prose


class ReturnIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "outputs": [
                        {"measure": "sessions", "count": 10},
                        {"measure": "participants", "age_band": "under_16", "count": 140},
                    ],
                    "outcomes": [
                        {
                            "priority": "weapons",
                            "measure": "Pupils who say carrying a knife makes them less safe",
                            "progress": "78% after the first ten workshops.",
                        }
                    ],
                    "summary": "Ten workshops in four schools.",
                }
            ]
        },
    )
    outputs: list[OutputCount] = Field(min_length=1, max_length=50)
    outcomes: list[OutcomeProgress] = Field(default_factory=list, max_length=30)
    summary: Prose


class ReturnDecisionIn(BaseModel):
    """`approve`, or `return` it to the organisation with the reasons to address."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"decision": "approve"}]}
    )
    decision: Literal["approve", "return"]
    reasons: OptionalProse = None

    @model_validator(mode="after")
    def _reasons_to_return(self) -> "ReturnDecisionIn":
        if self.decision == "return" and self.reasons is None:
            raise ValueError("say what the organisation must address (reasons)")
        return self


class ReturnOut(BaseModel):
    id: uuid.UUID
    grant_id: uuid.UUID
    seq: int
    kind: ReturnKind
    period_start: date
    period_end: date
    due_on: date = Field(description="Fixed when the grant agreement was accepted")
    status: ReturnStatus
    overdue: bool
    late: bool = Field(description="Submitted (or still not submitted) after its due date")
    submitted_on: date | None
    decided_on: date | None
    decision_reasons: str | None
    outputs: list[OutputCount]
    outcomes: list[OutcomeProgress]
    summary: str | None


class ReturnPage(Page[ReturnOut]):
    pass
