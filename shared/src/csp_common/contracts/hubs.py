"""Events referral-hub publishes on `csp.hubs`: community safety hub cases (anti-social
behaviour, drugs, alcohol, reoffending, crime prevention) opened, their incidents
logged, their risk assessed, statutory interventions issued and breached, cases closed
with an outcome, and the ASB case review ("community trigger"): applications received,
thresholds decided and reviews held.

Ids, codes, dates, counts and the hub area only. A case's location and its people stay
in referral-hub: events carry the opaque ids of the place and of the people in the
person index (so repeat locations and victims can be counted), never an address, a name
or free text.
"""

import uuid
from datetime import date
from typing import Literal

from pydantic import Field

from csp_common.events import Code, EventPayload, Topic

HUBS = Topic(name="csp.hubs", owner="referral-hub")

# Reporting keeps these numbers in 32-bit columns; no real case comes near the bound.
MAX_COUNT = 1_000_000

RiskLevel = Literal["standard", "medium", "high"]
CaseSource = Literal["api", "import"]
InterventionTarget = Literal["person", "place"]
Applicant = Literal["victim", "on_behalf"]


class CaseOpened(EventPayload):
    """A problem reported to a hub became a case. `repeat_location` and `repeat_victim`
    say whether the hub already had a case about the same place or victim."""

    type = "csp.hubs.case_opened.v1"
    topic = HUBS
    case_id: uuid.UUID
    hub: Code
    kind: Code
    reporting_agency: Code
    location_id: uuid.UUID
    victim_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)
    subject_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)
    repeat_location: bool
    repeat_victim: bool
    reported_on: date
    opened_on: date
    source: CaseSource = "api"


class IncidentLogged(EventPayload):
    type = "csp.hubs.incident_logged.v1"
    topic = HUBS
    incident_id: uuid.UUID
    case_id: uuid.UUID
    hub: Code
    kind: Code
    reporting_agency: Code
    occurred_on: date
    logged_on: date


class RiskAssessed(EventPayload):
    """An ASB risk assessment of a case's victim; `sequence` counts re-assessments (1 is
    the first)."""

    type = "csp.hubs.risk_assessed.v1"
    topic = HUBS
    assessment_id: uuid.UUID
    case_id: uuid.UUID
    hub: Code
    sequence: int = Field(ge=1, le=MAX_COUNT)
    score: int = Field(ge=0, le=MAX_COUNT)
    level: RiskLevel
    domestic_abuse_indicated: bool
    assessed_on: date


class InterventionIssued(EventPayload):
    """A step of the statutory toolkit issued against a person or a place; `step` is its
    rung on the partnership's escalation ladder (1 is the first)."""

    type = "csp.hubs.intervention_issued.v1"
    topic = HUBS
    intervention_id: uuid.UUID
    case_id: uuid.UUID
    hub: Code
    kind: Code
    step: int = Field(ge=1, le=MAX_COUNT)
    target: InterventionTarget
    issuing_agency: Code
    issued_on: date
    expires_on: date | None = None


class InterventionBreached(EventPayload):
    type = "csp.hubs.intervention_breached.v1"
    topic = HUBS
    breach_id: uuid.UUID
    intervention_id: uuid.UUID
    case_id: uuid.UUID
    hub: Code
    kind: Code
    breach_number: int = Field(ge=1, le=MAX_COUNT)
    breached_on: date


class CaseClosed(EventPayload):
    type = "csp.hubs.case_closed.v1"
    topic = HUBS
    case_id: uuid.UUID
    hub: Code
    kind: Code
    outcome: Code
    opened_on: date
    closed_on: date


class TriggerApplicationReceived(EventPayload):
    """An ASB case review application, with the working-day deadlines it sets."""

    type = "csp.hubs.trigger_application_received.v1"
    topic = HUBS
    application_id: uuid.UUID
    hub: Code
    case_id: uuid.UUID | None = None
    applicant: Applicant
    received_on: date
    acknowledge_by: date
    decide_by: date


class ThresholdDecided(EventPayload):
    """Whether an application met the threshold: the qualifying complaints counted
    against the threshold in force."""

    type = "csp.hubs.threshold_decided.v1"
    topic = HUBS
    application_id: uuid.UUID
    hub: Code
    met: bool
    qualifying_complaints: int = Field(ge=0, le=MAX_COUNT)
    threshold: int = Field(ge=1, le=3)
    received_on: date
    decided_on: date
    on_time: bool
    review_by: date | None = None


class ReviewHeld(EventPayload):
    """An ASB case review meeting held, with how many recommendations it made."""

    type = "csp.hubs.review_held.v1"
    topic = HUBS
    review_id: uuid.UUID
    application_id: uuid.UUID
    hub: Code
    held_on: date
    on_time: bool
    recommendations: int = Field(ge=0, le=MAX_COUNT)
