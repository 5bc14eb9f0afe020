"""Who may see a referral: 401 without a token, 403 without the scope, 404 if not theirs."""

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from csp_common.tables import AuditEntry

POLICE = "north-yorkshire-police"


async def _create(
    client: httpx.AsyncClient, headers: Callable[..., dict[str, str]], body: dict[str, Any]
) -> dict[str, Any]:
    response = await client.post("/v1/referrals", json=body, headers=headers())
    assert response.status_code == 201
    return response.json()


async def test_no_token_is_401(hub_client: httpx.AsyncClient) -> None:
    for method, url in [("GET", "/v1/referrals"), ("POST", "/v1/referrals")]:
        response = await hub_client.request(method, url, json={})
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"


async def test_a_token_without_the_scope_is_403(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    read_only = hub_headers(scopes=["referrals:read"])
    response = await hub_client.post("/v1/referrals", json=make_referral(), headers=read_only)
    assert response.status_code == 403
    write_only = hub_headers(scopes=["referrals:write"])
    assert (await hub_client.get("/v1/referrals", headers=write_only)).status_code == 403


@pytest.mark.parametrize(
    ("agency", "claims", "visible"),
    [
        (POLICE, {}, True),  # the referrer
        ("idas", {}, True),  # routed to it
        ("health", {}, False),  # another partner
        ("foundation", {}, False),  # a provider it was not routed to
        (  # a MARAC coordinator of the area: not a referral that never reached MARAC
            "pfcc",
            {"scopes": ["referrals:read", "marac:coordinate"], "area": "scarborough-ryedale"},
            False,
        ),
        ("pfcc", {"scopes": ["referrals:read", "marac:coordinate"], "area": "york"}, False),
        ("pfcc", {"scopes": ["referrals:read"], "area": "scarborough-ryedale"}, False),
    ],
)
async def test_visibility_follows_referrer_provider_and_area(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
    agency: str,
    claims: dict[str, Any],
    visible: bool,
) -> None:
    referral = await _create(
        hub_client,
        hub_headers,
        make_referral(yes=5, services_requested=["idas_refuge"], relationship="family_member"),
    )
    headers = hub_headers(agency=agency, **({"scopes": ["referrals:read"]} | claims))
    single = await hub_client.get(f"/v1/referrals/{referral['id']}", headers=headers)
    assert single.status_code == (200 if visible else 404)
    listing = await hub_client.get("/v1/referrals", headers=headers)
    assert ([i["id"] for i in listing.json()["items"]] == [referral["id"]]) is visible


COORDINATOR = {"scopes": ["referrals:read", "persons:review", "marac:coordinate"]}


@pytest.mark.parametrize(("area", "visible"), [("scarborough-ryedale", True), ("york", False)])
async def test_a_marac_coordinator_sees_what_reached_marac_in_their_area_only(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
    area: str,
    visible: bool,
) -> None:
    # the same victim and perpetrator: standard risk first, then high (a MARAC referral)
    standard = await _create(hub_client, hub_headers, make_referral(yes=3))
    high = await _create(hub_client, hub_headers, make_referral(yes=14))
    assert high["marac_referral"] and not standard["marac_referral"]
    coordinator = hub_headers(agency="pfcc", area=area, **COORDINATOR)

    for referral, expected in ((high, visible), (standard, False)):
        single = await hub_client.get(f"/v1/referrals/{referral['id']}", headers=coordinator)
        assert single.status_code == (200 if expected else 404)
        person = await hub_client.get(
            f"/v1/persons/{referral['perpetrator']['id']}", headers=coordinator
        )
        shown = person.status_code == 200 and referral["id"] in {
            r["referral_id"] for r in person.json()["referrals"]
        }
        assert shown is expected
    listed = await hub_client.get("/v1/referrals?limit=200", headers=coordinator)
    ids = {item["id"] for item in listed.json()["items"]}
    assert (high["id"] in ids) is visible
    assert standard["id"] not in ids


async def test_reads_are_audited_with_purpose(
    hub_app: FastAPI,
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    referral = await _create(
        hub_client, hub_headers, make_referral(services_requested=["idas_refuge"])
    )
    await hub_client.get(
        f"/v1/referrals/{referral['id']}",
        headers=hub_headers(agency="idas", subject="idas-worker-3")
        | {"X-Purpose": "first contact"},
    )
    await hub_client.get(f"/v1/referrals/{referral['id']}", headers=hub_headers(agency="health"))
    async with hub_app.state.session_factory() as session:
        rows = (
            await session.execute(
                select(AuditEntry.agency, AuditEntry.action, AuditEntry.purpose)
                .where(AuditEntry.record_id == referral["id"])
                .order_by(AuditEntry.id)
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        (POLICE, "create", "not stated"),
        ("idas", "read", "first contact"),
    ]


async def test_a_malformed_id_is_422_not_500(
    hub_client: httpx.AsyncClient, hub_headers: Callable[..., dict[str, str]]
) -> None:
    response = await hub_client.get("/v1/referrals/not-a-uuid", headers=hub_headers())
    assert response.status_code == 422
