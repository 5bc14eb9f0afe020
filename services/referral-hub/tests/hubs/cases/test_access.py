"""Who sees a hub case (PostgreSQL, each test rolled back): its hub's staff and the
agencies involved in it; another hub, another agency or no scope is 404 or 403, and a
list shows nothing of what is hidden."""

from collections.abc import Callable
from typing import Any

import httpx

POLICE = "north-yorkshire-police"
YORK_COUNCIL = "city-of-york-council"


async def test_the_access_matrix(
    hub_client: httpx.AsyncClient,
    open_case: Callable[..., Any],
    staff: Callable[..., Any],
    partner: Callable[..., Any],
    hub_headers: Callable[..., Any],
) -> None:
    case = await open_case(hub_client, staff(agency=POLICE))
    url = f"/v1/hub-cases/{case['id']}"
    seen_by = {
        "its hub's staff": staff(hub="scarborough", agency="north-yorkshire-council"),
        "the reporting agency": partner(agency=POLICE),
    }
    hidden_from = {
        "another hub's staff": staff(hub="york", agency=YORK_COUNCIL),
        "an agency not involved": partner(agency="probation"),
        "a coordinator of another hub": hub_headers(
            agency="pfcc", scopes=["hubs:read"], area="selby"
        ),
    }
    for who, headers in seen_by.items():
        assert (await hub_client.get(url, headers=headers)).status_code == 200, who
    for who, headers in hidden_from.items():
        response = await hub_client.get(url, headers=headers)
        assert response.status_code == 404, who
        assert response.headers["content-type"].startswith("application/problem+json")
        listed = await hub_client.get("/v1/hub-cases", headers=headers)
        assert case["id"] not in {item["id"] for item in listed.json()["items"]}, who
        write = await hub_client.post(
            f"{url}/incidents", json={"occurred_on": "2023-03-01"}, headers=headers
        )
        assert write.status_code in (403, 404), who
    no_scope = hub_headers(agency=POLICE, scopes=["referrals:read"])
    assert (await hub_client.get(url, headers=no_scope)).status_code == 403
    coordinator_only = hub_headers(agency="pfcc", scopes=["hubs:coordinate"], area="scarborough")
    assert (await hub_client.get(url, headers=coordinator_only)).status_code == 403
    assert (await hub_client.get(url)).status_code == 401


async def test_an_incident_logged_by_a_partner_involves_it(
    hub_client: httpx.AsyncClient,
    open_case: Callable[..., Any],
    staff: Callable[..., Any],
    partner: Callable[..., Any],
) -> None:
    case = await open_case(hub_client)
    url = f"/v1/hub-cases/{case['id']}"
    police = partner(agency=POLICE)
    assert (await hub_client.get(url, headers=police)).status_code == 404
    await hub_client.put(f"{url}/plan", json={"stage": "scanning"}, headers=staff())
    action = await hub_client.post(
        f"{url}/plan/actions",
        json={"owner_agency": POLICE, "action": "Patrols", "due_on": "2023-03-20"},
        headers=staff(),
    )
    assert action.status_code == 201
    assert (await hub_client.get(url, headers=police)).status_code == 200


async def test_a_coordinator_reads_their_hubs_dashboard_and_list_only(
    hub_client: httpx.AsyncClient,
    open_case: Callable[..., Any],
    hub_headers: Callable[..., Any],
) -> None:
    await open_case(hub_client)
    coordinator = hub_headers(agency="pfcc", scopes=["hubs:coordinate"], area="scarborough")
    response = await hub_client.get("/v1/hubs/dashboard", headers=coordinator)
    assert response.status_code == 200, response.text
    assert response.json()["hub"] == "scarborough"
    assert response.json()["open_cases"] >= 1
    assert response.json()["open_by_kind"]["asb_personal"] >= 1
    no_hub = hub_headers(agency="pfcc", scopes=["hubs:coordinate"])
    assert (await hub_client.get("/v1/hubs/dashboard", headers=no_hub)).status_code == 403
    listed = await hub_client.get("/v1/hub-cases", headers=coordinator)
    assert listed.status_code == 200
    assert {item["hub"] for item in listed.json()["items"]} == {"scarborough"}
    assert "people" not in listed.json()["items"][0]
