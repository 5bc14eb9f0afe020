"""What applicants send for a bid, and what they get back."""

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator

from csp_common.contracts.equality import AgeBand
from csp_common.pagination import Page
from svd_fund.bids.rules import BudgetKind, OutputMeasure
from svd_fund.fields import (
    Code,
    InputDate,
    Money,
    OneLine,
    OptionalProse,
    OptionalTitle,
    PositiveMoney,
)

BidStatus = Literal[
    "draft",
    "submitted",
    "ineligible",
    "needs_moderation",
    "assessed",
    "awarded",
    "rejected",
    "waitlisted",
]


class BudgetLineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: BudgetKind
    item: OneLine
    amount: PositiveMoney


class OutputIn(BaseModel):
    """A count the project proposes (and later reports): participants by age band,
    sessions delivered, weapons surrendered at amnesties..."""

    model_config = ConfigDict(extra="forbid")
    measure: OutputMeasure
    age_band: AgeBand | None = Field(default=None, description="For participants")
    target: int = Field(ge=0, le=10_000_000)


class OutcomeIn(BaseModel):
    """A change the project aims at, under one of the priorities it addresses."""

    model_config = ConfigDict(extra="forbid")
    priority: Code
    measure: OneLine
    target: OneLine


class BidIn(BaseModel):
    """A draft: every field may be left out and filled in on a later visit; a submission
    needs them all (see `POST /v1/bids/{bid_id}/submission`)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "title": "Knife crime awareness in Scarborough schools",
                    "summary": "Workshops for years 8 and 9 on the consequences of carrying.",
                    "amount": "12000.00",
                    "budget_lines": [
                        {"kind": "labour", "item": "Youth workers", "amount": "9000.00"},
                        {"kind": "non_labour", "item": "Materials", "amount": "3000.00"},
                    ],
                    "priorities": ["children-young-people", "weapons"],
                    "activity_types": ["awareness-education-young-people"],
                    "areas": ["scarborough"],
                    "planned_start": "2024-04-01",
                    "planned_end": "2025-03-31",
                    "outputs": [{"measure": "sessions", "target": 40}],
                    "outcomes": [
                        {
                            "priority": "weapons",
                            "measure": "Pupils who say carrying a knife makes them less safe",
                            "target": "80% after the workshop",
                        }
                    ],
                    "answers": {"not-for-profit": True, "delivers-locally": True},
                }
            ]
        },
    )

    title: OptionalTitle = None
    summary: OptionalProse = None
    amount: PositiveMoney | None = None
    budget_lines: list[BudgetLineIn] = Field(default_factory=list, max_length=50)
    priorities: list[Code] = Field(default_factory=list, max_length=20)
    activity_types: list[Code] = Field(default_factory=list, max_length=40)
    areas: list[Code] = Field(default_factory=list, max_length=20)
    planned_start: InputDate | None = None
    planned_end: InputDate | None = None
    outputs: list[OutputIn] = Field(default_factory=list, max_length=30)
    outcomes: list[OutcomeIn] = Field(default_factory=list, max_length=30)
    answers: dict[Code, StrictBool] = Field(default_factory=dict, max_length=30)

    @field_validator("priorities", "activity_types", "areas")
    @classmethod
    def _distinct_codes(cls, codes: list[str]) -> list[str]:
        if len(set(codes)) != len(codes):
            raise ValueError("the list must not repeat a code")
        return codes


class BudgetLineOut(BaseModel):
    kind: BudgetKind
    item: str
    amount: Money


class EligibilityOut(BaseModel):
    eligible: bool
    reasons: list[str] = Field(description="Why the bid is not eligible, one per answer")
    decided: bool = Field(description="False while a draft: the answers so far, not a decision")


class BidOut(BaseModel):
    id: uuid.UUID
    round_id: uuid.UUID
    organisation_id: uuid.UUID
    status: BidStatus
    title: str | None
    summary: str | None
    amount: Money | None
    budget_lines: list[BudgetLineOut]
    budget_totals: dict[BudgetKind, Money]
    priorities: list[str]
    activity_types: list[str]
    areas: list[str]
    planned_start: InputDate | None
    planned_end: InputDate | None
    outputs: list[OutputIn]
    outcomes: list[OutcomeIn]
    answers: dict[str, bool]
    eligibility: EligibilityOut
    submitted_at: datetime | None
    created_at: datetime
    updated_at: datetime


class BidSummaryOut(BaseModel):
    """What a list shows of each bid."""

    id: uuid.UUID
    round_id: uuid.UUID
    organisation_id: uuid.UUID
    status: BidStatus
    title: str | None
    amount: Money | None
    submitted_at: datetime | None
    created_at: datetime


class BidSummaryPage(Page[BidSummaryOut]):
    pass
