"""Bodies of a case's problem-solving plan (SARA) and its actions."""

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from csp_common.fields import LongText, StrictDate, text
from referral_hub.fields import DateNotInFuture, InputModel
from referral_hub.hubs.fields import AgencyCode

Stage = Literal["scanning", "analysis", "response", "assessment"]


class PlanIn(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "stage": "response",
                    "scanning": "Repeated noise and intimidation at the flats since January.",
                    "analysis": "Evenings; two subjects; victim elderly and alone.",
                    "response": "Warning letters, housing visit, patrols.",
                    "next_review_on": "2023-04-14",
                }
            ]
        }
    )

    stage: Stage = Field(description="Where the SARA cycle is")
    scanning: LongText = None
    analysis: LongText = None
    response: LongText = None
    assessment: LongText = None
    next_review_on: StrictDate | None = Field(default=None, description="When it is reviewed")


class PlanOut(BaseModel):
    stage: Stage
    scanning: str | None
    analysis: str | None
    response: str | None
    assessment: str | None
    next_review_on: date | None
    version: int
    updated_at: datetime
    actions: list["ActionOut"]


class ActionIn(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "owner_agency": "north-yorkshire-council",
                    "action": "Housing officer visits the subject",
                    "due_on": "2023-03-20",
                }
            ]
        }
    )

    owner_agency: AgencyCode = Field(examples=["north-yorkshire-council"])
    action: text(500) = Field(examples=["Housing officer visits the subject"])
    due_on: StrictDate


class ActionCompletionIn(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"completed_on": "2023-03-18"}]})

    completed_on: DateNotInFuture


class ActionOut(BaseModel):
    id: uuid.UUID
    owner_agency: str
    action: str
    due_on: date
    completed_on: date | None


PlanOut.model_rebuild()
