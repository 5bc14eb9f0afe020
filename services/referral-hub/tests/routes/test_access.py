"""Who may call the provider endpoints: 401 without a token, 403 without the scope,
404 for another agency's provider inbox, route or delivery log."""

import base64
import json
import uuid

import pytest

ROUTE = "/v1/routes/{route_id}"
FEEDBACK = "/v1/routes/{route_id}/feedback"
INBOX = "/v1/providers/idas/inbox"
DELIVERIES = "/v1/providers/idas/deliveries"
ACCEPT = {"status": "accepted"}


def _call(client, method: str, path: str, headers: dict[str, str]):
    if method == "POST":
        return client.post(path, json=ACCEPT, headers=headers)
    return client.get(path, headers=headers)


ENDPOINTS = [("GET", INBOX), ("GET", DELIVERIES), ("POST", FEEDBACK), ("GET", ROUTE)]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
async def test_no_token_is_401(client, refer, route_of, method: str, path: str) -> None:
    referral = await refer(client)
    path = path.format(route_id=route_of(referral, "idas"))

    response = await _call(client, method, path, {})

    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("method", "path", "scopes"),
    [
        ("GET", INBOX, ["referrals:read"]),
        ("GET", DELIVERIES, ["referrals:read"]),
        ("POST", FEEDBACK, ["referrals:read", "referrals:write"]),
        ("GET", ROUTE, ["hate-reports:write"]),
    ],
)
async def test_without_the_scope_is_403(
    client, refer, route_of, provider_headers, method: str, path: str, scopes: list[str]
) -> None:
    referral = await refer(client)
    path = path.format(route_id=route_of(referral, "idas"))

    response = await _call(client, method, path, provider_headers(scopes=scopes))

    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
async def test_another_provider_gets_404(
    client, refer, route_of, provider_headers, method: str, path: str
) -> None:
    referral = await refer(client)
    path = path.format(route_id=route_of(referral, "idas"))

    response = await _call(client, method, path, provider_headers("foundation"))

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_feedback_from_another_provider_changes_nothing(
    client, refer, route_of, provider_headers
) -> None:
    referral = await refer(client)
    route_id = route_of(referral, "idas")

    await client.post(
        FEEDBACK.format(route_id=route_id), json=ACCEPT, headers=provider_headers("foundation")
    )

    route = await client.get(ROUTE.format(route_id=route_id), headers=provider_headers())
    assert route.json()["status"] == "sent"


async def test_an_agency_with_the_scope_but_no_routes_sees_nothing_of_others(
    client, refer, route_of, hub_headers
) -> None:
    referral = await refer(client)
    council = hub_headers("north-yorkshire-council", scopes=["referrals:read"])

    response = await client.get(ROUTE.format(route_id=route_of(referral, "idas")), headers=council)

    assert response.status_code == 404


async def test_the_referring_agency_and_the_provider_read_the_route(
    client, refer, route_of, hub_headers, provider_headers
) -> None:
    referral = await refer(client)
    path = ROUTE.format(route_id=route_of(referral, "idas"))

    by_referrer = await client.get(path, headers=hub_headers(scopes=["referrals:read"]))
    by_provider = await client.get(path, headers=provider_headers())

    assert by_referrer.status_code == by_provider.status_code == 200
    assert by_referrer.json() == by_provider.json()
    assert by_provider.json()["referral_id"] == referral["id"]


async def test_an_unknown_route_is_404(client, provider_headers) -> None:
    route_id = uuid.uuid4()

    read = await client.get(ROUTE.format(route_id=route_id), headers=provider_headers())
    feedback = await client.post(
        FEEDBACK.format(route_id=route_id), json=ACCEPT, headers=provider_headers()
    )

    assert read.status_code == feedback.status_code == 404


async def test_a_marac_route_takes_no_provider_feedback(
    client, refer, route_of, provider_headers
) -> None:
    referral = await refer(client, dash={"incidents_last_12_months": 3})
    marac_route = route_of(referral, "marac")

    response = await client.post(
        FEEDBACK.format(route_id=marac_route), json=ACCEPT, headers=provider_headers()
    )

    assert response.status_code == 404


def forged(values: list[object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()


@pytest.mark.parametrize("path", [INBOX, DELIVERIES])
@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "%%%",
        forged([]),
        forged(["x", "y"]),
        forged([{"a": 1}, str(uuid.UUID(int=1))]),
        forged(["0001-01-01T00:00:00+14:00", str(uuid.UUID(int=2))]),
        forged(["9999-12-31T23:59:59-14:00", str(uuid.UUID(int=3))]),
    ],
)
async def test_a_cursor_this_api_did_not_issue_is_400(
    client, provider_headers, path: str, cursor: str
) -> None:
    response = await client.get(path, params={"cursor": cursor}, headers=provider_headers())

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_malformed_route_id_is_422(client, provider_headers) -> None:
    response = await client.get("/v1/routes/not-a-uuid", headers=provider_headers())

    assert response.status_code == 422
