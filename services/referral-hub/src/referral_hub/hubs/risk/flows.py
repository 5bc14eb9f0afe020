"""Assessing a case's risk, and referring its victim into the referral flow when the
assessment offers it. Never commits."""

import uuid
from datetime import date
from typing import Any

from pydantic import ValidationError

from csp_common import clock
from csp_common.contracts.hubs import RiskAssessed
from csp_common.db import RowsInsert
from csp_common.errors import Problem
from csp_common.partnership import Partnership
from csp_common.unit_of_work import Work
from referral_hub.hubs.cases import service as cases
from referral_hub.hubs.risk import service
from referral_hub.hubs.risk.models import risk_table
from referral_hub.hubs.risk.rules import UnknownQuestions, assess
from referral_hub.hubs.risk.schemas import AssessmentIn, HubReferralIn
from referral_hub.index.service import people_by_id
from referral_hub.intake.flows import plan_intake, referrer_kind, stage_referral
from referral_hub.problems import invalid_input
from referral_hub.referral.schemas import ReferralIn
from referral_hub.settings import ReferralHubSettings


async def assess_case(
    work: Work, *, case: Any, body: AssessmentIn, agency: str, partnership: Partnership
) -> dict[str, Any]:
    if body.assessed_on < case.reported_on:
        raise invalid_input(
            "#/body/assessed_on",
            "an assessment is made on or after the case was reported",
            code="invalid",
        )
    try:
        result = assess(
            body.answers,
            domestic_abuse_indicated=body.domestic_abuse_indicated,
            config=partnership.hubs,
        )
    except UnknownQuestions as unknown:
        raise invalid_input(
            f"#/body/answers/{unknown.codes[0]}",
            f"unknown risk question {unknown.codes[0]!r}",
        ) from unknown
    row = {
        "id": uuid.uuid4(),
        "case_id": case.id,
        "sequence": await service.next_sequence(work.session, case_id=case.id),
        "answers": dict(body.answers),
        "score": result.score,
        "level": result.level,
        "domestic_abuse_indicated": body.domestic_abuse_indicated,
        "assessing_agency": agency,
        "assessed_on": body.assessed_on,
        "created_at": clock.now(),
    }
    work.add(RowsInsert(risk_table, [row]), cases.involve(case.id, agency))
    work.emit(
        RiskAssessed(
            assessment_id=row["id"],
            case_id=case.id,
            hub=case.hub,
            sequence=row["sequence"],
            score=result.score,
            level=result.level,
            domestic_abuse_indicated=body.domestic_abuse_indicated,
            assessed_on=body.assessed_on,
        ),
        key=str(case.id),
    )
    work.audit(action="update", record_type="hub_case", record_ids=[str(case.id)])
    return row | {"offers_referral": result.offers_referral}


def offers_referral(assessments: list[Any], *, partnership: Partnership) -> bool:
    """The latest assessment is high risk or indicates domestic abuse."""
    if not assessments:
        return False
    latest = assessments[-1]
    return latest.level == "high" or bool(latest.domestic_abuse_indicated)


async def refer_victim(
    work: Work,
    *,
    case: Any,
    body: HubReferralIn,
    agency: str,
    settings: ReferralHubSettings,
    partnership: Partnership,
    incident_date: date,
) -> tuple[uuid.UUID, bool]:
    """The case's referral into the referral flow, made once: (its id, made now). The
    victim, the perpetrator (the case's subject: the same people of the index, not
    matched again), the area and the incident's date come from the case; the intake's
    own rules score, route and publish it. `case` is read locked, so a concurrent twin
    waits and finds it made."""
    if case.referral_id is not None:
        return case.referral_id, False
    assessments = await service.assessments_of(work.session, case_id=case.id)
    if not offers_referral(assessments, partnership=partnership):
        raise Problem(
            409,
            "Conflict",
            "The case's latest risk assessment is neither high risk nor indicates domestic "
            "abuse; it offers no referral.",
            type="no-referral-offered",
        )
    victims = await cases.person_ids_of(work.session, case_id=case.id, role="victim")
    subjects = await cases.person_ids_of(work.session, case_id=case.id, role="subject")
    if not victims:
        raise Problem(409, "Conflict", "The case has no victim to refer.", type="no-victim")
    people = await people_by_id(work.session, person_ids=[*victims[:1], *subjects[:1]])
    victim = people[victims[0]]
    subject = people.get(subjects[0]) if subjects else None
    values: dict[str, Any] = {
        "area": case.hub,
        "incident_date": incident_date,
        "victim": {
            "given_name": victim.given_name,
            "family_name": victim.family_name,
            "date_of_birth": body.victim_date_of_birth or victim.date_of_birth,
            "gender": body.victim_gender or victim.gender,
            "ethnicity": body.victim_ethnicity,
            "postcode": victim.postcode,
        },
        "perpetrator": (
            {
                "given_name": subject.given_name,
                "family_name": subject.family_name,
                "date_of_birth": subject.date_of_birth,
                "gender": subject.gender,
                "postcode": subject.postcode,
            }
            if subject is not None
            else None
        ),
        "relationship": body.relationship,
        "children_in_household": body.children_in_household,
        "dash": body.dash.model_dump(),
        "consent": body.consent.model_dump(),
        "services_requested": body.services_requested,
        "source_reference": body.source_reference or f"hub-case:{case.id}",
    }
    try:
        referral = ReferralIn.model_validate(values)
    except ValidationError as invalid:
        error = invalid.errors()[0]
        where = "/".join(str(part) for part in error["loc"])
        raise invalid_input(
            "#/body",
            f"the case cannot make a referral: {where}: {error['msg']} (send it in this body)",
            code="invalid",
        ) from invalid
    area = partnership.area(referral.area)
    if area is None:
        raise invalid_input("#/body", f"the case's hub {case.hub!r} is no area of the partnership")
    received_at = clock.now()
    last_marac = await service.last_marac_referral(
        work.session,
        victim_id=victim.id,
        perpetrator_id=subject.id if subject else None,
        on=received_at.date(),
    )
    plan = plan_intake(
        body=referral,
        agency=agency,
        area=area,
        referrer_kind=referrer_kind(partnership, agency),
        received_at=received_at,
        channel="api",
        victim_id=victim.id,
        perpetrator_id=subject.id if subject else None,
        days_since_last_marac_referral=(
            (received_at.date() - last_marac).days if last_marac else None
        ),
        settings=settings,
    )
    stage_referral(work, plan=plan, settings=settings)
    referral_id: uuid.UUID = plan.referral["id"]
    await cases.set_referral(work.session, case_id=case.id, referral_id=referral_id)
    work.audit(action="create", record_type="referral", record_ids=[str(referral_id)])
    return referral_id, True
