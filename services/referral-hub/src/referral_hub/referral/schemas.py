"""Response bodies of the referrals API."""

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from referral_hub.domain.codes import MaracCriterion, RiskLevel, RouteStatus


class RiskOut(BaseModel):
    score: int = Field(description="Number of yes answers out of 24", examples=[14])
    level: RiskLevel = Field(description="Band after professional judgement")
    actuarial_level: RiskLevel = Field(description="Band from the score alone")
    marac_criteria: list[MaracCriterion] = Field(description="MARAC criteria met")


class RouteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    provider: str = Field(examples=["idas"])
    service: str | None = Field(description="null for MARAC", examples=["idas_community_support"])
    status: RouteStatus
    reasons: list[str] = Field(description="Why the rules chose this route")
    routed_at: datetime
    decline_reason: str | None = None
    outcome_codes: list[str] = []


class PersonOut(BaseModel):
    id: uuid.UUID
    given_name: str
    family_name: str
    date_of_birth: date | None
    gender: str | None
    postcode: str | None


class VictimOut(PersonOut):
    ethnicity: str
    disability: bool | None
    lgbt: bool | None
    age_band: str
    safe_contact: str | None


class ReferralOut(BaseModel):
    """A referral, as its referrer, its providers and its area's coordinators see it."""

    id: uuid.UUID
    status: str
    version: int
    area: str
    marac_area: str
    referring_agency: str
    source_reference: str | None
    incident_date: date
    received_at: datetime
    victim: VictimOut
    perpetrator: PersonOut | None
    relationship: str
    children_in_household: int
    dash_answers: dict[str, str]
    incidents_last_12_months: int
    professional_judgement: dict[str, object]
    consent: dict[str, str]
    services_requested: list[str]
    risk: RiskOut
    marac_referral: bool
    repeat: bool = Field(description="A repeat MARAC referral of the same victim and perpetrator")
    routes: list[RouteOut]


class ReferralSummary(BaseModel):
    """A referral in a list: no names or contact details."""

    id: uuid.UUID
    status: str
    area: str
    referring_agency: str
    incident_date: date
    received_at: datetime
    victim_id: uuid.UUID
    perpetrator_id: uuid.UUID | None
    score: int
    level: RiskLevel
    marac_referral: bool
    repeat: bool


class ReferralPage(BaseModel):
    items: list[ReferralSummary]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end"
    )
