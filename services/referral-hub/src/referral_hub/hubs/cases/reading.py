"""Finding a case the caller may see (404 otherwise), and the whole case answered."""

import uuid
from typing import Any

from csp_common.auth import Caller
from csp_common.errors import not_found
from csp_common.partnership import Partnership
from csp_common.unit_of_work import Work
from referral_hub.hubs.cases import service
from referral_hub.hubs.cases.rules import Visibility, visibility
from referral_hub.hubs.cases.schemas import (
    HubCaseOut,
    IncidentOut,
    LinkOut,
    LocationOut,
    PersonOut,
)
from referral_hub.hubs.interventions.schemas import BreachOut, InterventionOut
from referral_hub.hubs.interventions.service import breaches_of, interventions_of
from referral_hub.hubs.plans.schemas import ActionOut, PlanOut
from referral_hub.hubs.plans.service import actions_of, plan_of
from referral_hub.hubs.risk.schemas import AssessmentOut
from referral_hub.hubs.risk.service import assessments_of


def caller_visibility(caller: Caller, partnership: Partnership) -> Visibility:
    return visibility(caller, hub_codes=partnership.hubs.area_codes)


async def visible_case(
    work: Work,
    *,
    case_id: uuid.UUID,
    caller: Caller,
    partnership: Partnership,
    lock: bool = False,
) -> Any:
    case = await service.get_visible(
        work.session,
        case_id=case_id,
        visibility=caller_visibility(caller, partnership),
        lock=lock,
    )
    if case is None:
        raise not_found("hub case")
    return case


def _assessment(row: Any) -> AssessmentOut:
    return AssessmentOut(
        id=row.id,
        sequence=row.sequence,
        score=row.score,
        level=row.level,
        domestic_abuse_indicated=row.domestic_abuse_indicated,
        offers_referral=row.level == "high" or row.domestic_abuse_indicated,
        assessing_agency=row.assessing_agency,
        assessed_on=row.assessed_on,
    )


def assessment_out(row: Any) -> AssessmentOut:
    return _assessment(row)


def intervention_out(row: Any, breaches: list[Any]) -> InterventionOut:
    return InterventionOut(
        id=row.id,
        kind=row.kind,
        ladder=row.ladder,
        step=row.step,
        target=row.target,
        subject_id=row.subject_id,
        issuing_agency=row.issuing_agency,
        issued_on=row.issued_on,
        expires_on=row.expires_on,
        breaches=[
            BreachOut(id=b.id, breach_number=b.breach_number, breached_on=b.breached_on)
            for b in breaches
        ],
    )


async def case_out(work: Work, *, case: Any) -> HubCaseOut:
    """The case with its place, people, incidents, links, assessments, plan and
    interventions (the caller reads the people: audited by the view)."""
    session = work.session
    location = await service.location_of(session, location_id=case.location_id)
    people = await service.people_of(session, case_id=case.id)
    incidents = await service.incidents_of(session, case_ids=[case.id])
    links = await service.links_of(session, case_id=case.id)
    assessments = await assessments_of(session, case_id=case.id)
    plan = await plan_of(session, case_id=case.id)
    actions = await actions_of(session, case_id=case.id) if plan is not None else []
    interventions = await interventions_of(session, case_id=case.id)
    breaches = await breaches_of(session, intervention_ids=[i.id for i in interventions])
    return HubCaseOut(
        id=case.id,
        hub=case.hub,
        kind=case.kind,
        status=case.status,
        reporting_agency=case.reporting_agency,
        reported_on=case.reported_on,
        opened_on=case.opened_on,
        closed_on=case.closed_on,
        outcome=case.outcome,
        risk_level=assessments[-1].level if assessments else None,
        source_reference=case.source_reference,
        location=LocationOut(
            id=location.id,
            kind=location.kind,
            place=location.place,
            address_line=location.address_line,
            postcode=location.postcode,
        ),
        people=[
            PersonOut(
                id=p.id,
                role=role,
                given_name=p.given_name,
                family_name=p.family_name,
                date_of_birth=p.date_of_birth,
                gender=p.gender,
                postcode=p.postcode,
            )
            for role, p in people
        ],
        incidents=[
            IncidentOut(
                id=i.id,
                kind=i.kind,
                reporting_agency=i.reporting_agency,
                occurred_on=i.occurred_on,
                occurred_at=i.occurred_at,
                reported_on=i.reported_on,
            )
            for i in incidents
        ],
        links=[LinkOut(case_id=link.linked_case_id, reason=link.reason) for link in links],
        referral_id=case.referral_id,
        created_at=case.created_at,
        assessments=[_assessment(a) for a in assessments],
        plan=(
            PlanOut(
                stage=plan.stage,
                scanning=plan.scanning,
                analysis=plan.analysis,
                response=plan.response,
                assessment=plan.assessment,
                next_review_on=plan.next_review_on,
                version=plan.version,
                updated_at=plan.updated_at,
                actions=[
                    ActionOut(
                        id=a.id,
                        owner_agency=a.owner_agency,
                        action=a.action,
                        due_on=a.due_on,
                        completed_on=a.completed_on,
                    )
                    for a in actions
                ],
            )
            if plan is not None
            else None
        ),
        interventions=[intervention_out(i, breaches[i.id]) for i in interventions],
    )


def audit_read(work: Work, *, case: HubCaseOut) -> None:
    """A read of a case is a read of the people in it."""
    work.audit(action="read", record_type="hub_case", record_ids=[str(case.id)])
    if case.people:
        work.audit(action="read", record_type="person", record_ids=[str(p.id) for p in case.people])
