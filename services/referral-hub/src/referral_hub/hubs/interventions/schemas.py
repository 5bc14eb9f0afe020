"""Bodies of interventions of the ASB toolkit and their breaches."""

import uuid
from datetime import date
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from csp_common.fields import StrictDate
from referral_hub.fields import DateNotInFuture, InputModel
from referral_hub.hubs.fields import KindCode


class InterventionIn(InputModel):
    """A tool issued against a person (`subject_id`: a subject of the case) or the case's
    place. The issuing agency is the token's `agency`."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "public_spaces_protection_order",
                    "issued_on": "2023-03-10",
                    "expires_on": "2026-03-09",
                }
            ]
        }
    )

    kind: KindCode = Field(examples=["community_protection_warning"])
    subject_id: uuid.UUID | None = Field(
        default=None, description="The person it is issued against (a subject of the case)"
    )
    issued_on: DateNotInFuture
    expires_on: StrictDate | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.expires_on is not None and self.expires_on < self.issued_on:
            raise ValueError("an intervention expires on or after the day it is issued")
        return self


class BreachIn(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"breached_on": "2023-04-01"}]})

    breached_on: DateNotInFuture


class BreachOut(BaseModel):
    id: uuid.UUID
    breach_number: int
    breached_on: date


class InterventionOut(BaseModel):
    id: uuid.UUID
    kind: str
    ladder: str
    step: int
    target: Literal["person", "place"]
    subject_id: uuid.UUID | None
    issuing_agency: str
    issued_on: date
    expires_on: date | None
    breaches: list[BreachOut] = Field(default_factory=list)
