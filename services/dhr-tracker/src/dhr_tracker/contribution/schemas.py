import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from csp_common.pagination import Page
from dhr_tracker.fields import Code, InputDate

ContributionKind = Literal["imr", "chronology"]
ContributionStatus = Literal["requested", "received", "accepted", "returned"]


class ContributionIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "agency": "health",
                    "kind": "imr",
                    "requested_on": "2024-03-01",
                    "due_on": "2024-04-12",
                }
            ]
        },
    )
    agency: Code
    kind: ContributionKind = "imr"
    requested_on: InputDate
    due_on: InputDate


class ReceiptIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"received_on": "2024-04-10"}]}
    )
    received_on: InputDate


class DecisionIn(BaseModel):
    """Accept what the agency sent, or return it for more (with a new due date)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"status": "accepted", "on": "2024-04-15"}]},
    )
    status: Literal["accepted", "returned"]
    on: InputDate
    due_on: InputDate | None = None


class ContributionOut(BaseModel):
    id: uuid.UUID
    review_id: uuid.UUID
    agency: str
    kind: ContributionKind
    requested_on: date
    due_on: date
    received_on: date | None
    status: ContributionStatus
    status_on: date
    overdue: bool


class ContributionPage(Page[ContributionOut]):
    pass
