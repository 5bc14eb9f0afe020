"""Commissioned services' quarterly performance returns, as referral-hub publishes them
on `csp.referrals`: what a provider reports of one of its services for a financial
quarter, as counts (never a person). A correction is a new version of the same return;
a consumer keeps the highest version of each provider, service and quarter."""

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from csp_common.contracts.referrals import REFERRALS, ProviderCode, ServiceCode
from csp_common.events import Code, EventPayload

OutcomeMeasure = Literal["risk_reduced", "feels_safer", "behaviour_change"]
"""Outcome measures the commissioned services report for cases closed in the quarter."""

QUARTER = r"^[0-9]{4}-[0-9]{2}-Q[1-4]$"


class OutcomeCount(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    measure: OutcomeMeasure
    count: int = Field(ge=0, description="Cases closed in the quarter with this outcome")


class ProviderReturnSubmitted(EventPayload):
    type = "csp.provider_return.submitted.v1"
    topic = REFERRALS
    return_id: uuid.UUID = Field(description="This version's id")
    provider: ProviderCode
    service: ServiceCode
    quarter: Code = Field(pattern=QUARTER, description="A financial quarter: 2023-24-Q3")
    quarter_start: date
    quarter_end: date
    version: int = Field(ge=1, description="1, then one more for each correction")
    referrals_received: int = Field(ge=0, description="From all sources, self-referrals too")
    self_referrals: int = Field(ge=0)
    caseload: int = Field(ge=0, description="Open cases at the end of the quarter")
    closures: int = Field(ge=0, description="Cases closed in the quarter")
    outcomes: list[OutcomeCount]
    waiting_at_end: int = Field(ge=0, description="Referrals awaiting first contact at its end")
    median_wait_days: float | None = Field(
        default=None, ge=0, description="Median days from referral to first contact"
    )
    submitted_on: date
