"""Factories of the `csp.marac` contract's events (marac publishes them)."""

import uuid
from datetime import date

from csp_common.contracts.marac import (
    ActionCompleted,
    ActionCreated,
    AttendanceRecorded,
    CaseHeard,
    CaseReferred,
    EscalationRaised,
    MatacIntervention,
    MatacNominated,
    MatacScored,
)


def case_heard(*, heard_on: date, marac_area: str = "york", **fields: object) -> CaseHeard:
    values: dict[str, object] = {
        "case_id": uuid.uuid4(),
        "meeting_id": uuid.uuid4(),
        "marac_area": marac_area,
        "heard_on": heard_on,
        "repeat": False,
        "referring_agency": "north-yorkshire-police",
        "referrer_kind": "police",
        "children_in_household": 0,
        "victim_age_band": "25_34",
        "victim_gender": "female",
        "victim_ethnicity": "white",
    }
    values.update(fields)
    return CaseHeard(**values)


def case_referred(*, referred_on: date, marac_area: str = "york", **fields: object) -> CaseReferred:
    values: dict[str, object] = {
        "case_id": uuid.uuid4(),
        "marac_area": marac_area,
        "repeat": False,
        "source": "referral-hub",
        "referring_agency": "north-yorkshire-police",
        "referrer_kind": "police",
        "children_in_household": 0,
        "referred_on": referred_on,
        "victim_age_band": "25_34",
        "victim_gender": "female",
        "victim_ethnicity": "white",
    }
    values.update(fields)
    return CaseReferred(**values)


def attendance(
    *,
    meeting_id: uuid.UUID,
    agency: str,
    status: str,
    meeting_date: date,
    marac_area: str = "york",
    meeting_kind: str = "marac",
) -> AttendanceRecorded:
    return AttendanceRecorded(
        meeting_id=meeting_id,
        meeting_kind=meeting_kind,
        marac_area=marac_area,
        meeting_date=meeting_date,
        agency=agency,
        status=status,
    )


def escalation(*, agency: str, raised_on: date, marac_area: str = "york") -> EscalationRaised:
    return EscalationRaised(
        escalation_id=uuid.uuid4(),
        marac_area=marac_area,
        agency=agency,
        missed=3,
        of_meetings=4,
        raised_on=raised_on,
    )


def action_created(*, due_on: date, owner_agency: str, marac_area: str = "york") -> ActionCreated:
    return ActionCreated(
        action_id=uuid.uuid4(),
        case_id=uuid.uuid4(),
        meeting_id=uuid.uuid4(),
        marac_area=marac_area,
        owner_agency=owner_agency,
        due_on=due_on,
    )


def action_completed(
    action: ActionCreated, *, completed_on: date, outcome: str = "completed"
) -> ActionCompleted:
    return ActionCompleted(
        action_id=action.action_id,
        case_id=action.case_id,
        marac_area=action.marac_area,
        owner_agency=action.owner_agency,
        completed_on=completed_on,
        outcome=outcome,
    )


def matac_nominated(
    *, nominated_on: date, marac_area: str = "york", serial: bool = True
) -> MatacNominated:
    return MatacNominated(
        nomination_id=uuid.uuid4(),
        subject_id=uuid.uuid4(),
        marac_area=marac_area,
        nominated_on=nominated_on,
        source="police",
        serial_perpetrator=serial,
        subject_age_band="25_34",
    )


def matac_scored(
    nomination: MatacNominated, *, stage: str, score: float, scored_on: date
) -> MatacScored:
    return MatacScored(
        nomination_id=nomination.nomination_id,
        subject_id=nomination.subject_id,
        marac_area=nomination.marac_area,
        stage=stage,
        score=score,
        scored_on=scored_on,
    )


def matac_intervention(
    nomination: MatacNominated, *, kind: str, started_on: date
) -> MatacIntervention:
    return MatacIntervention(
        intervention_id=uuid.uuid4(),
        nomination_id=nomination.nomination_id,
        marac_area=nomination.marac_area,
        kind=kind,
        provider=None,
        started_on=started_on,
    )
