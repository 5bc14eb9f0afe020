"""Cases as callers send and read them, and a new case as marac stores it."""

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from csp_common.contracts.equality import AgeBand, Ethnicity, Gender
from csp_common.contracts.referrals import (
    ConsentStatus,
    LawfulBasis,
    MaracCriterion,
    ReferrerKind,
)
from csp_common.fields import StrictInt
from marac.fields import AreaCode, DashScore, InputDate

CaseStatus = Literal["referred", "listed", "heard", "actions_complete", "closed"]


CASE_STATUSES: tuple[str, ...] = ("referred", "listed", "heard", "actions_complete", "closed")


class CaseOut(BaseModel):
    """A MARAC case as other parts of the platform read it (`GET /v1/cases`)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0b8c7d1e-3f4a-4b5c-8d9e-0f1a2b3c4d5e",
                    "referral_id": "6a1f8c2e-9b7d-4e3a-8f5c-1d2e3f4a5b6c",
                    "area": "scarborough-ryedale",
                    "hub_area": "scarborough",
                    "status": "listed",
                    "repeat": False,
                    "urgent": False,
                    "referred_on": "2026-11-20",
                    "consent_status": "given",
                    "lawful_basis": "consent",
                    "meeting_id": "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                    "meeting_date": "2026-12-01",
                }
            ]
        }
    )

    id: str
    referral_id: str | None
    area: str = Field(description="The MARAC area that hears the case")
    hub_area: str | None = Field(description="The community safety hub area of the referral")
    status: CaseStatus
    repeat: bool
    urgent: bool
    source: str
    referring_agency: str
    referrer_kind: str
    criteria: list[str]
    score: int | None
    children_in_household: int
    victim_id: str
    perpetrator_id: str | None
    referred_on: date
    consent_status: ConsentStatus | None = Field(
        description="The victim's consent to share, as referral-hub holds it now (given, "
        "refused, not_sought, withdrawn, overridden); null when not known (a direct or "
        "imported case)"
    )
    lawful_basis: LawfulBasis | None = Field(
        description="The lawful basis of sharing the referral, as referral-hub holds it now"
    )
    meeting_id: str | None
    meeting_date: date | None = None
    heard_on: date | None
    closed_on: date | None


class DirectReferralIn(BaseModel):
    """A referral to MARAC made directly by an agency (not through referral-hub)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "area": "scarborough",
                    "victim_id": "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c",
                    "perpetrator_id": "7e6d5c4b-3a2f-4e1d-9c8b-7a6f5e4d3c2b",
                    "referred_on": "2026-11-20",
                    "criteria": ["professional_judgement"],
                    "score": 12,
                    "children_in_household": 1,
                    "victim_age_band": "25_34",
                    "victim_gender": "female",
                    "victim_ethnicity": "white",
                    "urgent": False,
                }
            ]
        },
    )

    area: AreaCode = Field(description="Community safety hub area, or a MARAC area code")
    referral_id: uuid.UUID | None = Field(default=None, description="referral-hub's id, if any")
    victim_id: uuid.UUID = Field(description="The victim's person id in referral-hub")
    perpetrator_id: uuid.UUID | None = None
    referred_on: InputDate
    criteria: list[MaracCriterion] = Field(min_length=1, max_length=4)
    score: DashScore | None = Field(default=None, description="DASH score, if known")
    children_in_household: StrictInt = Field(ge=0, le=30)
    victim_age_band: AgeBand
    victim_gender: Gender
    victim_ethnicity: Ethnicity
    victim_disability: bool | None = None
    victim_lgbt: bool | None = None
    perpetrator_age_band: AgeBand | None = None
    perpetrator_gender: Gender | None = None
    urgent: bool = Field(default=False, description="List at the earliest meeting, first")


class TransferIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"to_area": "york", "transferred_on": "2026-11-25"}]},
    )
    to_area: AreaCode = Field(description="The MARAC area the victim moved to")
    transferred_on: InputDate | None = Field(default=None, description="Defaults to today")


class CloseIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"closed_on": "2026-11-25"}]}
    )
    closed_on: InputDate | None = Field(default=None, description="Defaults to today")


class NewCase(BaseModel):
    """A case about to be created, whatever its origin (event, direct referral, import)."""

    referral_id: str | None = None
    source_reference: str | None = None
    source: Literal["referral-hub", "direct", "import"]
    victim_id: str
    perpetrator_id: str | None
    area: str | None
    marac_area: str
    repeat_hint: bool = False
    urgent: bool = False
    referring_agency: str
    referrer_kind: ReferrerKind
    criteria: list[str]
    score: int | None = None
    children_in_household: int
    victim_age_band: str
    victim_gender: str
    victim_ethnicity: str
    victim_disability: bool | None = None
    victim_lgbt: bool | None = None
    perpetrator_age_band: str | None = None
    perpetrator_gender: str | None = None
    referred_on: date
    consent_status: str | None = None
    lawful_basis: str | None = None
    closed_on: date | None = None
