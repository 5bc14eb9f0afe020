"""Risk assessments of a hub case and the domestic abuse referral they offer (PostgreSQL,
each test rolled back): the referral is made through the referral intake, once."""

import uuid
from collections.abc import Callable
from typing import Any

import httpx
from sqlalchemy import func, select

from csp_common.hub_configuration import HubsConfiguration
from referral_hub.hubs.risk.rules import UnknownQuestions, assess
from referral_hub.referral.models import Referral

HIGH = {
    "repeat_victim": True,
    "targeted": True,
    "feels_unsafe": True,
    "vulnerable": True,
    "health_impact": True,
    "children_affected": True,
}
REFERRAL = {
    "victim_ethnicity": "white",
    "relationship": "ex_partner",
    "children_in_household": 0,
    "dash": {
        "answers": {str(i): ("yes" if i <= 15 else "no") for i in range(1, 25)},
        "incidents_last_12_months": 3,
    },
    "consent": {"status": "given"},
}


def test_the_score_is_the_weights_of_the_yes_answers_banded() -> None:
    config = HubsConfiguration()
    assert assess({}, domestic_abuse_indicated=False, config=config).level == "standard"
    medium = assess(
        {"repeat_victim": True, "targeted": True, "vulnerable": True},
        domestic_abuse_indicated=False,
        config=config,
    )
    assert (medium.score, medium.level, medium.offers_referral) == (9, "medium", False)
    high = assess(HIGH, domestic_abuse_indicated=False, config=config)
    assert (high.score, high.level, high.offers_referral) == (16, "high", True)
    assert assess({}, domestic_abuse_indicated=True, config=config).offers_referral
    try:
        assess({"star_sign": True}, domestic_abuse_indicated=False, config=config)
    except UnknownQuestions as unknown:
        assert unknown.codes == ["star_sign"]
    else:
        raise AssertionError("an unknown question was scored")


async def test_a_high_risk_case_raises_one_da_referral(
    hub_client: httpx.AsyncClient,
    open_case: Callable[..., Any],
    staff: Callable[..., Any],
    query: Callable[..., Any],
) -> None:
    case = await open_case(hub_client)
    refused = await hub_client.post(
        f"/v1/hub-cases/{case['id']}/referral",
        json=REFERRAL,
        headers=staff(scopes=("hubs:write", "hubs:read", "referrals:write")),
    )
    assert refused.status_code == 409, refused.text  # not assessed yet: nothing offered
    assessed = await hub_client.post(
        f"/v1/hub-cases/{case['id']}/risk-assessments",
        json={"answers": HIGH, "assessed_on": "2023-03-04"},
        headers=staff(),
    )
    assert assessed.status_code == 201, assessed.text
    assert assessed.json()["level"] == "high" and assessed.json()["offers_referral"] is True

    headers = staff(scopes=("hubs:write", "hubs:read", "referrals:write", "referrals:read"))
    first = await hub_client.post(
        f"/v1/hub-cases/{case['id']}/referral", json=REFERRAL, headers=headers
    )
    assert first.status_code == 201, first.text
    again = await hub_client.post(
        f"/v1/hub-cases/{case['id']}/referral", json=REFERRAL, headers=headers
    )
    assert again.status_code == 200, again.text
    assert again.json() == first.json() | {"created": False}
    referral_id = first.json()["referral_id"]
    count = await query(
        select(func.count()).select_from(Referral).where(Referral.id == uuid.UUID(referral_id))
    )  # type: ignore[arg-type]
    assert count[0][0] == 1

    referral = await hub_client.get(f"/v1/referrals/{referral_id}", headers=headers)
    assert referral.status_code == 200, referral.text
    victim = next(p for p in case["people"] if p["role"] == "victim")
    subject = next(p for p in case["people"] if p["role"] == "subject")
    body = referral.json()
    assert body["victim"]["id"] == victim["id"]  # the same person of the index, not retyped
    assert body["perpetrator"]["id"] == subject["id"]
    assert body["area"] == "scarborough"
    read = (await hub_client.get(f"/v1/hub-cases/{case['id']}", headers=staff())).json()
    assert read["referral_id"] == referral_id


async def test_reassessment_is_numbered_and_bad_answers_change_nothing(
    hub_client: httpx.AsyncClient, open_case: Callable[..., Any], staff: Callable[..., Any]
) -> None:
    case = await open_case(hub_client)
    url = f"/v1/hub-cases/{case['id']}/risk-assessments"
    bad = await hub_client.post(
        url, json={"answers": {"star_sign": True}, "assessed_on": "2023-03-04"}, headers=staff()
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["pointer"] == "#/body/answers/star_sign"
    first = await hub_client.post(
        url, json={"answers": {}, "assessed_on": "2023-03-04"}, headers=staff()
    )
    second = await hub_client.post(
        url, json={"answers": HIGH, "assessed_on": "2023-04-04"}, headers=staff()
    )
    assert (first.json()["sequence"], second.json()["sequence"]) == (1, 2)
    read = (await hub_client.get(f"/v1/hub-cases/{case['id']}", headers=staff())).json()
    assert [a["level"] for a in read["assessments"]] == ["standard", "high"]
    assert read["risk_level"] == "high"
