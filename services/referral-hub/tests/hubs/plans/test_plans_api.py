"""A case's SARA plan and its actions (PostgreSQL, each test rolled back)."""

from collections.abc import Callable
from typing import Any

import httpx

PLAN = {
    "stage": "analysis",
    "scanning": "Noise and intimidation at the flats since January.",
    "analysis": "Evenings; two subjects.",
    "next_review_on": "2023-04-14",
}


async def test_a_plan_with_an_action_owned_by_a_partner(
    hub_client: httpx.AsyncClient,
    open_case: Callable[..., Any],
    staff: Callable[..., Any],
    partner: Callable[..., Any],
) -> None:
    case = await open_case(hub_client)
    url = f"/v1/hub-cases/{case['id']}/plan"
    first_step = await hub_client.post(
        f"{url}/actions",
        json={"owner_agency": "probation", "action": "Check licence", "due_on": "2023-03-08"},
        headers=staff(),
    )
    assert first_step.status_code == 201, first_step.text  # an action starts the plan
    started = (await hub_client.get(f"/v1/hub-cases/{case['id']}", headers=staff())).json()
    assert started["plan"]["stage"] == "scanning" and len(started["plan"]["actions"]) == 1
    saved = await hub_client.put(url, json=PLAN, headers=staff())
    assert saved.status_code == 204, saved.text
    action = await hub_client.post(
        f"{url}/actions",
        json={
            "owner_agency": "fire-rescue",
            "action": "Home fire safety visit",
            "due_on": "2023-03-20",
        },
        headers=staff(),
    )
    assert action.status_code == 201, action.text
    # the owning agency is now involved: it sees the case
    fire = partner(agency="fire-rescue")
    assert (await hub_client.get(f"/v1/hub-cases/{case['id']}", headers=fire)).status_code == 200
    done = await hub_client.post(
        f"{url}/actions/{action.json()['id']}/completion",
        json={"completed_on": "2023-03-18"},
        headers=fire,
    )
    assert done.status_code == 204, done.text
    changed = await hub_client.put(url, json=PLAN | {"stage": "response"}, headers=staff())
    assert changed.status_code == 204
    plan = (await hub_client.get(f"/v1/hub-cases/{case['id']}", headers=staff())).json()["plan"]
    assert plan["stage"] == "response" and plan["version"] == 3
    assert [a["completed_on"] for a in plan["actions"]] == [None, "2023-03-18"]
    unknown = await hub_client.post(
        f"{url}/actions",
        json={"owner_agency": "acme-security", "action": "Patrol", "due_on": "2023-03-20"},
        headers=staff(),
    )
    assert unknown.status_code == 422
