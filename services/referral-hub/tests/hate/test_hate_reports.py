"""POST/GET /v1/hate-reports against PostgreSQL (each test rolled back)."""

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from csp_common.tables import audit_table, outbox_table

POLICE = "north-yorkshire-police"
COUNCIL = "north-yorkshire-council"
WRITE = ["hate-reports:write"]


def report(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "crime",
        "strands": ["race", "religion"],
        "occurred_at": "2023-11-20T01:15:00Z",
        "area": "harrogate",
        "victim_police_officer_on_duty": False,
        "reporting_channel": "police",
    }
    body.update(overrides)
    return body


@pytest.fixture
def police(hub_headers: Callable[..., dict[str, str]]) -> dict[str, str]:
    return hub_headers(agency=POLICE, scopes=WRITE)


async def test_a_crime_is_recorded_and_read_back(
    hub_client: httpx.AsyncClient, police: dict[str, str]
) -> None:
    answer = await hub_client.post("/v1/hate-reports", json=report(), headers=police)
    assert answer.status_code == 201, answer.text
    created = answer.json()
    assert answer.headers["location"] == f"/v1/hate-reports/{created['id']}"
    assert created["kind"] == "crime"
    assert created["strands"] == ["race", "religion"]
    assert created["reporting_agency"] == POLICE
    assert created["channel"] == "api"
    assert datetime.fromisoformat(created["occurred_at"]) == datetime(
        2023, 11, 20, 1, 15, tzinfo=UTC
    )

    read = await hub_client.get(answer.headers["location"], headers=police)
    assert read.status_code == 200
    assert read.json() == created


async def test_non_crime_incident_is_kept_apart(
    hub_client: httpx.AsyncClient, police: dict[str, str]
) -> None:
    answer = await hub_client.post(
        "/v1/hate-reports",
        json=report(kind="non_crime_incident", strands=["transgender"]),
        headers=police,
    )
    assert answer.status_code == 201
    crimes = await hub_client.get("/v1/hate-reports", params={"kind": "crime"}, headers=police)
    incidents = await hub_client.get(
        "/v1/hate-reports", params={"kind": "non_crime_incident"}, headers=police
    )
    assert answer.json()["id"] not in {r["id"] for r in crimes.json()["items"]}
    assert [r["id"] for r in incidents.json()["items"]] == [answer.json()["id"]]


@pytest.mark.parametrize(
    ("change", "pointer"),
    [
        ({"strands": []}, "#/body/strands"),
        ({"strands": ["race", "race"]}, "#/body/strands"),
        ({"strands": ["football"]}, "#/body/strands/0"),
        ({"kind": "rumour"}, "#/body/kind"),
        ({"occurred_at": "2023-11-20T01:15:00"}, "#/body/occurred_at"),
        ({"occurred_at": "2999-01-01T00:00:00Z"}, "#/body/occurred_at"),
        ({"reporting_channel": "twitter"}, "#/body/reporting_channel"),
        ({"area": "Not An Area!"}, "#/body/area"),
        ({"victim_name": "Ann Smith"}, "#/body/victim_name"),
        ({"narrative": "what happened"}, "#/body/narrative"),
        # numbers are not times (pydantic's lax mode took -1 and 1.5 as seconds since 1970)
        ({"occurred_at": -1}, "#/body/occurred_at"),
        ({"occurred_at": 1.5}, "#/body/occurred_at"),
        ({"occurred_at": "1700000000"}, "#/body/occurred_at"),
        ({"occurred_at": "0001-01-01T00:00:00+14:00"}, "#/body/occurred_at"),
        ({"source_reference": "A\u0000"}, "#/body/source_reference"),
    ],
)
async def test_invalid_bodies_get_problem_details_with_pointers(
    hub_client: httpx.AsyncClient, police: dict[str, str], change: dict[str, Any], pointer: str
) -> None:
    answer = await hub_client.post("/v1/hate-reports", json=report(**change), headers=police)
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    problem = answer.json()
    assert problem["status"] == 422
    assert pointer in [e["pointer"] for e in problem["errors"]], problem


async def test_a_missing_field_is_pointed_at(
    hub_client: httpx.AsyncClient, police: dict[str, str]
) -> None:
    body = report()
    del body["occurred_at"]
    answer = await hub_client.post("/v1/hate-reports", json=body, headers=police)
    assert answer.status_code == 422
    assert "#/body/occurred_at" in [e["pointer"] for e in answer.json()["errors"]]


async def test_an_unknown_area_is_refused_with_422(
    hub_client: httpx.AsyncClient, police: dict[str, str]
) -> None:
    answer = await hub_client.post("/v1/hate-reports", json=report(area="leeds"), headers=police)
    assert answer.status_code == 422
    problem = answer.json()
    assert problem["errors"] == [
        {"pointer": "#/body/area", "detail": problem["detail"], "code": "unknown"}
    ]
    assert "leeds" in problem["detail"] and "harrogate" in problem["detail"]


async def test_access_needs_a_token_and_the_scope(
    hub_client: httpx.AsyncClient, hub_headers: Callable[..., dict[str, str]]
) -> None:
    assert (await hub_client.post("/v1/hate-reports", json=report())).status_code == 401
    bad = {"Authorization": "Bearer not-a-token"}
    assert (
        await hub_client.post("/v1/hate-reports", json=report(), headers=bad)
    ).status_code == 401
    referrer = hub_headers(agency=POLICE, scopes=["referrals:write", "referrals:read"])
    answer = await hub_client.post("/v1/hate-reports", json=report(), headers=referrer)
    assert answer.status_code == 403
    assert answer.json()["required_scopes"] == ["hate-reports:write"]
    assert (await hub_client.get("/v1/hate-reports", headers=referrer)).status_code == 403


async def test_only_the_reporting_agency_and_admin_see_a_report(
    hub_client: httpx.AsyncClient,
    police: dict[str, str],
    hub_headers: Callable[..., dict[str, str]],
) -> None:
    created = (await hub_client.post("/v1/hate-reports", json=report(), headers=police)).json()
    url = f"/v1/hate-reports/{created['id']}"
    other = hub_headers(agency=COUNCIL, scopes=["hate-reports:write", "hate-reports:read"])
    answer = await hub_client.get(url, headers=other)
    assert answer.status_code == 404
    assert answer.json()["type"].endswith("/not-found")
    assert (await hub_client.get("/v1/hate-reports", headers=other)).json()["items"] == []
    admin = hub_headers(agency="pfcc", scopes=["admin"])
    assert (await hub_client.get(url, headers=admin)).status_code == 200
    reader = hub_headers(agency=POLICE, scopes=["hate-reports:read"])
    assert (await hub_client.get(url, headers=reader)).status_code == 200
    missing = f"/v1/hate-reports/{uuid.uuid4()}"
    assert (await hub_client.get(missing, headers=police)).status_code == 404


async def test_a_repeated_source_reference_returns_the_existing_report(
    hub_client: httpx.AsyncClient,
    hub_app: FastAPI,
    police: dict[str, str],
    hub_headers: Callable[..., dict[str, str]],
) -> None:
    body = report(source_reference="NYP-HC-1")
    first = await hub_client.post("/v1/hate-reports", json=body, headers=police)
    again = await hub_client.post("/v1/hate-reports", json=body, headers=police)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    other = hub_headers(agency=COUNCIL, scopes=WRITE)
    theirs = await hub_client.post("/v1/hate-reports", json=body, headers=other)
    assert theirs.status_code == 201
    assert theirs.json()["id"] != first.json()["id"]
    events = await _hate_events(hub_app)
    assert [e["report_id"] for e in events] == [first.json()["id"], theirs.json()["id"]]


async def test_the_event_carries_codes_and_dates_only(
    hub_client: httpx.AsyncClient, hub_app: FastAPI, police: dict[str, str]
) -> None:
    body = report(
        strands=["disability"],
        victim_police_officer_on_duty=True,
        reporting_channel="third_party_reporting_centre",
        source_reference="TPRC-77",
    )
    created = (await hub_client.post("/v1/hate-reports", json=body, headers=police)).json()
    [event] = await _hate_events(hub_app)
    assert event == {
        "report_id": created["id"],
        "kind": "crime",
        "strands": ["disability"],
        "occurred_at": "2023-11-20T01:15:00Z",
        "area": "harrogate",
        "victim_police_officer_on_duty": True,
        "reporting_channel": "third_party_reporting_centre",
        "channel": "api",
    }
    async with hub_app.state.session_factory() as session:
        row = (
            await session.execute(
                select(outbox_table).where(
                    outbox_table.c.event_type == "csp.referral.hate_incident_reported.v1"
                )
            )
        ).one()
    assert row.key == created["id"]
    assert row.topic == "csp.referrals"
    assert "TPRC-77" not in row.data.decode()


async def test_writes_and_reads_are_audited(
    hub_client: httpx.AsyncClient, hub_app: FastAPI, police: dict[str, str]
) -> None:
    created = (await hub_client.post("/v1/hate-reports", json=report(), headers=police)).json()
    headers = police | {"X-Purpose": "hate-crime-review"}
    await hub_client.get(f"/v1/hate-reports/{created['id']}", headers=headers)
    async with hub_app.state.session_factory() as session:
        rows = (
            await session.execute(
                select(audit_table.c.action, audit_table.c.agency, audit_table.c.purpose)
                .where(audit_table.c.record_id == created["id"])
                .order_by(audit_table.c.id)
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        ("create", POLICE, "not stated"),
        ("read", POLICE, "hate-crime-review"),
    ]


async def test_list_filters_sorts_and_pages(
    hub_client: httpx.AsyncClient, police: dict[str, str]
) -> None:
    start = datetime(2023, 10, 1, 0, 30, tzinfo=UTC)
    ids = []
    for n in range(7):
        body = report(
            occurred_at=(start + timedelta(days=n)).isoformat(),
            strands=["race"] if n % 2 else ["sexual_orientation", "religion"],
            area="york" if n < 3 else "selby",
            victim_police_officer_on_duty=n == 6,
        )
        ids.append(
            (await hub_client.post("/v1/hate-reports", json=body, headers=police)).json()["id"]
        )

    async def listed(**params: Any) -> list[str]:
        answer = await hub_client.get("/v1/hate-reports", params=params, headers=police)
        assert answer.status_code == 200, answer.text
        return [r["id"] for r in answer.json()["items"]]

    assert await listed(order="asc") == ids
    assert await listed() == ids[::-1]
    assert await listed(strand="race", order="asc") == ids[1::2]
    assert await listed(strand="religion", order="asc") == ids[0::2]
    assert await listed(area="york", order="asc") == ids[:3]
    assert await listed(officer_on_duty=True) == [ids[6]]
    assert (
        await listed(
            occurred_from="2023-10-02T00:00:00Z", occurred_to="2023-10-04T00:30:00Z", order="asc"
        )
        == ids[1:3]
    )

    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 3, "order": "asc", "sort": "occurred_at"}
        if cursor:
            params["cursor"] = cursor
        page = (await hub_client.get("/v1/hate-reports", params=params, headers=police)).json()
        seen += [r["id"] for r in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids
    bad = await hub_client.get("/v1/hate-reports", params={"cursor": "nonsense"}, headers=police)
    assert bad.status_code == 400


async def test_forged_cursors_and_odd_times_are_4xx_never_500(
    hub_client: httpx.AsyncClient,
    police: dict[str, str],
    forged_cursors: Callable[[str], list[str]],
) -> None:
    await hub_client.post("/v1/hate-reports", json=report(), headers=police)
    for sort in ("occurred_at", "recorded_at"):
        for cursor in forged_cursors(f"-{sort}"):  # newest first by default
            params = {"sort": sort, "cursor": cursor}
            answer = await hub_client.get("/v1/hate-reports", params=params, headers=police)
            if answer.status_code == 200:
                continue
            assert answer.status_code == 400, (params, answer.text)
    for value in ("-1", "1.5", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"):
        for name in ("occurred_from", "occurred_to"):
            answer = await hub_client.get("/v1/hate-reports", params={name: value}, headers=police)
            assert answer.status_code == 422, (name, value, answer.text)


async def _hate_events(app: FastAPI) -> list[dict[str, Any]]:
    async with app.state.session_factory() as session:
        rows = await session.execute(
            select(outbox_table.c.data)
            .where(outbox_table.c.event_type == "csp.referral.hate_incident_reported.v1")
            .order_by(outbox_table.c.id)
        )
        return [json.loads(data) for (data,) in rows]


async def test_a_retry_with_the_same_key_is_the_first_report(
    hub_client: httpx.AsyncClient, police: dict[str, str]
) -> None:
    keyed = police | {"Idempotency-Key": "nyp-hate-retry-1"}
    first = await hub_client.post("/v1/hate-reports", json=report(), headers=keyed)
    again = await hub_client.post("/v1/hate-reports", json=report(), headers=keyed)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    other = await hub_client.post(
        "/v1/hate-reports", json=report(kind="non_crime_incident"), headers=keyed
    )
    assert other.status_code == 409
    assert other.json()["type"].endswith("/idempotency-key-reused")


async def test_a_report_without_a_key_is_400(hub_app: FastAPI, police: dict[str, str]) -> None:
    transport = httpx.ASGITransport(app=hub_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub") as bare:
        refused = await bare.post("/v1/hate-reports", json=report(), headers=police)
    assert refused.status_code == 400
    assert refused.json()["type"].endswith("/idempotency-key-required")
