"""`GET /v1/persons/{id}/history`: what referral-hub holds about a person, for a DHR
chronology (the contract shared with marac and dhr-tracker)."""

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from csp_common.tables import audit_table

PURPOSE = {"X-Purpose": "DHR-2024-01 chronology"}
REFERRER = ("referrals:write", "referrals:read", "persons:review")


def _team(auth_header: Callable[..., dict[str, str]], **claims: Any) -> dict[str, str]:
    return auth_header(agency="pfcc", scopes=["dhr:chronology"], **claims) | PURPOSE


async def _refer(
    client: httpx.AsyncClient, headers: dict[str, str], body: dict[str, Any]
) -> dict[str, Any]:
    response = await client.post("/v1/referrals", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def _history(
    client: httpx.AsyncClient, person_id: str, headers: dict[str, str], **params: str
) -> httpx.Response:
    return await client.get(f"/v1/persons/{person_id}/history", headers=headers, params=params)


async def test_the_scope_is_required(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    referral = await _refer(hub_client, hub_headers(), make_referral())
    for scopes in (["referrals:read", "persons:review"], ["admin"]):
        response = await _history(
            hub_client, referral["victim"]["id"], hub_headers(scopes=scopes) | PURPOSE
        )
        assert response.status_code == 403
        assert response.headers["content-type"] == "application/problem+json"
        assert "dhr:chronology" in response.json()["detail"]


async def test_a_purpose_is_required(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
    auth_header: Callable[..., dict[str, str]],
) -> None:
    referral = await _refer(hub_client, hub_headers(), make_referral())
    team = auth_header(agency="pfcc", scopes=["dhr:chronology"])
    for purpose in ({}, {"X-Purpose": ""}, {"X-Purpose": "   "}, {"X-Purpose": "x" * 201}):
        response = await _history(hub_client, referral["victim"]["id"], team | purpose)
        assert response.status_code == 400, purpose
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"].endswith("purpose-required")


async def test_unknown_merged_and_other_partnership_people_are_404(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
    auth_header: Callable[..., dict[str, str]],
) -> None:
    headers = hub_headers(scopes=REFERRER)
    first = await _refer(hub_client, headers, make_referral(victim={"given_name": "Elspeth"}))
    moved = make_referral(victim={"given_name": "Elspeth", "postcode": "YO12 5RQ"})
    second = await _refer(hub_client, headers, moved)
    survivor, merged = first["victim"]["id"], second["victim"]["id"]
    merging = await hub_client.post(
        f"/v1/persons/{survivor}/merge", json={"merge_person_id": merged}, headers=headers
    )
    assert merging.status_code == 200, merging.text

    team = _team(auth_header)
    assert (await _history(hub_client, str(uuid.uuid4()), team)).status_code == 404
    gone = await _history(hub_client, merged, team)
    assert gone.status_code == 404
    assert gone.headers["content-type"] == "application/problem+json"
    # Another partnership's CSP team: an area this partnership does not have.
    elsewhere = await _history(hub_client, survivor, _team(auth_header, area="leeds"))
    assert elsewhere.status_code == 404
    # The survivor's history holds the merged person's referral too.
    entries = (await _history(hub_client, survivor, team)).json()["entries"]
    received = {e["record_id"] for e in entries if e["kind"] == "referral_received"}
    assert received == {first["id"], second["id"]}


async def test_a_victim_with_two_referrals_a_route_and_an_outcome(
    hub_client: httpx.AsyncClient,
    hub_app: FastAPI,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
    auth_header: Callable[..., dict[str, str]],
) -> None:
    headers = hub_headers()
    first = await _refer(
        hub_client,
        headers,
        make_referral(yes=3, victim={"given_name": "Marguerite"}, services_requested=[]),
    )
    second = await _refer(
        hub_client,
        headers,
        make_referral(
            yes=15,
            victim={"given_name": "Marguerite"},
            services_requested=["idas_community_support"],
        ),
    )
    person_id = first["victim"]["id"]
    assert second["victim"]["id"] == person_id
    [idas] = [r for r in second["routes"] if r["service"] == "idas_community_support"]
    provider = auth_header(agency="idas", scopes=["provider:feedback"])
    for body in (
        {"status": "accepted"},
        {"status": "closed", "outcome_codes": ["risk_reduced", "safety_plan_in_place"]},
    ):
        reported = await hub_client.post(
            f"/v1/routes/{idas['id']}/feedback", json=body, headers=provider
        )
        assert reported.status_code == 200, reported.text

    response = await _history(hub_client, person_id, _team(auth_header))

    assert response.status_code == 200, response.text
    history = response.json()
    assert history["person_id"] == person_id
    assert history["source"] == "referral-hub"
    entries = history["entries"]
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        assert entry["source"] == "referral-hub"
        assert entry["role"] == "victim"
        by_kind.setdefault(entry["kind"], []).append(entry)
    received = {e["record_id"]: e for e in by_kind["referral_received"]}
    assert set(received) == {first["id"], second["id"]}
    assert received[second["id"]]["agency"] == "north-yorkshire-police"
    assert received[second["id"]]["detail"]["risk_level"] == "high"
    assert received[second["id"]]["detail"]["dash_score"] == 15
    assert received[first["id"]]["detail"]["risk_level"] == "standard"
    assessed = {e["record_id"]: e["detail"] for e in by_kind["risk_assessed"]}
    assert assessed[second["id"]]["marac_referral"] == "yes"
    routed = {e["record_id"]: e for e in by_kind["referral_routed"]}
    assert routed[idas["id"]]["agency"] == "idas"
    assert routed[idas["id"]]["detail"]["service"] == "idas_community_support"
    assert {r["id"] for r in second["routes"]} <= set(routed)
    outcomes = [e for e in by_kind["provider_outcome"] if e["record_id"] == idas["id"]]
    assert [(e["detail"]["status"], e["detail"].get("outcome")) for e in outcomes] == [
        ("accepted", None),
        ("closed", "risk_reduced;safety_plan_in_place"),
    ]
    # Codes, numbers and dates only: nothing of the victim's name or contact details.
    assert "Marguerite" not in response.text
    keys = [(e["occurred_on"], e["occurred_at"], e["kind"], e["record_id"]) for e in entries]
    assert keys == sorted(keys)

    tomorrow = date.fromisoformat(entries[-1]["occurred_on"]).toordinal() + 1
    assert (
        await _history(hub_client, person_id, _team(auth_header), before=entries[0]["occurred_on"])
    ).json()["entries"] == []
    later = date.fromordinal(tomorrow).isoformat()
    assert (await _history(hub_client, person_id, _team(auth_header), before=later)).json()[
        "entries"
    ] == entries

    async with hub_app.state.session_factory() as session:
        audited = (
            await session.execute(
                select(
                    audit_table.c.action,
                    audit_table.c.record_type,
                    audit_table.c.purpose,
                    audit_table.c.agency,
                ).where(audit_table.c.record_id == person_id, audit_table.c.action == "chronology")
            )
        ).all()
    assert [tuple(row) for row in audited] == [
        ("chronology", "person", PURPOSE["X-Purpose"], "pfcc")
    ] * 3
