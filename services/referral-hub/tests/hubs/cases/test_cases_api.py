"""POST/GET /v1/hub-cases against PostgreSQL (each test rolled back)."""

import uuid
from collections.abc import Callable
from typing import Any

import httpx
from sqlalchemy import func, select

from csp_common.tables import audit_table, outbox_table
from referral_hub.hubs.cases.models import case_table


async def test_a_case_is_opened_with_its_people_and_read_back(
    hub_client: httpx.AsyncClient,
    open_case: Callable[..., Any],
    staff: Callable[..., dict[str, str]],
) -> None:
    created = await open_case(hub_client)
    assert created["status"] == "open"
    assert {p["role"] for p in created["people"]} == {"victim", "subject"}
    assert created["repeat_location"] is False

    read = await hub_client.get(f"/v1/hub-cases/{created['id']}", headers=staff())
    assert read.status_code == 200, read.text
    case = read.json()
    assert case["hub"] == "scarborough"
    assert case["location"]["postcode"] == "YO11 1AA"
    assert case["reporting_agency"] == "north-yorkshire-council"
    assert case["incidents"] == [] and case["plan"] is None and case["referral_id"] is None


async def test_a_second_case_at_the_same_place_about_the_same_victim_is_a_repeat(
    hub_client: httpx.AsyncClient, open_case: Callable[..., Any], make_case: Callable[..., Any]
) -> None:
    body = make_case()
    first = await open_case(hub_client, **body)
    same_place = {**body["location"], "address_line": body["location"]["address_line"].upper()}
    second = await open_case(hub_client, location=same_place, people=body["people"][:1])
    assert second["location_id"] == first["location_id"]
    assert second["repeat_location"] is True and second["repeat_victim"] is True
    victim = next(p for p in first["people"] if p["role"] == "victim")
    assert second["people"][0]["id"] == victim["id"]


async def test_a_retry_with_the_same_key_opens_one_case(
    hub_client: httpx.AsyncClient,
    staff: Callable[..., dict[str, str]],
    make_case: Callable[..., Any],
) -> None:
    body = make_case()
    headers = staff() | {"Idempotency-Key": str(uuid.uuid4())}
    first = await hub_client.post("/v1/hub-cases", json=body, headers=headers)
    again = await hub_client.post("/v1/hub-cases", json=body, headers=headers)
    assert first.status_code == 201 and again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    other = await hub_client.post("/v1/hub-cases", json=make_case(kind="drugs"), headers=headers)
    assert other.status_code == 409
    assert other.json()["type"].endswith("idempotency-key-reused")


async def test_incidents_links_and_closure(
    hub_client: httpx.AsyncClient,
    open_case: Callable[..., Any],
    staff: Callable[..., dict[str, str]],
) -> None:
    case = await open_case(hub_client)
    other = await open_case(hub_client)
    incident = await hub_client.post(
        f"/v1/hub-cases/{case['id']}/incidents",
        json={"occurred_on": "2023-03-01", "occurred_at": "22:30", "reported_on": "2023-03-02"},
        headers=staff(),
    )
    assert incident.status_code == 201, incident.text
    assert incident.json()["kind"] == "asb_personal"
    link = await hub_client.post(
        f"/v1/hub-cases/{case['id']}/links",
        json={"case_id": other["id"], "reason": "same_person"},
        headers=staff(),
    )
    assert link.status_code == 204, link.text
    closed = await hub_client.post(
        f"/v1/hub-cases/{case['id']}/closure",
        json={"outcome": "resolved", "closed_on": "2023-06-30"},
        headers=staff(),
    )
    assert closed.status_code == 204, closed.text
    again = await hub_client.post(
        f"/v1/hub-cases/{case['id']}/closure",
        json={"outcome": "resolved", "closed_on": "2023-06-30"},
        headers=staff(),
    )
    assert again.status_code == 409
    read = (await hub_client.get(f"/v1/hub-cases/{case['id']}", headers=staff())).json()
    assert read["status"] == "closed" and read["outcome"] == "resolved"
    assert read["links"] == [{"case_id": other["id"], "reason": "same_person"}]
    assert [i["occurred_at"] for i in read["incidents"]] == ["22:30:00"]
    linked = (await hub_client.get(f"/v1/hub-cases/{other['id']}", headers=staff())).json()
    assert linked["links"] == [{"case_id": case["id"], "reason": "same_person"}]


async def test_every_read_is_audited_with_the_people_read(
    hub_client: httpx.AsyncClient,
    query: Callable[..., Any],
    open_case: Callable[..., Any],
    staff: Callable[..., dict[str, str]],
) -> None:
    case = await open_case(hub_client)
    await hub_client.get(
        f"/v1/hub-cases/{case['id']}", headers=staff() | {"X-Purpose": "hub-meeting"}
    )
    rows = await query(
        select(audit_table.c.record_type, audit_table.c.purpose).where(
            audit_table.c.action == "read",
            audit_table.c.record_id.in_([case["id"], *(p["id"] for p in case["people"])]),
        )
    )
    assert sorted(r.record_type for r in rows) == ["hub_case", "person", "person"]
    assert {r.purpose for r in rows} == {"hub-meeting"}


async def test_opening_a_case_publishes_ids_and_codes_only(
    hub_client: httpx.AsyncClient,
    query: Callable[..., Any],
    open_case: Callable[..., Any],
) -> None:
    case = await open_case(hub_client)
    rows = await query(
        select(outbox_table.c.event_type, outbox_table.c.data).where(
            outbox_table.c.key == case["id"]
        )
    )
    assert [r.event_type for r in rows] == ["csp.hubs.case_opened.v1"]
    text = bytes(rows[0].data).decode()
    for person in case["people"]:
        assert person["given_name"] not in text and person["family_name"] not in text
    assert "Harbour" not in text and "YO11" not in text


async def test_bad_input_is_a_problem_and_changes_nothing(
    hub_client: httpx.AsyncClient,
    query: Callable[..., Any],
    staff: Callable[..., dict[str, str]],
    make_case: Callable[..., Any],
) -> None:
    before = await query(select(func.count()).select_from(case_table))
    bad = [
        make_case(hub="atlantis"),
        make_case(kind="littering_on_mars"),
        make_case(location={"kind": "place"}),
        make_case(reported_on="2023-02-30"),
        make_case(people=[{"role": "bystander", "given_name": "A", "family_name": "B"}]),
        make_case(unexpected=True),
    ]
    for body in bad:
        response = await hub_client.post("/v1/hub-cases", json=body, headers=staff())
        assert response.status_code == 422, (body, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["errors"][0]["pointer"].startswith("#/body")
    after = await query(select(func.count()).select_from(case_table))
    assert after == before
