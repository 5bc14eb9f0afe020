"""What referral-hub publishes: every event of a referral, and none that names or locates anyone."""

import json
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from csp_common.contracts.referrals import REFERRALS
from csp_common.events import from_kafka
from csp_devtools.testing.idempotency import KEYED_POSTS
from csp_devtools.testing.infra import Broker, UvicornServer, eventually
from csp_devtools.testing.kafka import read_topic
from referral_hub.app import create_app

PERSONAL = [
    "Zebedee",
    "Quartermaine",
    "1983-07-09",
    "YO62 4AB",
    "07700 900456",
    "after 7pm",
    "Mortimer",
    "Ravensworth",
    "1979-02-11",
    "YO62 9ZZ",
    "Threatened with a knife",
]


async def test_the_event_stream_names_and_locates_nobody(
    hub_settings_factory: Callable[..., Any],
    broker: Broker,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    body = make_referral(
        yes=16,
        area="ryedale",
        victim={
            "given_name": "Zebedee",
            "family_name": "Quartermaine",
            "date_of_birth": "1983-07-09",
            "postcode": "YO62 4AB",
            "safe_contact": "07700 900456, after 7pm",
        },
        perpetrator={
            "given_name": "Mortimer",
            "family_name": "Ravensworth",
            "date_of_birth": "1979-02-11",
            "postcode": "YO62 9ZZ",
        },
        dash={"professional_judgement": {"high_risk": True, "reasons": "Threatened with a knife"}},
        services_requested=["idas_refuge"],
        source_reference=f"NYP-EVENTS-{uuid.uuid4().hex[:8]}",
    )
    app = create_app(hub_settings_factory())
    async with (
        UvicornServer(app) as server,
        httpx.AsyncClient(base_url=server.url, event_hooks=KEYED_POSTS) as client,
    ):
        created = await client.post(
            "/v1/referrals", json=body, headers=hub_headers(agency="probation")
        )
        assert created.status_code == 201
        referral_id = created.json()["id"]

        async def published() -> list[Any]:
            records = await read_topic(broker.bootstrap_servers, REFERRALS.name, timeout=3)
            mine = [r for r in records if r.key == referral_id.encode()]
            types = {dict(r.headers)["ce_type"] for r in mine}
            return mine if b"csp.referral.marac_referral_made.v1" in types else []

        records = await eventually(published, timeout=20)

    events = [from_kafka(key=r.key, value=r.value, headers=r.headers) for r in records]
    types = [e.type for e in events]
    assert types[0] == "csp.referral.received.v1"
    assert "csp.referral.risk_assessed.v1" in types
    assert types.count("csp.referral.routed.v1") == len(created.json()["routes"])
    made = next(e.payload for e in events if e.type == "csp.referral.marac_referral_made.v1")
    assert made.marac_area == "scarborough-ryedale"
    assert made.victim_id == uuid.UUID(created.json()["victim"]["id"])
    assert made.score == 16 and "professional_judgement" in made.criteria

    raw = b" ".join(r.value + b" ".join(v for _, v in r.headers) for r in records).decode()
    for secret in PERSONAL:
        assert secret.lower() not in raw.lower(), secret
    for event in events:
        fields = set(json.loads(event.payload.model_dump_json()))
        assert not fields & {
            "given_name",
            "family_name",
            "date_of_birth",
            "postcode",
            "safe_contact",
            "reasons",
        }
