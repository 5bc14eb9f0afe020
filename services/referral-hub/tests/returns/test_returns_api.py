"""Quarterly performance returns through the provider API: counts for one of the
provider's services and a quarter that is over, checked, kept in versions, and each
version put in the outbox for reporting; another provider's returns do not exist."""

import json
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from csp_common.tables import outbox_table

RETURNS = ("provider:returns",)
PATH = "/v1/providers/idas/returns/idas_community_support/2023-24-Q3"


def a_return(**changes: Any) -> dict[str, Any]:
    return {
        "referrals_received": 812,
        "self_referrals": 96,
        "caseload": 640,
        "closures": 310,
        "outcomes": {"risk_reduced": 251, "feels_safer": 268},
        "waiting_at_end": 14,
        "median_wait_days": 2.5,
        **changes,
    }


@pytest.fixture
def idas(hub_headers) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return hub_headers(agency="idas", scopes=RETURNS)


async def _events(app: FastAPI) -> list[dict[str, Any]]:
    async with app.state.session_factory() as session:
        rows = (
            await session.execute(
                select(outbox_table)
                .where(outbox_table.c.event_type == "csp.provider_return.submitted.v1")
                .order_by(outbox_table.c.id)
            )
        ).all()
    return [{"key": row.key, "topic": row.topic, **json.loads(row.data)} for row in rows]


async def test_a_return_is_submitted_and_read_back(
    hub_client: httpx.AsyncClient, hub_app: FastAPI, idas: dict[str, str]
) -> None:
    answer = await hub_client.put(PATH, json=a_return(), headers=idas)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert (body["version"], body["quarter_start"], body["quarter_end"]) == (
        1,
        "2023-10-01",
        "2023-12-31",
    )
    assert body["outcomes"] == {"risk_reduced": 251, "feels_safer": 268}
    assert len(body["versions"]) == 1
    read = await hub_client.get(PATH, headers=idas)
    assert read.status_code == 200
    assert read.json()["referrals_received"] == 812
    [event] = await _events(hub_app)
    assert (event["key"], event["topic"]) == (
        "idas:idas_community_support:2023-24-Q3",
        "csp.referrals",
    )
    assert event["version"] == 1
    assert event["outcomes"] == [
        {"measure": "feels_safer", "count": 268},
        {"measure": "risk_reduced", "count": 251},
    ]
    assert event["median_wait_days"] == 2.5


async def test_sending_the_same_figures_again_changes_nothing(
    hub_client: httpx.AsyncClient, hub_app: FastAPI, idas: dict[str, str]
) -> None:
    first = await hub_client.put(PATH, json=a_return(), headers=idas)
    again = await hub_client.put(PATH, json=a_return(), headers=idas)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["version"] == 1
    assert len(await _events(hub_app)) == 1


async def test_a_correction_is_the_next_version(
    hub_client: httpx.AsyncClient, hub_app: FastAPI, idas: dict[str, str]
) -> None:
    await hub_client.put(PATH, json=a_return(), headers=idas)
    corrected = await hub_client.put(PATH, json=a_return(closures=320), headers=idas)
    assert corrected.status_code == 200, corrected.text
    assert "idempotent-replayed" not in corrected.headers
    body = corrected.json()
    assert (body["version"], body["closures"]) == (2, 320)
    assert [v["closures"] for v in body["versions"]] == [310, 320]
    events = await _events(hub_app)
    assert [(e["version"], e["closures"]) for e in events] == [(1, 310), (2, 320)]
    listed = (await hub_client.get("/v1/providers/idas/returns", headers=idas)).json()
    assert [(r["service"], r["quarter"], r["version"]) for r in listed["items"]] == [
        ("idas_community_support", "2023-24-Q3", 2)
    ]


@pytest.mark.parametrize(
    ("changes", "pointer"),
    [
        ({"self_referrals": 900}, "#/body/self_referrals"),
        ({"outcomes": {"behaviour_change": 311}}, "#/body/outcomes/behaviour_change"),
        ({"outcomes": {"happier": 3}}, "#/body/outcomes/happier/[key]"),
        ({"caseload": -1}, "#/body/caseload"),
        ({"median_wait_days": 2.55}, "#/body/median_wait_days"),
        ({"victim_name": "A Person"}, "#/body/victim_name"),
    ],
)
async def test_bad_figures_get_a_problem_and_change_nothing(
    hub_client: httpx.AsyncClient,
    hub_app: FastAPI,
    idas: dict[str, str],
    changes: dict[str, Any],
    pointer: str,
) -> None:
    answer = await hub_client.put(PATH, json=a_return(**changes), headers=idas)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert pointer in [error["pointer"] for error in answer.json()["errors"]]
    assert (await hub_client.get(PATH, headers=idas)).status_code == 404
    assert await _events(hub_app) == []


@pytest.mark.parametrize(
    ("quarter", "status"),
    [("2099-00-Q1", 422), ("2023-25-Q1", 422), ("2023-24-Q9", 422), ("Q3", 422)],
)
async def test_a_quarter_not_over_or_not_a_quarter_is_refused(
    hub_client: httpx.AsyncClient, idas: dict[str, str], quarter: str, status: int
) -> None:
    answer = await hub_client.put(
        f"/v1/providers/idas/returns/idas_refuge/{quarter}", json=a_return(), headers=idas
    )
    assert answer.status_code == status, answer.text
    assert answer.json()["errors"][0]["pointer"] == "#/path/quarter"


async def test_another_providers_returns_do_not_exist_for_you(
    hub_client: httpx.AsyncClient,
    hub_headers,
    idas: dict[str, str],  # type: ignore[no-untyped-def]
) -> None:
    foundation = hub_headers(agency="foundation", scopes=RETURNS)
    await hub_client.put(PATH, json=a_return(), headers=idas)
    assert (await hub_client.get(PATH, headers=foundation)).status_code == 404
    assert (await hub_client.put(PATH, json=a_return(), headers=foundation)).status_code == 404
    listed = await hub_client.get("/v1/providers/idas/returns", headers=foundation)
    assert listed.status_code == 404
    own = await hub_client.get("/v1/providers/foundation/returns", headers=foundation)
    assert own.json() == {"items": []}
    # a service IDAS does not run, in IDAS's own path
    plus_choices = "/v1/providers/idas/returns/foundation_plus_choices/2023-24-Q3"
    assert (await hub_client.put(plus_choices, json=a_return(), headers=idas)).status_code == 404
    assert (await hub_client.get(PATH, headers=hub_headers(agency="idas"))).status_code == 403
