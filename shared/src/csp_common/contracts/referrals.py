"""Events referral-hub publishes on `csp.referrals`.

Ids, codes, dates, areas, age bands and the equality categories national returns count;
never a name, a date of birth, an address, a contact detail or free text.
"""

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field

from csp_common.contracts.equality import AgeBand, Ethnicity, Gender
from csp_common.events import Code, EventPayload, Topic

REFERRALS = Topic(name="csp.referrals", owner="referral-hub")

RiskLevel = Literal["standard", "medium", "high"]
MaracCriterion = Literal[
    "visible_high_risk", "professional_judgement", "potential_escalation", "repeat"
]
RouteStatus = Literal["sent", "accepted", "declined", "contacted", "engaged", "closed"]
ReferrerKind = Literal["police", "partner"]
Channel = Literal["api", "import"]
ProviderCode = Annotated[
    Code,
    Field(
        description="A commissioned provider: an agency listed under `providers` in the "
        "partnership's file, or `marac` for a route to MARAC. Not an enum: the allowed values "
        "are the partnership's, and the service that publishes the event checks them"
    ),
]
ServiceCode = Annotated[
    Code,
    Field(
        description="A commissioned service: a code under `providers[].services[]` in the "
        "partnership's file, or `marac` for a route to MARAC. Not an enum: the allowed values "
        "are the partnership's, and the service that publishes the event checks them"
    ),
]
HateStrand = Literal["race", "religion", "sexual_orientation", "disability", "transgender"]
ConsentStatus = Literal["given", "refused", "not_sought", "withdrawn", "overridden"]
"""Where the victim's consent to share the referral stands: `overridden` is sharing
without it, on another lawful basis, authorised and with a reason (kept by referral-hub)."""
LawfulBasis = Literal[
    "consent", "vital_interests", "public_task", "legal_obligation", "legitimate_interests"
]


class Equality(EventPayload):
    """The equality categories of the victim that the SafeLives return counts."""

    victim_age_band: AgeBand
    victim_gender: Gender
    victim_ethnicity: Ethnicity
    victim_disability: bool | None = None
    victim_lgbt: bool | None = None
    perpetrator_age_band: AgeBand | None = None
    perpetrator_gender: Gender | None = None


class ReferralReceived(Equality):
    type = "csp.referral.received.v1"
    topic = REFERRALS
    referral_id: uuid.UUID
    victim_id: uuid.UUID
    perpetrator_id: uuid.UUID | None = None
    area: Code
    referring_agency: Code
    referrer_kind: ReferrerKind
    relationship: Code
    incident_date: date
    received_on: date
    children_in_household: int = Field(ge=0)
    channel: Channel = "api"


class RiskAssessed(EventPayload):
    type = "csp.referral.risk_assessed.v1"
    topic = REFERRALS
    referral_id: uuid.UUID
    area: Code
    score: int = Field(ge=0, le=24)
    level: RiskLevel
    criteria: list[MaracCriterion]
    marac_referral: bool
    assessed_on: date


class ReferralRouted(EventPayload):
    type = "csp.referral.routed.v1"
    topic = REFERRALS
    referral_id: uuid.UUID
    route_id: uuid.UUID
    area: Code
    provider: ProviderCode
    service: ServiceCode
    routed_at: datetime


class MaracReferralMade(Equality):
    type = "csp.referral.marac_referral_made.v1"
    topic = REFERRALS
    referral_id: uuid.UUID
    victim_id: uuid.UUID
    perpetrator_id: uuid.UUID | None = None
    area: Code
    marac_area: Code
    referring_agency: Code
    referrer_kind: ReferrerKind
    criteria: list[MaracCriterion]
    repeat: bool
    score: int = Field(ge=0, le=24)
    level: RiskLevel
    children_in_household: int = Field(ge=0)
    referred_on: date
    # Absent from events published before consent travelled with the referral.
    consent_status: ConsentStatus | None = None
    lawful_basis: LawfulBasis | None = None


class ProviderStatusChanged(EventPayload):
    type = "csp.referral.provider_status_changed.v1"
    topic = REFERRALS
    referral_id: uuid.UUID
    route_id: uuid.UUID
    area: Code
    provider: ProviderCode
    service: ServiceCode
    previous_status: RouteStatus
    status: RouteStatus
    decline_reason: Code | None = None
    outcome_codes: list[Code] = []
    routed_at: datetime
    occurred_at: datetime


class ReferralStatusChanged(EventPayload):
    type = "csp.referral.status_changed.v1"
    topic = REFERRALS
    referral_id: uuid.UUID
    area: Code
    previous_status: Code
    status: Code
    changed_at: datetime


class ConsentChanged(EventPayload):
    """The victim's consent or the lawful basis of sharing a referral changed.

    `sharing_stopped`: consent was the basis and it is no longer given, so nothing more
    is shared on it (referral-hub cancels webhooks not yet delivered)."""

    type = "csp.referral.consent_changed.v1"
    topic = REFERRALS
    referral_id: uuid.UUID
    area: Code
    previous_status: ConsentStatus
    status: ConsentStatus
    previous_lawful_basis: LawfulBasis
    lawful_basis: LawfulBasis
    sharing_stopped: bool
    changed_at: datetime


class HateIncidentReported(EventPayload):
    type = "csp.referral.hate_incident_reported.v1"
    topic = REFERRALS
    report_id: uuid.UUID
    kind: Literal["crime", "non_crime_incident"]
    strands: list[HateStrand] = Field(min_length=1)
    occurred_at: datetime
    area: Code
    victim_police_officer_on_duty: bool
    reporting_channel: Code
    channel: Channel = "api"


class PersonsMerged(EventPayload):
    type = "csp.referral.persons_merged.v1"
    topic = REFERRALS
    surviving_person_id: uuid.UUID
    merged_person_id: uuid.UUID
    merged_at: datetime


class PersonSplit(EventPayload):
    """Some referrals of a person turned out to be about someone else: they move to a new id."""

    type = "csp.referral.person_split.v1"
    topic = REFERRALS
    person_id: uuid.UUID
    new_person_id: uuid.UUID
    referral_ids: list[uuid.UUID] = Field(min_length=1)
    split_at: datetime
