"""What the hubs publish through the broker: each step of a case once, as csp.hubs
events with ids, codes and dates, and no name, place or free text."""

import uuid
from collections.abc import Callable
from typing import Any

import httpx

from csp_common.contracts.hubs import HUBS
from csp_common.events import from_kafka
from csp_devtools.testing.infra import Broker, UvicornServer, eventually
from csp_devtools.testing.kafka import read_topic
from referral_hub.app import create_app


def _event(record: Any) -> Any:
    return from_kafka(key=record.key, value=record.value, headers=record.headers)


PERSONAL = ["Zebedee", "Quartermaine", "1983-07-09", "Marine Parade", "YO11 2ZZ", "Rear door"]


async def test_a_cases_life_is_published_without_personal_data(
    hub_settings_factory: Callable[..., Any],
    broker: Broker,
    hub_headers: Callable[..., dict[str, str]],
) -> None:
    headers = hub_headers(
        agency="north-yorkshire-council", scopes=["hubs:write", "hubs:read"], area="scarborough"
    )
    body = {
        "hub": "scarborough",
        "kind": "asb_personal",
        "reported_on": "2023-03-02",
        "opened_on": "2023-03-02",
        "location": {"kind": "address", "address_line": "9 Marine Parade", "postcode": "YO11 2ZZ"},
        "people": [
            {"role": "victim", "given_name": "Zebedee", "family_name": "Quartermaine",
             "date_of_birth": "1983-07-09"},
            {"role": "subject", "given_name": "Sam", "family_name": f"S{uuid.uuid4().hex[:6]}"},
        ],
    }  # fmt: skip
    app = create_app(hub_settings_factory())
    async with (
        UvicornServer(app) as server,
        httpx.AsyncClient(base_url=server.url, timeout=30) as client,
    ):

        async def post(url: str, json: dict[str, Any]) -> dict[str, Any]:
            keyed = headers | {"Idempotency-Key": str(uuid.uuid4())}
            response = await client.post(url, json=json, headers=keyed)
            assert response.status_code in (200, 201, 204), response.text
            return response.json() if response.content else {}

        case = await post("/v1/hub-cases", body)
        url = f"/v1/hub-cases/{case['id']}"
        subject = next(p["id"] for p in case["people"] if p["role"] == "subject")
        await post(f"{url}/incidents", {"occurred_on": "2023-03-01", "reported_on": "2023-03-02"})
        await post(
            f"{url}/risk-assessments",
            {"answers": {"feels_unsafe": True}, "assessed_on": "2023-03-03"},
        )
        letter = await post(
            f"{url}/interventions",
            {"kind": "warning_letter", "subject_id": subject, "issued_on": "2023-03-04"},
        )
        await post(f"{url}/interventions/{letter['id']}/breaches", {"breached_on": "2023-03-05"})
        application = await post(
            "/v1/case-reviews",
            {"case_id": case["id"], "applicant": "on_behalf", "received_on": "2023-03-06"},
        )
        await post(
            f"/v1/case-reviews/{application['id']}/threshold-decision", {"decided_on": "2023-03-07"}
        )
        await post(f"{url}/closure", {"outcome": "improved", "closed_on": "2023-05-31"})

        expected = {
            "csp.hubs.case_opened.v1",
            "csp.hubs.incident_logged.v1",
            "csp.hubs.risk_assessed.v1",
            "csp.hubs.intervention_issued.v1",
            "csp.hubs.intervention_breached.v1",
            "csp.hubs.trigger_application_received.v1",
            "csp.hubs.threshold_decided.v1",
            "csp.hubs.case_closed.v1",
        }

        async def published() -> list[Any]:
            records = await read_topic(broker.bootstrap_servers, HUBS.name, timeout=3)
            mine = [
                r for r in records
                if r.key is not None and r.key.decode() in {case["id"], application["id"]}
            ]  # fmt: skip
            return mine if {_event(r).type for r in mine} >= expected else []

        records = await eventually(published, timeout=30)
    types = [_event(r).type for r in records]
    assert sorted(types) == sorted(expected)  # each once
    for record in records:
        text = record.value.decode()
        for personal in PERSONAL:
            assert personal not in text, (_event(record).type, personal)
    closed = next(_event(r) for r in records if _event(r).type.endswith("case_closed.v1"))
    assert closed.payload.outcome == "improved"
