"""What the fund's team sends to decide on bids and pay grants, and what callers get."""

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from csp_common.pagination import Page
from svd_fund.bids.schemas import BidStatus
from svd_fund.fields import InputDate, Money, PositiveMoney, Prose

DecisionCode = Literal["award", "reject", "waitlist"]
GrantStatus = Literal["offered", "active"]
TrancheStatus = Literal["held", "payable", "paid"]

CONDITIONS = [
    "A monitoring return each quarter of the project, by its due date.",
    "An end-of-project evaluation, by its due date.",
    "Each tranche after the first is paid once the return before it is approved.",
    "The grant and the project are published under the 360Giving data standard.",
]


class DecisionIn(BaseModel):
    """`award` (the amount applied for unless `amount` is less; paid in `tranches` that
    add up to it, by default two equal parts), `reject` or `waitlist`."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"decision": "award", "reasons": "Scored 4.2; meets priorities 2 and 3."}]
        },
    )
    decision: DecisionCode
    reasons: Prose
    amount: PositiveMoney | None = None
    tranches: list[PositiveMoney] | None = Field(default=None, min_length=1, max_length=12)

    @model_validator(mode="after")
    def _money_only_with_an_award(self) -> "DecisionIn":
        if self.decision != "award" and (self.amount is not None or self.tranches is not None):
            raise ValueError("amount and tranches go with an award only")
        return self


class TrancheOut(BaseModel):
    seq: int
    amount: Money
    status: TrancheStatus
    paid_on: date | None


class GrantOut(BaseModel):
    id: uuid.UUID
    bid_id: uuid.UUID
    round_id: uuid.UUID
    organisation_id: uuid.UUID
    amount: Money
    awarded_on: date
    starts_on: date
    ends_on: date
    status: GrantStatus
    accepted_on: date | None
    conditions: list[str] = Field(description="The grant agreement's conditions")
    tranches: list[TrancheOut]


class GrantPage(Page[GrantOut]):
    pass


class DecisionOut(BaseModel):
    bid_id: uuid.UUID
    decision: DecisionCode
    bid_status: BidStatus
    round_awarded_total: Money
    round_remaining: Money
    grant: GrantOut | None


class AcceptanceIn(BaseModel):
    """The organisation accepts the grant agreement and its conditions."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"accept_conditions": True, "accepted_on": "2024-04-02"}]},
    )
    accept_conditions: Literal[True]
    accepted_on: InputDate


class PaymentIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"tranche": 1, "paid_on": "2024-04-05"}]}
    )
    tranche: int = Field(ge=1, le=12)
    paid_on: InputDate
