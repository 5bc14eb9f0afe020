"""Bodies of the ASB case review ("community trigger")."""

import uuid
from datetime import date
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from csp_common.fields import text
from referral_hub.fields import DateNotInFuture, InputModel

Recommendation = text(1000)


class ApplicationIn(InputModel):
    """An application for an ASB case review about a hub case, by the victim or on their
    behalf. The complaints counted are the case's incidents (and its linked cases')."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "case_id": "0b1c1c9e-4f55-4d0c-9d1b-0f4d2c6a7e11",
                    "applicant": "victim",
                    "received_on": "2023-05-02",
                }
            ]
        }
    )

    case_id: uuid.UUID
    applicant: Literal["victim", "on_behalf"]
    received_on: DateNotInFuture


class AcknowledgementIn(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"acknowledged_on": "2023-05-03"}]})

    acknowledged_on: DateNotInFuture


class DecisionIn(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"decided_on": "2023-05-10"}]})

    decided_on: DateNotInFuture


class ReviewIn(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "held_on": "2023-06-01",
                    "recommendations": ["Council to install CCTV at the rear entrance"],
                    "responded_on": "2023-06-05",
                }
            ]
        }
    )

    held_on: DateNotInFuture
    recommendations: list[Recommendation] = Field(default_factory=list, max_length=30)
    responded_on: DateNotInFuture | None = Field(
        default=None, description="When the applicant was told the outcome"
    )

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.responded_on is not None and self.responded_on < self.held_on:
            raise ValueError("the applicant is answered on or after the review")
        return self


class AppealIn(InputModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"received_on": "2023-06-20", "outcome": "pending"}]}
    )

    received_on: DateNotInFuture
    outcome: Literal["pending", "upheld", "not_upheld"] = "pending"


class CaseReviewOut(BaseModel):
    id: uuid.UUID
    hub: str
    case_id: uuid.UUID
    applicant: str
    received_on: date
    acknowledge_by: date = Field(description="Working days from receipt (bank holidays skipped)")
    decide_by: date
    acknowledged_on: date | None
    decided_on: date | None
    threshold: int | None = Field(description="The threshold in force when decided")
    qualifying_complaints: int | None
    counted_incidents: list[uuid.UUID] | None = Field(
        description="The incidents that qualified as complaints"
    )
    met: bool | None
    review_by: date | None
    held_on: date | None
    recommendations: list[str] | None
    responded_on: date | None
    appeal_received_on: date | None
    appeal_outcome: str | None
    appeal_route: str = Field(
        description="Where an applicant unhappy with the review may ask for it to be "
        "looked at again"
    )


class CaseReviewFigures(BaseModel):
    """The figures the relevant bodies must publish, for a year of applications."""

    year: int
    applications: int
    threshold_not_met: int
    reviews_held: int
    reviews_with_recommendations: int
