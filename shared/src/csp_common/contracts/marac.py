"""Events marac publishes on `csp.marac`: MARAC cases, meetings, actions, attendance,
escalations, and MATAC nominations, scores and interventions.

Ids, codes, dates, areas, age bands and the SafeLives equality categories only.
"""

import uuid
from datetime import date
from typing import Literal

from pydantic import Field

from csp_common.contracts.equality import AgeBand
from csp_common.contracts.referrals import Equality, ReferrerKind
from csp_common.events import Code, EventPayload, Topic

MARAC = Topic(name="csp.marac", owner="marac")

AttendanceStatus = Literal["present", "apologies", "information_only", "absent"]
MeetingKind = Literal["marac", "matac"]
CaseSource = Literal["referral-hub", "direct", "import"]
InterventionKind = Literal["support", "prevention", "diversion", "disruption", "enforcement"]


class CaseReferred(Equality):
    type = "csp.marac.case_referred.v1"
    topic = MARAC
    case_id: uuid.UUID
    referral_id: uuid.UUID | None = None
    marac_area: Code
    repeat: bool
    source: CaseSource
    referring_agency: Code
    referrer_kind: ReferrerKind
    children_in_household: int = Field(ge=0)
    referred_on: date


class CaseListed(EventPayload):
    type = "csp.marac.case_listed.v1"
    topic = MARAC
    case_id: uuid.UUID
    meeting_id: uuid.UUID
    marac_area: Code
    meeting_date: date
    urgent: bool = False


class CaseHeard(Equality):
    """A case discussed at a meeting: what the SafeLives quarterly return counts."""

    type = "csp.marac.case_heard.v1"
    topic = MARAC
    case_id: uuid.UUID
    meeting_id: uuid.UUID
    marac_area: Code
    heard_on: date
    repeat: bool
    referring_agency: Code
    referrer_kind: ReferrerKind
    children_in_household: int = Field(ge=0)


class CaseTransferred(EventPayload):
    type = "csp.marac.case_transferred.v1"
    topic = MARAC
    case_id: uuid.UUID
    from_marac_area: Code
    to_marac_area: Code
    transferred_on: date


class CaseClosed(EventPayload):
    type = "csp.marac.case_closed.v1"
    topic = MARAC
    case_id: uuid.UUID
    marac_area: Code
    closed_on: date


class ActionCreated(EventPayload):
    type = "csp.marac.action_created.v1"
    topic = MARAC
    action_id: uuid.UUID
    case_id: uuid.UUID
    meeting_id: uuid.UUID
    marac_area: Code
    owner_agency: Code
    due_on: date


class ActionCompleted(EventPayload):
    type = "csp.marac.action_completed.v1"
    topic = MARAC
    action_id: uuid.UUID
    case_id: uuid.UUID
    marac_area: Code
    owner_agency: Code
    completed_on: date
    outcome: Literal["completed", "circumstances_changed", "agency_did_not_act"]


class AttendanceRecorded(EventPayload):
    type = "csp.marac.attendance_recorded.v1"
    topic = MARAC
    meeting_id: uuid.UUID
    meeting_kind: MeetingKind
    marac_area: Code
    meeting_date: date
    agency: Code
    status: AttendanceStatus


class EscalationRaised(EventPayload):
    type = "csp.marac.escalation_raised.v1"
    topic = MARAC
    escalation_id: uuid.UUID
    marac_area: Code
    agency: Code
    missed: int = Field(ge=0)
    of_meetings: int = Field(ge=1)
    raised_on: date


class MatacNominated(EventPayload):
    type = "csp.marac.matac_nominated.v1"
    topic = MARAC
    nomination_id: uuid.UUID
    subject_id: uuid.UUID
    marac_area: Code
    nominated_on: date
    source: Code
    serial_perpetrator: bool
    subject_age_band: AgeBand


class MatacScored(EventPayload):
    type = "csp.marac.matac_scored.v1"
    topic = MARAC
    nomination_id: uuid.UUID
    subject_id: uuid.UUID
    marac_area: Code
    stage: Literal["entry", "review", "exit"]
    score: float = Field(ge=0)
    scored_on: date


class MatacIntervention(EventPayload):
    type = "csp.marac.matac_intervention.v1"
    topic = MARAC
    intervention_id: uuid.UUID
    nomination_id: uuid.UUID
    marac_area: Code
    kind: InterventionKind
    provider: Code | None = None
    programme: Code | None = None
    started_on: date
