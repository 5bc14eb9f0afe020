import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ReferralRole(BaseModel):
    referral_id: uuid.UUID
    role: Literal["victim", "perpetrator"]


class PossibleDuplicate(BaseModel):
    person_id: uuid.UUID
    matched_on: list[str] = Field(
        description="Which weak keys they share: family_dob, initial_family_dob, "
        "given_family_postcode, given_dob_postcode"
    )


class PersonReview(BaseModel):
    id: uuid.UUID
    given_name: str
    family_name: str
    date_of_birth: date | None
    gender: str | None
    postcode: str | None
    merged_into: uuid.UUID | None
    referrals: list[ReferralRole]
    possible_duplicates: list[PossibleDuplicate]


class MergeIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"merge_person_id": "6c0b5d7e-1e39-4c57-9d53-5c6f0e2c2f01"}]
        },
    )

    merge_person_id: uuid.UUID = Field(description="The duplicate to fold into this person")


class SplitIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"referral_ids": ["0b9c6a52-3f1e-4d7a-9a0e-5c2f8b1d4e67"], "role": "victim"}
            ]
        },
    )

    referral_ids: list[uuid.UUID] = Field(
        min_length=1, max_length=500, description="Referrals that are about someone else"
    )
    role: Literal["victim", "perpetrator"] = Field(description="This person's role in them")


class SplitOut(BaseModel):
    person_id: uuid.UUID
    new_person_id: uuid.UUID


HistoryKind = Literal[
    "referral_received",
    "risk_assessed",
    "referral_routed",
    "provider_outcome",
    "referral_status_changed",
]
DetailValue = str | int | float
"""A code, a number, or a date written as ISO `YYYY-MM-DD`: never free text."""
SOURCE = "referral-hub"


class HistoryEntry(BaseModel):
    occurred_on: date
    occurred_at: datetime | None
    source: Literal["referral-hub"] = SOURCE
    kind: HistoryKind
    agency: str | None = Field(description="Who did it: the referring agency or the provider")
    record_id: uuid.UUID = Field(description="The referral or the route")
    role: Literal["victim", "perpetrator"] | None
    detail: dict[str, DetailValue] = Field(description="Codes, numbers and dates only")


class PersonHistory(BaseModel):
    person_id: uuid.UUID
    source: Literal["referral-hub"] = SOURCE
    entries: list[HistoryEntry] = Field(
        description="By occurred_on, then occurred_at, kind and record_id"
    )
