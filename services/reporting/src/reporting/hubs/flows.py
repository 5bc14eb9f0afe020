"""Community safety hub events to facts: one row per thing that happened, keyed by its
own id, so a redelivered event (or one published again) writes the same row."""

from collections.abc import Iterator

from csp_common.contracts.hubs import (
    CaseClosed,
    CaseOpened,
    IncidentLogged,
    InterventionBreached,
    InterventionIssued,
    ReviewHeld,
    RiskAssessed,
    ThresholdDecided,
    TriggerApplicationReceived,
)
from reporting.hubs.models import (
    CaseReview,
    HubBreach,
    HubCase,
    HubClosure,
    HubIncident,
    HubIntervention,
    HubRiskAssessment,
    ThresholdDecision,
    TriggerApplication,
)
from reporting.projection import Projecting, projects
from reporting.read_models import Fact


@projects(CaseOpened)
def case_opened(p: CaseOpened, ctx: Projecting) -> Iterator[Fact]:
    # The place's and the people's ids stay out: the flags are what the figures count.
    yield Fact(
        HubCase,
        {
            "case_id": p.case_id,
            "hub": p.hub,
            "kind": p.kind,
            "reporting_agency": p.reporting_agency,
            "repeat_location": p.repeat_location,
            "repeat_victim": p.repeat_victim,
            "source": p.source,
            "reported_on": p.reported_on,
            "opened_on": p.opened_on,
            "event_time": ctx.event_time,
        },
    )


@projects(IncidentLogged)
def incident_logged(p: IncidentLogged, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        HubIncident,
        {
            "incident_id": p.incident_id,
            "case_id": p.case_id,
            "hub": p.hub,
            "kind": p.kind,
            "reporting_agency": p.reporting_agency,
            "occurred_on": p.occurred_on,
            "event_time": ctx.event_time,
        },
    )


@projects(RiskAssessed)
def risk_assessed(p: RiskAssessed, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        HubRiskAssessment,
        {
            "assessment_id": p.assessment_id,
            "case_id": p.case_id,
            "hub": p.hub,
            "sequence": p.sequence,
            "level": p.level,
            "domestic_abuse_indicated": p.domestic_abuse_indicated,
            "assessed_on": p.assessed_on,
            "event_time": ctx.event_time,
        },
    )


@projects(InterventionIssued)
def intervention_issued(p: InterventionIssued, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        HubIntervention,
        {
            "intervention_id": p.intervention_id,
            "case_id": p.case_id,
            "hub": p.hub,
            "kind": p.kind,
            "step": p.step,
            "target": p.target,
            "issuing_agency": p.issuing_agency,
            "issued_on": p.issued_on,
            "event_time": ctx.event_time,
        },
    )


@projects(InterventionBreached)
def intervention_breached(p: InterventionBreached, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        HubBreach,
        {
            "breach_id": p.breach_id,
            "intervention_id": p.intervention_id,
            "case_id": p.case_id,
            "hub": p.hub,
            "kind": p.kind,
            "breached_on": p.breached_on,
            "event_time": ctx.event_time,
        },
    )


@projects(CaseClosed)
def case_closed(p: CaseClosed, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        HubClosure,
        {
            "case_id": p.case_id,
            "hub": p.hub,
            "kind": p.kind,
            "outcome": p.outcome,
            "opened_on": p.opened_on,
            "closed_on": p.closed_on,
            "event_time": ctx.event_time,
        },
    )


@projects(TriggerApplicationReceived)
def trigger_application(p: TriggerApplicationReceived, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        TriggerApplication,
        {
            "application_id": p.application_id,
            "hub": p.hub,
            "applicant": p.applicant,
            "received_on": p.received_on,
            "event_time": ctx.event_time,
        },
    )


@projects(ThresholdDecided)
def threshold_decided(p: ThresholdDecided, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        ThresholdDecision,
        {
            "application_id": p.application_id,
            "hub": p.hub,
            "met": p.met,
            "qualifying_complaints": p.qualifying_complaints,
            "threshold": p.threshold,
            "on_time": p.on_time,
            "received_on": p.received_on,
            "decided_on": p.decided_on,
            "event_time": ctx.event_time,
        },
    )


@projects(ReviewHeld)
def review_held(p: ReviewHeld, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        CaseReview,
        {
            "review_id": p.review_id,
            "application_id": p.application_id,
            "hub": p.hub,
            "on_time": p.on_time,
            "recommendations": p.recommendations,
            "held_on": p.held_on,
            "event_time": ctx.event_time,
        },
    )
