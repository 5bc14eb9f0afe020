"""Factories of the `csp.hubs` contract's events (referral-hub publishes them)."""

import uuid
from datetime import date, timedelta

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


def hub_case_opened(*, opened_on: date, hub: str = "york", **fields: object) -> CaseOpened:
    values: dict[str, object] = {
        "case_id": uuid.uuid4(),
        "hub": hub,
        "kind": "asb_personal",
        "reporting_agency": "north-yorkshire-police",
        "location_id": uuid.uuid4(),
        "victim_ids": [uuid.uuid4()],
        "subject_ids": [],
        "repeat_location": False,
        "repeat_victim": False,
        "reported_on": opened_on,
        "opened_on": opened_on,
    }
    values.update(fields)
    return CaseOpened(**values)


def hub_incident_logged(
    *, case_id: uuid.UUID, occurred_on: date, hub: str = "york", **fields: object
) -> IncidentLogged:
    values: dict[str, object] = {
        "incident_id": uuid.uuid4(),
        "case_id": case_id,
        "hub": hub,
        "kind": "asb_personal",
        "reporting_agency": "north-yorkshire-police",
        "occurred_on": occurred_on,
        "logged_on": occurred_on,
    }
    values.update(fields)
    return IncidentLogged(**values)


def hub_risk_assessed(
    *, case_id: uuid.UUID, assessed_on: date, hub: str = "york", **fields: object
) -> RiskAssessed:
    values: dict[str, object] = {
        "assessment_id": uuid.uuid4(),
        "case_id": case_id,
        "hub": hub,
        "sequence": 1,
        "score": 4,
        "level": "standard",
        "domestic_abuse_indicated": False,
        "assessed_on": assessed_on,
    }
    values.update(fields)
    return RiskAssessed(**values)


def hub_intervention_issued(
    *, case_id: uuid.UUID, issued_on: date, hub: str = "york", **fields: object
) -> InterventionIssued:
    values: dict[str, object] = {
        "intervention_id": uuid.uuid4(),
        "case_id": case_id,
        "hub": hub,
        "kind": "warning_letter",
        "step": 1,
        "target": "person",
        "issuing_agency": "north-yorkshire-police",
        "issued_on": issued_on,
    }
    values.update(fields)
    return InterventionIssued(**values)


def hub_intervention_breached(
    *,
    intervention_id: uuid.UUID,
    case_id: uuid.UUID,
    breached_on: date,
    hub: str = "york",
    **fields: object,
) -> InterventionBreached:
    values: dict[str, object] = {
        "breach_id": uuid.uuid4(),
        "intervention_id": intervention_id,
        "case_id": case_id,
        "hub": hub,
        "kind": "community_protection_notice",
        "breach_number": 1,
        "breached_on": breached_on,
    }
    values.update(fields)
    return InterventionBreached(**values)


def hub_case_closed(
    *, case_id: uuid.UUID, closed_on: date, hub: str = "york", **fields: object
) -> CaseClosed:
    values: dict[str, object] = {
        "case_id": case_id,
        "hub": hub,
        "kind": "asb_personal",
        "outcome": "resolved",
        "opened_on": closed_on - timedelta(days=60),
        "closed_on": closed_on,
    }
    values.update(fields)
    return CaseClosed(**values)


def trigger_application_received(
    *, received_on: date, hub: str = "york", **fields: object
) -> TriggerApplicationReceived:
    values: dict[str, object] = {
        "application_id": uuid.uuid4(),
        "hub": hub,
        "applicant": "victim",
        "received_on": received_on,
        "acknowledge_by": received_on + timedelta(days=14),
        "decide_by": received_on + timedelta(days=21),
    }
    values.update(fields)
    return TriggerApplicationReceived(**values)


def threshold_decided(
    *, application_id: uuid.UUID, decided_on: date, hub: str = "york", **fields: object
) -> ThresholdDecided:
    values: dict[str, object] = {
        "application_id": application_id,
        "hub": hub,
        "met": True,
        "qualifying_complaints": 3,
        "threshold": 3,
        "received_on": decided_on - timedelta(days=14),
        "decided_on": decided_on,
        "on_time": True,
        "review_by": decided_on + timedelta(days=28),
    }
    values.update(fields)
    return ThresholdDecided(**values)


def review_held(
    *, application_id: uuid.UUID, held_on: date, hub: str = "york", **fields: object
) -> ReviewHeld:
    values: dict[str, object] = {
        "review_id": uuid.uuid4(),
        "application_id": application_id,
        "hub": hub,
        "held_on": held_on,
        "on_time": True,
        "recommendations": 2,
    }
    values.update(fields)
    return ReviewHeld(**values)
