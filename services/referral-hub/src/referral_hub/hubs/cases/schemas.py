"""The hub cases API's bodies: a case reported (its place, its people by role), an
incident, a link, a closure; and the case answered."""

import uuid
from datetime import date, datetime, time
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from csp_common.fields import Name, Reference, ShortText, StrictTime
from referral_hub.codes import Gender
from referral_hub.fields import DateNotInFuture, DateOfBirth, InputModel, Postcode
from referral_hub.hubs.fields import HubCode, KindCode, LinkReason, Role
from referral_hub.hubs.interventions.schemas import InterventionOut
from referral_hub.hubs.plans.schemas import PlanOut
from referral_hub.hubs.risk.schemas import AssessmentOut

CASE_EXAMPLE: dict[str, Any] = {
    "hub": "scarborough",
    "kind": "asb_personal",
    "reported_on": "2023-03-02",
    "location": {"kind": "address", "address_line": "12 Harbour Row", "postcode": "YO11 1AA"},
    "people": [
        {
            "role": "victim",
            "given_name": "Ann",
            "family_name": "Smith",
            "date_of_birth": "1961-04-12",
            "gender": "female",
        },
        {"role": "subject", "given_name": "Rob", "family_name": "Jones"},
    ],
    "source_reference": "SBC-ASB-2023-0142",
}


class LocationIn(InputModel):
    kind: Literal["place", "address"] = Field(
        description="A place (a park, a street, a shopping parade) or an address"
    )
    place: ShortText = Field(default=None, description="The place, for `place`")
    address_line: ShortText = Field(default=None, description="The address, for `address`")
    postcode: Postcode | None = Field(default=None, examples=["YO11 1AA"])

    @model_validator(mode="after")
    def _named(self) -> Self:
        if self.kind == "place" and not self.place:
            raise ValueError("a place needs `place`")
        if self.kind == "address" and not self.address_line:
            raise ValueError("an address needs `address_line`")
        return self


class PersonIn(InputModel):
    role: Role
    given_name: Name = Field(examples=["Ann"])
    family_name: Name = Field(examples=["Smith"])
    date_of_birth: DateOfBirth | None = Field(default=None, description="If known")
    gender: Gender | None = Field(default=None, examples=["female"])
    postcode: Postcode | None = Field(default=None, examples=["YO11 1AA"])


class HubCaseIn(InputModel):
    """Body of POST /v1/hub-cases. The reporting agency is the token's `agency`."""

    model_config = ConfigDict(json_schema_extra={"examples": [CASE_EXAMPLE]})

    hub: HubCode
    kind: KindCode
    reported_on: DateNotInFuture = Field(description="When the problem was reported")
    opened_on: DateNotInFuture | None = Field(
        default=None,
        description="When the hub opened the case (default: today), on or after reported_on",
    )
    location: LocationIn
    people: list[PersonIn] = Field(default_factory=list, max_length=20)
    source_reference: Reference | None = Field(
        default=None, description="The reporting agency's own reference"
    )

    @model_validator(mode="after")
    def _opened_after_reported(self) -> Self:
        if self.opened_on is not None and self.opened_on < self.reported_on:
            raise ValueError("a case opens on or after the day it was reported")
        return self


class IncidentIn(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"occurred_on": "2023-03-01", "occurred_at": "22:30", "kind": "asb_personal"}
            ]
        }
    )

    occurred_on: DateNotInFuture = Field(description="When the behaviour happened")
    occurred_at: StrictTime | None = Field(default=None, description="Time of day, if known")
    reported_on: DateNotInFuture | None = Field(
        default=None, description="When it was complained of (default: the day it is logged)"
    )
    kind: KindCode | None = Field(default=None, description="Default: the case's kind")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.reported_on is not None and self.reported_on < self.occurred_on:
            raise ValueError("an incident is reported on or after the day it happened")
        return self


class LinkIn(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"case_id": "0b1c1c9e-4f55-4d0c-9d1b-0f4d2c6a7e11", "reason": "same_place"}
            ]
        }
    )

    case_id: uuid.UUID = Field(description="The other case")
    reason: LinkReason


class ClosureIn(InputModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"outcome": "resolved", "closed_on": "2023-06-30"}]}
    )

    outcome: KindCode = Field(description="A closing outcome the partnership configures")
    closed_on: DateNotInFuture


class PersonOut(BaseModel):
    id: uuid.UUID
    role: Role
    given_name: str
    family_name: str
    date_of_birth: date | None
    gender: str | None
    postcode: str | None


class LocationOut(BaseModel):
    id: uuid.UUID
    kind: str
    place: str | None
    address_line: str | None
    postcode: str | None


class IncidentOut(BaseModel):
    id: uuid.UUID
    kind: str
    reporting_agency: str
    occurred_on: date
    occurred_at: time | None
    reported_on: date


class LinkOut(BaseModel):
    case_id: uuid.UUID
    reason: str


class HubCaseSummary(BaseModel):
    """A case in a list: ids, codes and dates, no names or places."""

    id: uuid.UUID
    hub: str
    kind: str
    status: Literal["open", "closed"]
    reporting_agency: str
    reported_on: date
    opened_on: date
    closed_on: date | None
    outcome: str | None
    risk_level: str | None = Field(description="The latest assessment's level, if any")


class HubCasePage(BaseModel):
    items: list[HubCaseSummary]
    total: int


class HubCaseOut(HubCaseSummary):
    source_reference: str | None
    location: LocationOut
    people: list[PersonOut]
    incidents: list[IncidentOut]
    links: list[LinkOut]
    referral_id: uuid.UUID | None = Field(
        description="The domestic abuse referral raised from this case, if any"
    )
    created_at: datetime
    assessments: list[AssessmentOut] = Field(description="Risk assessments, oldest first")
    plan: PlanOut | None = Field(description="The problem-solving plan, if one was made")
    interventions: list[InterventionOut]


class HubCaseCreated(BaseModel):
    id: uuid.UUID
    hub: str
    kind: str
    status: str
    location_id: uuid.UUID
    people: list[PersonOut]
    repeat_location: bool
    repeat_victim: bool
