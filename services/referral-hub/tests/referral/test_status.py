from collections.abc import Callable
from typing import Any

import httpx


async def _create(
    client: httpx.AsyncClient, headers: dict[str, str], body: dict[str, Any]
) -> httpx.Response:
    response = await client.post("/v1/referrals", json=body, headers=headers)
    assert response.status_code == 201
    return response


async def test_status_changes_need_the_current_etag(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    created = await _create(hub_client, hub_headers(), make_referral())
    url = f"/v1/referrals/{created.json()['id']}"
    etag = created.headers["etag"]

    missing = await hub_client.patch(url, json={"status": "in_progress"}, headers=hub_headers())
    assert missing.status_code == 428

    moved = await hub_client.patch(
        url, json={"status": "in_progress"}, headers=hub_headers() | {"If-Match": etag}
    )
    assert moved.status_code == 200
    assert moved.json()["status"] == "in_progress"
    assert moved.headers["etag"] != etag

    stale = await hub_client.patch(
        url, json={"status": "closed"}, headers=hub_headers() | {"If-Match": etag}
    )
    assert stale.status_code == 412

    closed = await hub_client.patch(
        url, json={"status": "closed"}, headers=hub_headers() | {"If-Match": moved.headers["etag"]}
    )
    assert closed.status_code == 200
    reopened = await hub_client.patch(
        url,
        json={"status": "in_progress"},
        headers=hub_headers() | {"If-Match": closed.headers["etag"]},
    )
    assert reopened.status_code == 409


async def test_only_the_referrer_changes_status(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    created = await _create(
        hub_client, hub_headers(), make_referral(services_requested=["idas_refuge"])
    )
    url = f"/v1/referrals/{created.json()['id']}"
    provider = hub_headers(agency="idas", scopes=["referrals:write", "referrals:read"])
    answer = await hub_client.patch(
        url, json={"status": "withdrawn"}, headers=provider | {"If-Match": created.headers["etag"]}
    )
    assert answer.status_code == 403
    stranger = hub_headers(agency="health")
    answer = await hub_client.patch(
        url, json={"status": "withdrawn"}, headers=stranger | {"If-Match": created.headers["etag"]}
    )
    assert answer.status_code == 404
