"""The ASB case review from application to appeal: deadlines set in working days, the
threshold decided from the complaints the platform holds (the case's incidents and its
linked cases'), the review's recommendations, the applicant's answer. Never commits."""

import uuid
from datetime import date
from typing import Any

from csp_common import clock
from csp_common.contracts.hubs import ReviewHeld, ThresholdDecided, TriggerApplicationReceived
from csp_common.db import RowsInsert
from csp_common.errors import Problem
from csp_common.hub_configuration import CaseReviewRules
from csp_common.unit_of_work import Work
from referral_hub.hubs.cases.service import incidents_of
from referral_hub.hubs.trigger import rules, service
from referral_hub.hubs.trigger.models import case_review_table
from referral_hub.hubs.trigger.schemas import (
    AcknowledgementIn,
    AppealIn,
    ApplicationIn,
    DecisionIn,
    ReviewIn,
)
from referral_hub.problems import invalid_input


def receive(
    work: Work, *, case: Any, body: ApplicationIn, agency: str, rules_in_force: CaseReviewRules
) -> dict[str, Any]:
    deadlines = rules.deadlines(received_on=body.received_on, rules=rules_in_force)
    row: dict[str, Any] = {
        "id": uuid.uuid4(),
        "hub": case.hub,
        "case_id": case.id,
        "applicant": body.applicant,
        "received_on": body.received_on,
        "acknowledge_by": deadlines.acknowledge_by,
        "decide_by": deadlines.decide_by,
        "acknowledged_on": None,
        "decided_on": None,
        "threshold": None,
        "qualifying_complaints": None,
        "counted_incidents": None,
        "met": None,
        "review_by": None,
        "held_on": None,
        "recommendations": None,
        "responded_on": None,
        "appeal_received_on": None,
        "appeal_outcome": None,
        "receiving_agency": agency,
        "created_at": clock.now(),
    }
    work.add(RowsInsert(case_review_table, [row]))
    work.emit(
        TriggerApplicationReceived(
            application_id=row["id"],
            hub=case.hub,
            case_id=case.id,
            applicant=body.applicant,
            received_on=body.received_on,
            acknowledge_by=deadlines.acknowledge_by,
            decide_by=deadlines.decide_by,
        ),
        key=str(row["id"]),
    )
    work.audit(action="create", record_type="hub_case_review", record_ids=[str(row["id"])])
    return row


def _not_before(day: date, earliest: date, *, pointer: str, what: str) -> None:
    if day < earliest:
        raise invalid_input(
            pointer, f"{what} comes on or after {earliest.isoformat()}", code="invalid"
        )


async def _record(work: Work, *, review: Any, unset: str, values: dict[str, Any]) -> None:
    if not await service.set_values(work.session, review_id=review.id, unset=unset, values=values):
        raise Problem(409, "Conflict", f"The application's {unset.replace('_', ' ')} is recorded.")
    work.audit(action="update", record_type="hub_case_review", record_ids=[str(review.id)])


async def acknowledge(work: Work, *, review: Any, body: AcknowledgementIn) -> None:
    _not_before(
        body.acknowledged_on,
        review.received_on,
        pointer="#/body/acknowledged_on",
        what="the acknowledgement",
    )
    await _record(
        work,
        review=review,
        unset="acknowledged_on",
        values={"acknowledged_on": body.acknowledged_on},
    )


async def decide(
    work: Work, *, review: Any, body: DecisionIn, rules_in_force: CaseReviewRules
) -> rules.ThresholdCheck:
    """Count the qualifying complaints and decide the threshold (as data: which incidents
    counted is kept)."""
    _not_before(
        body.decided_on, review.received_on, pointer="#/body/decided_on", what="the decision"
    )
    case_ids = await service.linked_case_ids(work.session, case_id=review.case_id)
    complaints = [
        rules.Complaint(id=i.id, behaviour_on=i.occurred_on, complained_on=i.reported_on)
        for i in await incidents_of(work.session, case_ids=case_ids)
    ]
    check = rules.check_threshold(complaints, applied_on=review.received_on, rules=rules_in_force)
    review_by = (
        rules.review_by(decided_on=body.decided_on, rules=rules_in_force) if check.met else None
    )
    await _record(
        work,
        review=review,
        unset="decided_on",
        values={
            "decided_on": body.decided_on,
            "threshold": check.threshold,
            "qualifying_complaints": len(check.qualifying),
            "counted_incidents": [str(c.id) for c in check.qualifying],
            "met": check.met,
            "review_by": review_by,
        },
    )
    work.emit(
        ThresholdDecided(
            application_id=review.id,
            hub=review.hub,
            met=check.met,
            qualifying_complaints=len(check.qualifying),
            threshold=check.threshold,
            received_on=review.received_on,
            decided_on=body.decided_on,
            on_time=body.decided_on <= review.decide_by,
            review_by=review_by,
        ),
        key=str(review.id),
    )
    return check


async def hold_review(work: Work, *, review: Any, body: ReviewIn) -> None:
    if review.met is not True:
        raise Problem(
            409,
            "Conflict",
            "Only an application that met the threshold is reviewed."
            if review.met is False
            else "Decide the threshold first.",
        )
    _not_before(body.held_on, review.decided_on, pointer="#/body/held_on", what="the review")
    await _record(
        work,
        review=review,
        unset="held_on",
        values={
            "held_on": body.held_on,
            "recommendations": list(body.recommendations),
            "responded_on": body.responded_on,
        },
    )
    work.emit(
        ReviewHeld(
            review_id=uuid.uuid5(review.id, "review"),
            application_id=review.id,
            hub=review.hub,
            held_on=body.held_on,
            on_time=review.review_by is not None and body.held_on <= review.review_by,
            recommendations=len(body.recommendations),
        ),
        key=str(review.id),
    )


async def appeal(work: Work, *, review: Any, body: AppealIn) -> None:
    if review.decided_on is None:
        raise Problem(409, "Conflict", "There is no decision to appeal yet.")
    _not_before(
        body.received_on, review.decided_on, pointer="#/body/received_on", what="the appeal"
    )
    await _record(
        work,
        review=review,
        unset="appeal_received_on",
        values={"appeal_received_on": body.received_on, "appeal_outcome": body.outcome},
    )
