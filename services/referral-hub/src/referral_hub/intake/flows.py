"""Referral intake: one referral in, everything it sets in motion, one transaction.

Used by POST /v1/referrals and by the bulk import (which keeps original dates).
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from csp_common.contracts import referrals as events
from csp_common.contracts.equality import age_band
from csp_common.outbox import PendingEvent
from csp_common.partnership import Area, Partnership
from csp_common.unit_of_work import Work
from referral_hub.codes import MARAC, RouteStatus
from referral_hub.delivery.service import deliveries_statement
from referral_hub.index.service import (
    PersonDetails,
    candidate_rows,
    match_reviews,
    new_person_statements,
    person_key,
)
from referral_hub.referral import service
from referral_hub.referral.rules import RiskAssessment, assess
from referral_hub.referral.schemas import ReferralIn, ReferralOut, referral_out_of_row
from referral_hub.routes.rules import decide_routes
from referral_hub.settings import ReferralHubSettings


class IntakeRefused(ValueError):
    """The referral is valid JSON but refers to something this partnership does not know."""

    def __init__(self, pointer: str, detail: str) -> None:
        super().__init__(detail)
        self.pointer = pointer
        self.detail = detail


@dataclass(frozen=True)
class Intake:
    referral: dict[str, Any]
    routes: list[dict[str, Any]]
    victim: PersonDetails
    perpetrator: PersonDetails | None
    assessment: RiskAssessment


def _details(person: Any) -> PersonDetails:
    return PersonDetails(
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        gender=person.gender.value if person.gender else None,
        postcode=person.postcode,
    )


def person_details(person: Any) -> PersonDetails:
    """The matching details of a victim or perpetrator of a `ReferralIn`."""
    return _details(person)


def referrer_kind(partnership: Partnership, agency: str) -> str:
    """`police` when the partnership lists the agency as police, else `partner`."""
    referrer = partnership.agency(agency)
    return "police" if referrer is not None and referrer.kind == "police" else "partner"


@dataclass(frozen=True)
class IntakePlan:
    """Everything one referral writes, decided without touching the database."""

    referral: dict[str, Any]
    routes: list[dict[str, Any]]
    assessment: RiskAssessment
    events: list[PendingEvent]


async def take_referral(
    work: Work,
    *,
    body: ReferralIn,
    agency: str,
    received_at: datetime,
    channel: str,
    settings: ReferralHubSettings,
    partnership: Partnership,
) -> Intake:
    """Collect a referral with its people, routes, deliveries and events in `work`.

    One query finds the people and the pair's last MARAC referral; what is collected is
    written by the unit of work's next flush, in one statement with whatever the caller
    adds (the audit row, the idempotency claim).
    """
    area = partnership.area(body.area)
    if area is None:
        raise IntakeRefused(
            "#/body/area", f"unknown area {body.area!r}; known: {', '.join(partnership.area_codes)}"
        )
    received_on = received_at.date()
    victim = _details(body.victim)
    perpetrator = _details(body.perpetrator) if body.perpetrator else None
    secret = settings.person_key_secret.encode() if settings.person_key_secret else None
    victim_key = person_key(victim, secret=secret)
    perpetrator_key = person_key(perpetrator, secret=secret) if perpetrator else None
    victim_id, perpetrator_id, last_marac = await service.find_pair(
        work.session, victim_key=victim_key, perpetrator_key=perpetrator_key, on=received_on
    )
    new_people: dict[str, tuple[uuid.UUID, PersonDetails]] = {}
    if victim_id is None:
        victim_id = uuid.uuid4()
        new_people[victim_key] = (victim_id, victim)
    if perpetrator is not None and perpetrator_key is not None and perpetrator_id is None:
        perpetrator_id = uuid.uuid4()
        new_people[perpetrator_key] = (perpetrator_id, perpetrator)
    plan = plan_intake(
        body=body,
        agency=agency,
        area=area,
        referrer_kind=referrer_kind(partnership, agency),
        received_at=received_at,
        channel=channel,
        victim_id=victim_id,
        perpetrator_id=perpetrator_id,
        days_since_last_marac_referral=(received_on - last_marac).days if last_marac else None,
        settings=settings,
    )
    candidates = candidate_rows(new_people, secret=secret)
    work.add(
        *new_person_statements(new_people, candidates=candidates),
        await match_reviews(work.session, candidates=candidates),
    )
    stage_referral(work, plan=plan, settings=settings)
    return Intake(
        referral=plan.referral,
        routes=plan.routes,
        victim=victim,
        perpetrator=perpetrator,
        assessment=plan.assessment,
    )


def stage_referral(work: Work, *, plan: IntakePlan, settings: ReferralHubSettings) -> None:
    """Add a planned referral's rows, its routes' webhook deliveries and its events to the
    unit of work (the API's intake and a hub case's referral write the same)."""
    work.add(
        service.referral_statement(row=plan.referral),
        service.routes_statement(rows=plan.routes),
        deliveries_statement(
            routes=[(r["id"], r["provider"]) for r in plan.routes if r["provider"] != MARAC],
            webhook_providers=set(settings.webhook_urls),
        ),
    )
    work.emit_all(plan.events)


def plan_intake(
    *,
    body: ReferralIn,
    agency: str,
    area: Area,
    referrer_kind: str,
    received_at: datetime,
    channel: str,
    victim_id: uuid.UUID,
    perpetrator_id: uuid.UUID | None,
    days_since_last_marac_referral: int | None,
    settings: ReferralHubSettings,
) -> IntakePlan:
    """Score, route and build the rows and events of one referral (pure; shared by the
    API's `take_referral` and the bulk import, which does the I/O for a chunk at once)."""
    received_on = received_at.date()
    assessment = assess(
        dash=body.dash,
        days_since_last_marac_referral=days_since_last_marac_referral,
        policy=settings.risk,
    )
    decisions = decide_routes(referral=body, assessment=assessment, policy=settings.routing)
    referral_id = uuid.uuid4()
    victim_band = age_band(date_of_birth=body.victim.date_of_birth, on=body.incident_date).value
    perpetrator_band = (
        age_band(date_of_birth=body.perpetrator.date_of_birth, on=body.incident_date).value
        if body.perpetrator
        else None
    )
    perpetrator_gender = (
        body.perpetrator.gender.value if body.perpetrator and body.perpetrator.gender else None
    )
    row: dict[str, Any] = {
        "id": referral_id,
        "status": "received",
        "version": 1,
        "channel": channel,
        "area": area.code,
        "marac_area": area.marac_area,
        "referring_agency": agency,
        "referrer_kind": referrer_kind,
        "source_reference": body.source_reference,
        "incident_date": body.incident_date,
        "received_at": received_at,
        "received_on": received_on,
        "victim_id": victim_id,
        "perpetrator_id": perpetrator_id,
        "relationship": body.relationship.value,
        "children_in_household": body.children_in_household,
        "victim_gender": body.victim.gender.value,
        "victim_ethnicity": body.victim.ethnicity.value,
        "victim_disability": body.victim.disability,
        "victim_lgbt": body.victim.lgbt,
        "victim_age_band": victim_band,
        "victim_safe_contact": body.victim.safe_contact,
        "perpetrator_gender": perpetrator_gender,
        "perpetrator_age_band": perpetrator_band,
        "dash_answers": {k: v.value for k, v in body.dash.answers.items()},
        "stalking_answers": (
            {k: v.value for k, v in body.dash.stalking.answers.items()}
            if body.dash.stalking
            else None
        ),
        "judgement_high_risk": body.dash.professional_judgement.high_risk,
        "judgement_reasons": body.dash.professional_judgement.reasons,
        "incidents_last_12_months": body.dash.incidents_last_12_months,
        "score": assessment.score,
        "actuarial_level": assessment.actuarial_level.value,
        "level": assessment.level.value,
        "criteria": [c.value for c in assessment.criteria],
        "marac_referral": assessment.marac_referral,
        "repeat": "repeat" in assessment.criteria,
        "consent_status": body.consent.status.value,
        "consent_basis": body.consent.basis.value if body.consent.basis else "consent",
        "services_requested": list(body.services_requested),
        "status_reason": None,
        "updated_at": received_at,
    }
    routes = [
        {
            "id": uuid.uuid4(),
            "referral_id": referral_id,
            "provider": decision.provider,
            "service": decision.service,
            "reasons": decision.reasons,
            "status": RouteStatus.SENT.value,
            "routed_at": received_at,
            "updated_at": received_at,
            "decline_reason": None,
            "outcome_codes": [],
        }
        for decision in decisions
    ]
    return IntakePlan(
        referral=row,
        routes=routes,
        assessment=assessment,
        events=_events(row=row, routes=routes, assessment=assessment),
    )


def _events(
    *, row: dict[str, Any], routes: list[dict[str, Any]], assessment: RiskAssessment
) -> list[PendingEvent]:
    key = str(row["id"])
    at = row["received_at"]
    equality = {
        "victim_age_band": row["victim_age_band"],
        "victim_gender": row["victim_gender"],
        "victim_ethnicity": row["victim_ethnicity"],
        "victim_disability": row["victim_disability"],
        "victim_lgbt": row["victim_lgbt"],
        "perpetrator_age_band": row["perpetrator_age_band"],
        "perpetrator_gender": row["perpetrator_gender"],
    }
    pending = [
        events.ReferralReceived(
            referral_id=row["id"],
            victim_id=row["victim_id"],
            perpetrator_id=row["perpetrator_id"],
            area=row["area"],
            referring_agency=row["referring_agency"],
            referrer_kind=row["referrer_kind"],
            relationship=row["relationship"],
            incident_date=row["incident_date"],
            received_on=row["received_on"],
            children_in_household=row["children_in_household"],
            channel=row["channel"],
            **equality,
        ),
        events.RiskAssessed(
            referral_id=row["id"],
            area=row["area"],
            score=assessment.score,
            level=assessment.level.value,
            criteria=[c.value for c in assessment.criteria],
            marac_referral=assessment.marac_referral,
            assessed_on=row["received_on"],
        ),
        *(
            events.ReferralRouted(
                referral_id=row["id"],
                route_id=route["id"],
                area=row["area"],
                provider=route["provider"],
                service=route["service"] or route["provider"],
                routed_at=route["routed_at"],
            )
            for route in routes
        ),
    ]
    if assessment.marac_referral:
        pending.append(
            events.MaracReferralMade(
                referral_id=row["id"],
                victim_id=row["victim_id"],
                perpetrator_id=row["perpetrator_id"],
                area=row["area"],
                marac_area=row["marac_area"],
                referring_agency=row["referring_agency"],
                referrer_kind=row["referrer_kind"],
                criteria=[c.value for c in assessment.criteria],
                repeat=row["repeat"],
                score=assessment.score,
                level=assessment.level.value,
                children_in_household=row["children_in_household"],
                referred_on=row["received_on"],
                consent_status=row["consent_status"],
                lawful_basis=row["consent_basis"],
                **equality,
            )
        )
    return [PendingEvent(payload=p, key=key, time=at) for p in pending]


def intake_out(intake: Intake) -> ReferralOut:
    row = intake.referral

    def details(person_id: Any, d: Any) -> dict[str, Any]:
        return {
            "id": person_id,
            "given_name": d.given_name,
            "family_name": d.family_name,
            "date_of_birth": d.date_of_birth,
            "gender": d.gender,
            "postcode": d.postcode,
        }

    return referral_out_of_row(
        row,
        victim=details(row["victim_id"], intake.victim),
        perpetrator=details(row["perpetrator_id"], intake.perpetrator)
        if intake.perpetrator
        else None,
        routes=intake.routes,
    )
