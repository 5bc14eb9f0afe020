"""What fund managers send for a round, and what callers get back."""

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from csp_common.pagination import Page
from svd_fund.fields import Code, LocalDatetime, Money, PositiveMoney, Title
from svd_fund.rounds.rules import (
    DEFAULT_ASSESSORS,
    DEFAULT_SPREAD,
    Criterion,
    EligibilityQuestion,
    default_criteria,
    default_questions,
)

RoundStatus = Literal["upcoming", "open", "closed"]


def _distinct(values: list, what: str) -> list:
    keys = [getattr(value, "code", value) for value in values]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{what} must not repeat a code")
    return values


class RoundIn(BaseModel):
    """A round. Times without a UTC offset are Europe/London times (GMT or BST, whichever
    is in force on that day). Priorities and activity types default to every one of the
    response strategy's; the grant cap to the fund's (£40,000, or the budget if less)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Prevention and Early Identification Fund 2023/24",
                    "budget": "250000.00",
                    "opens_at": "2023-10-02T09:00:00",
                    "closes_at": "2024-03-31T12:00:00",
                }
            ]
        },
    )

    name: Title
    budget: PositiveMoney
    grant_cap: PositiveMoney | None = None
    opens_at: LocalDatetime
    closes_at: LocalDatetime
    priorities: list[Code] | None = Field(default=None, min_length=1, max_length=20)
    activity_types: list[Code] | None = Field(default=None, min_length=1, max_length=40)
    eligibility_questions: list[EligibilityQuestion] = Field(
        default_factory=default_questions, max_length=30
    )
    criteria: list[Criterion] = Field(default_factory=default_criteria, min_length=1, max_length=20)
    assessors_per_bid: int = Field(default=DEFAULT_ASSESSORS, ge=1, le=5)
    moderation_spread: Decimal = Field(
        default=DEFAULT_SPREAD,
        ge=0,
        le=5,
        max_digits=3,
        decimal_places=2,
        allow_inf_nan=False,
        json_schema_extra={
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 5},
                {"type": "string", "pattern": r"^\d(\.\d{1,2})?$", "maxLength": 4},
            ]
        },
    )

    @field_validator("priorities", "activity_types")
    @classmethod
    def _distinct_codes(cls, codes: list[str] | None) -> list[str] | None:
        return None if codes is None else _distinct(codes, "the list")

    @field_validator("eligibility_questions")
    @classmethod
    def _distinct_questions(cls, questions: list[EligibilityQuestion]) -> list:
        return _distinct(questions, "eligibility_questions")

    @field_validator("criteria")
    @classmethod
    def _weights(cls, criteria: list[Criterion]) -> list[Criterion]:
        _distinct(criteria, "criteria")
        if sum(criterion.weight for criterion in criteria) != 100:
            raise ValueError("the criteria's weights must add up to 100")
        return criteria


class RoundOut(BaseModel):
    id: uuid.UUID
    name: str
    budget: Money
    grant_cap: Money
    awarded_total: Money
    remaining: Money
    opens_at: datetime = Field(description="Europe/London time, with its offset")
    closes_at: datetime = Field(description="Europe/London time, with its offset")
    status: RoundStatus
    priorities: list[str]
    activity_types: list[str]
    eligibility_questions: list[EligibilityQuestion]
    criteria: list[Criterion]
    rubric: dict[int, str]
    assessors_per_bid: int
    moderation_spread: Decimal


class RoundPage(Page[RoundOut]):
    pass
