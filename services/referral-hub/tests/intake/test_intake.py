"""POST /v1/referrals: scoring, bands, MARAC criteria and routes, end to end over HTTP."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update

from referral_hub.referral.models import Referral


async def _post(client: httpx.AsyncClient, headers: dict[str, str], body: dict[str, Any]) -> Any:
    response = await client.post("/v1/referrals", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.mark.parametrize(
    ("yes", "level", "visible_high_risk"),
    [
        (0, "standard", False),
        (9, "standard", False),
        (10, "medium", False),
        (13, "medium", False),
        (14, "high", True),
        (24, "high", True),
    ],
)
async def test_score_bands_and_visible_high_risk(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
    yes: int,
    level: str,
    visible_high_risk: bool,
) -> None:
    answer = await _post(hub_client, hub_headers(), make_referral(yes=yes))
    assert answer["risk"]["score"] == yes
    assert answer["risk"]["level"] == level
    assert ("visible_high_risk" in answer["risk"]["marac_criteria"]) is visible_high_risk
    assert answer["marac_referral"] is visible_high_risk
    marac_routes = [r for r in answer["routes"] if r["provider"] == "marac"]
    assert bool(marac_routes) is visible_high_risk


async def test_professional_judgement_with_reasons_goes_to_marac(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    body = make_referral(
        yes=3,
        dash={"professional_judgement": {"high_risk": True, "reasons": "Escalating threats"}},
    )
    answer = await _post(hub_client, hub_headers(), body)
    assert answer["risk"]["marac_criteria"] == ["professional_judgement"]
    assert answer["risk"]["actuarial_level"] == "standard"
    assert answer["risk"]["level"] == "high"
    assert answer["marac_referral"] is True


async def test_professional_judgement_without_reasons_is_refused(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    body = make_referral(dash={"professional_judgement": {"high_risk": True, "reasons": None}})
    response = await hub_client.post("/v1/referrals", json=body, headers=hub_headers())
    assert response.status_code == 422
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert any("professional_judgement" in e["pointer"] for e in problem["errors"])


@pytest.mark.parametrize(("incidents", "escalation"), [(2, False), (3, True)])
async def test_potential_escalation_at_three_incidents(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
    incidents: int,
    escalation: bool,
) -> None:
    body = make_referral(yes=2, dash={"incidents_last_12_months": incidents})
    answer = await _post(hub_client, hub_headers(), body)
    assert ("potential_escalation" in answer["risk"]["marac_criteria"]) is escalation
    assert answer["marac_referral"] is escalation


@pytest.mark.parametrize(("days_ago", "repeat"), [(364, True), (365, True), (366, False)])
async def test_repeat_within_twelve_months_of_the_last_marac_referral(
    hub_app: FastAPI,
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
    days_ago: int,
    repeat: bool,
) -> None:
    first = await _post(hub_client, hub_headers(), make_referral(yes=15))
    assert first["marac_referral"] and not first["repeat"]
    async with hub_app.state.session_factory() as session:
        await session.execute(
            update(Referral.__table__)
            .where(Referral.__table__.c.id == first["id"])
            .values(
                received_on=Referral.__table__.c.received_on - timedelta(days=days_ago),
            )
        )
        await session.commit()
    # Another agency refers the same pair with a low score: a repeat goes to MARAC anyway.
    second = await _post(
        hub_client, hub_headers(agency="north-yorkshire-council"), make_referral(yes=1)
    )
    assert second["victim"]["id"] == first["victim"]["id"]
    assert second["repeat"] is repeat
    assert ("repeat" in second["risk"]["marac_criteria"]) is repeat
    assert second["marac_referral"] is repeat


async def test_the_same_victim_referred_by_two_agencies_is_one_person(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    first = await _post(hub_client, hub_headers(), make_referral())
    spelled_differently = make_referral(
        victim={"given_name": " ann ", "family_name": "SMITH", "postcode": "yo111aa"}
    )
    second = await _post(hub_client, hub_headers(agency="health"), spelled_differently)
    assert second["victim"]["id"] == first["victim"]["id"]
    other = make_referral(victim={"date_of_birth": "1991-04-02"})
    third = await _post(hub_client, hub_headers(), other)
    assert third["victim"]["id"] != first["victim"]["id"]


@pytest.mark.parametrize(
    ("given", "family"),
    [("\U0001f600", "Smith"), ("Ann", "---"), ("?", "\u2014"), ("Big Dave", "-")],
)
async def test_names_without_letters_are_taken_and_never_matched_on(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
    given: str,
    family: str,
) -> None:
    body = make_referral(victim={"given_name": given, "family_name": family})
    body["perpetrator"] = {**body["perpetrator"], "given_name": given, "family_name": family}
    first = await _post(hub_client, hub_headers(), body)
    second = await _post(hub_client, hub_headers(), body)
    assert first["victim"]["given_name"] == given
    assert second["victim"]["id"] != first["victim"]["id"]  # no exact key to match on
    assert second["perpetrator"]["id"] != first["perpetrator"]["id"]


async def test_routes_follow_the_configured_rules(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    body = make_referral(yes=15, services_requested=["idas_refuge"], children_in_household=2)
    answer = await _post(hub_client, hub_headers(), body)
    services = {(r["provider"], r["service"]) for r in answer["routes"]}
    assert ("idas", "idas_refuge") in services
    assert ("idas", "idas_community_support") in services
    assert ("idas", "idas_target_hardening") in services
    assert ("idas", "idas_children_young_people") in services
    assert ("marac", None) in services
    assert all(r["status"] == "sent" for r in answer["routes"])


async def test_unknown_area_is_422_and_stores_nothing(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    response = await hub_client.post(
        "/v1/referrals", json=make_referral(area="atlantis"), headers=hub_headers()
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "#/body/area"
    listing = await hub_client.get("/v1/referrals", headers=hub_headers())
    assert listing.json()["items"] == []


@pytest.mark.parametrize(
    ("change", "pointer"),
    [
        ({"dash": {"answers": {str(i): "no" for i in range(1, 24)}}}, "#/body/dash/answers"),
        ({"victim": {"gender": "woman"}}, "#/body/victim/gender"),
        ({"incident_date": "2999-01-01"}, "#/body/incident_date"),
        ({"relationship": "neighbour"}, "#/body/relationship"),
        ({"surprise": True}, "#/body/surprise"),
        # numbers are not dates, fractions and booleans are not counts (pydantic's lax mode
        # took 0 as 1970-01-01)
        ({"incident_date": 0}, "#/body/incident_date"),
        ({"incident_date": 1.5}, "#/body/incident_date"),
        ({"incident_date": "2024-01-01T00:00:00"}, "#/body/incident_date"),
        ({"victim": {"date_of_birth": 0}}, "#/body/victim/date_of_birth"),
        ({"victim": {"date_of_birth": "0"}}, "#/body/victim/date_of_birth"),
        ({"children_in_household": 1.5}, "#/body/children_in_household"),
        ({"children_in_household": True}, "#/body/children_in_household"),
        ({"dash": {"incidents_last_12_months": 10**23}}, "#/body/dash/incidents_last_12_months"),
        # text: no control characters; tabs and line breaks only in long text
        ({"victim": {"given_name": "Ann\u0000"}}, "#/body/victim/given_name"),
        ({"victim": {"family_name": "Smith\u001b[2J"}}, "#/body/victim/family_name"),
        ({"victim": {"safe_contact": "07700 900123\u0000"}}, "#/body/victim/safe_contact"),
        ({"source_reference": "NYP\t1"}, "#/body/source_reference"),
    ],
)
async def test_bad_bodies_get_problem_json_with_the_field(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
    change: dict[str, Any],
    pointer: str,
) -> None:
    body = make_referral()
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(body.get(key), dict) and key != "dash":
            body[key] = {**body[key], **value}
        elif key == "dash":
            body["dash"] = {**body["dash"], **value}
        else:
            body[key] = value
    response = await hub_client.post("/v1/referrals", json=body, headers=hub_headers())
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert any(e["pointer"].startswith(pointer) for e in response.json()["errors"]), response.json()
