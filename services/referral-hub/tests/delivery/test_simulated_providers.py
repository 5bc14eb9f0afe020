"""The whole loop over real HTTP: referral-hub delivers to the IDAS and Foundation
simulators, they report feedback through the API, the routes move, and the
`ProviderStatusChanged` events on the broker carry no personal data."""

import uuid
from typing import Any

import httpx

from csp_common.events.envelope import from_kafka
from csp_devtools.simulators.script import declines
from csp_devtools.testing.idempotency import KEYED_POSTS
from csp_devtools.testing.infra import eventually, free_port
from csp_devtools.testing.kafka import read_topic

STATUS_CHANGED = "csp.referral.provider_status_changed.v1"


async def route_status(hub_url: str, route_id: str, headers: dict[str, str]) -> str:
    async with httpx.AsyncClient(base_url=hub_url, event_hooks=KEYED_POSTS) as http:
        response = await http.get(f"/v1/routes/{route_id}", headers=headers)
    assert response.status_code == 200, response.text
    return str(response.json()["status"])


def status_is(hub_url: str, route_id: str, headers: dict[str, str], status: str):
    async def check() -> bool:
        return await route_status(hub_url, route_id, headers) == status

    return check


async def test_simulators_report_feedback_that_moves_the_routes_and_publishes_events(
    start_simulator, start_hub, webhook_hub_settings, hub_headers, provider_headers,
    make_referral, broker,
) -> None:  # fmt: skip
    hub_port = free_port()
    hub_url = f"http://127.0.0.1:{hub_port}"
    idas, _ = await start_simulator("idas", referral_hub_url=hub_url)
    foundation, _ = await start_simulator("foundation", referral_hub_url=hub_url)
    await start_hub(
        webhook_hub_settings(
            simulator_urls={"idas": idas.url, "foundation": foundation.url}, kafka_enabled=True
        ),
        port=hub_port,
    )
    body = make_referral(services_requested=["idas_community_support", "foundation_plus_choices"])

    async with httpx.AsyncClient(base_url=hub_url, event_hooks=KEYED_POSTS) as http:
        created = await http.post("/v1/referrals", json=body, headers=hub_headers())
    assert created.status_code == 201, created.text
    referral = created.json()
    routes = {r["provider"]: r for r in referral["routes"]}

    idas_route = routes["idas"]["id"]
    await eventually(status_is(hub_url, idas_route, provider_headers("idas"), "engaged"))
    foundation_route = routes["foundation"]["id"]
    foundation_final = (
        "declined"
        if declines(
            provider="foundation",
            service="foundation_plus_choices",
            route_id=uuid.UUID(foundation_route),
            one_in=3,
        )
        else "engaged"
    )
    await eventually(
        status_is(hub_url, foundation_route, provider_headers("foundation"), foundation_final)
    )

    expected = 3 + (1 if foundation_final == "declined" else 3)
    events = await eventually(
        lambda: status_changes(broker.bootstrap_servers, referral["id"], expected)
    )
    by_route: dict[str, list[str]] = {}
    for _, payload in events:
        by_route.setdefault(str(payload["route_id"]), []).append(payload["status"])
        assert payload["routed_at"] is not None and payload["occurred_at"] is not None
    assert by_route[idas_route] == ["accepted", "contacted", "engaged"]
    assert by_route[foundation_route] == (
        ["declined"] if foundation_final == "declined" else ["accepted", "contacted", "engaged"]
    )
    assert_no_personal_data(
        [raw for raw, _ in events] + await all_records_of(broker.bootstrap_servers, referral["id"]),
        referral,
    )


async def status_changes(
    servers: str, referral_id: str, expected: int
) -> list[tuple[bytes, dict[str, Any]]] | None:
    found = []
    for record in await read_topic(servers, "csp.referrals", timeout=3):
        if record.key != referral_id.encode():
            continue
        event = from_kafka(key=record.key, value=record.value, headers=record.headers)
        if event.type == STATUS_CHANGED:
            raw = record.value + b"".join(v for _, v in record.headers)
            found.append((raw, event.payload.model_dump(mode="json")))
    return found if len(found) >= expected else None


async def all_records_of(servers: str, referral_id: str) -> list[bytes]:
    return [
        record.value + b"".join(v for _, v in record.headers)
        for record in await read_topic(servers, "csp.referrals", timeout=3)
        if record.key == referral_id.encode()
    ]


def assert_no_personal_data(records: list[bytes], referral: dict[str, Any]) -> None:
    victim, perpetrator = referral["victim"], referral["perpetrator"]
    personal = [
        victim["given_name"],
        victim["family_name"],
        victim["date_of_birth"],
        victim["postcode"],
        victim["safe_contact"],
        perpetrator["given_name"],
        perpetrator["family_name"],
        perpetrator["date_of_birth"],
        perpetrator["postcode"],
    ]
    assert records
    for record in records:
        text = record.decode(errors="replace")
        for value in personal:
            assert value not in text, f"{value!r} found in an event"
