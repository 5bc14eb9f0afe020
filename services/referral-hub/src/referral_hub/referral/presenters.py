"""Turning stored referrals into API answers."""

from typing import Any

from referral_hub.index.models import Person
from referral_hub.referral.flows import Intake
from referral_hub.referral.models import Referral
from referral_hub.referral.schemas import (
    PersonOut,
    ReferralOut,
    ReferralSummary,
    RiskOut,
    RouteOut,
    VictimOut,
)


def _risk(source: Any) -> RiskOut:
    return RiskOut(
        score=source["score"],
        level=source["level"],
        actuarial_level=source["actuarial_level"],
        marac_criteria=source["criteria"],
    )


def _out(
    row: dict[str, Any],
    *,
    victim: dict[str, Any],
    perpetrator: dict[str, Any] | None,
    routes: list[Any],
) -> ReferralOut:
    return ReferralOut(
        id=row["id"],
        status=row["status"],
        version=row["version"],
        area=row["area"],
        marac_area=row["marac_area"],
        referring_agency=row["referring_agency"],
        source_reference=row["source_reference"],
        incident_date=row["incident_date"],
        received_at=row["received_at"],
        victim=VictimOut(
            **victim,
            ethnicity=row["victim_ethnicity"],
            disability=row["victim_disability"],
            lgbt=row["victim_lgbt"],
            age_band=row["victim_age_band"],
            safe_contact=row["victim_safe_contact"],
        ),
        perpetrator=PersonOut(**perpetrator) if perpetrator else None,
        relationship=row["relationship"],
        children_in_household=row["children_in_household"],
        dash_answers=row["dash_answers"],
        incidents_last_12_months=row["incidents_last_12_months"],
        professional_judgement={
            "high_risk": row["judgement_high_risk"],
            "reasons": row["judgement_reasons"],
        },
        consent={"status": row["consent_status"], "basis": row["consent_basis"]},
        services_requested=row["services_requested"],
        risk=_risk(row),
        marac_referral=row["marac_referral"],
        repeat=row["repeat"],
        routes=[RouteOut.model_validate(r) for r in routes],
    )


def _person(person: Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth,
        "gender": person.gender,
        "postcode": person.postcode,
    }


def referral_out(
    referral: Referral, *, victim: Person, perpetrator: Person | None, routes: list[Any]
) -> ReferralOut:
    return _out(
        referral.model_dump(),
        victim=_person(victim),
        perpetrator=_person(perpetrator) if perpetrator else None,
        routes=routes,
    )


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

    return _out(
        row,
        victim=details(row["victim_id"], intake.victim),
        perpetrator=details(row["perpetrator_id"], intake.perpetrator)
        if intake.perpetrator
        else None,
        routes=intake.routes,
    )


def summary_out(row: Any) -> ReferralSummary:
    return ReferralSummary(
        id=row.id,
        status=row.status,
        area=row.area,
        referring_agency=row.referring_agency,
        incident_date=row.incident_date,
        received_at=row.received_at,
        victim_id=row.victim_id,
        perpetrator_id=row.perpetrator_id,
        score=row.score,
        level=row.level,
        marac_referral=row.marac_referral,
        repeat=row.repeat,
    )
