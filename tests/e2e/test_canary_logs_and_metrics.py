"""Canary personal data through the whole platform, then every log line and `/metrics`.

Made-up people with names, dates of birth, postcodes, a phone number and free text no
other test uses go through referral-hub (a referral scored high risk, delivered to a
provider's real webhook server that reports back, a hub case, a refused referral, a
URL naming them), marac (the case, research with free text), dhr-tracker (a review and
its sealed identity) and reporting (every event). Once every outbox is published and
every consumer has caught up, no log line any service emitted (as its JSON handler
writes it: message, extra fields, traceback) and no `/metrics` output holds any canary,
in any spelling the services might normalise it to.
"""

import base64
import copy
import re
from collections.abc import AsyncIterator, Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy import text

from csp_common.consumer import stop_quietly
from csp_devtools.simulators.app import WEBHOOK_PATH, create_simulator_app
from csp_devtools.simulators.settings import SimulatorSettings
from csp_devtools.testing.idempotency import KEYED_POSTS
from csp_devtools.testing.infra import UvicornServer, eventually, free_port
from referral_hub.referral.schemas import DASH_KEYS, REFERRAL_EXAMPLE

VICTIM = {"given_name": "Zephyrine", "family_name": "Quillwhistle"}
VICTIM_DOB, VICTIM_POSTCODE, PHONE = "1983-07-19", "YO12 7QX", "07700 900461"
PERPETRATOR = {"given_name": "Barnabus", "family_name": "Grimsditch"}
PERPETRATOR_DOB, PERPETRATOR_POSTCODE = "1979-11-03", "YO11 3PW"
STREET = "14 Marrowbank Terrace"
FREE_TEXT = "Ottoline Brackenridge saw him at the Fennimore lighthouse"

IDAS_SECRET = "whsec_" + base64.b64encode(b"canary-idas-webhook-secret-0123456").decode()


def canaries() -> list[str]:
    """Each canary, and the spellings a service might log it in."""
    words = [*VICTIM.values(), *PERPETRATOR.values(), "Marrowbank", "Ottoline"]
    words += ["Brackenridge", "Fennimore"]
    dates = []
    for iso in (VICTIM_DOB, PERPETRATOR_DOB):
        year, month, day = iso.split("-")
        dates += [iso, f"{day}/{month}/{year}", f"{year}{month}{day}"]
    postcodes = [
        spelling
        for postcode in (VICTIM_POSTCODE, PERPETRATOR_POSTCODE)
        for spelling in (postcode, postcode.replace(" ", ""))
    ]
    return [*words, *dates, *postcodes, PHONE, PHONE.replace(" ", ""), "7700900461"]


def hits(lines: Iterable[str]) -> list[tuple[str, str]]:
    patterns = [(canary, re.compile(re.escape(canary), re.IGNORECASE)) for canary in canaries()]
    return [(canary, line) for line in lines for canary, found in patterns if found.search(line)]


def test_the_scan_finds_a_canary_in_any_spelling() -> None:
    assert hits(['{"message": "matched zephyrine"}'])
    assert hits(["postcode=yo127qx"]) and hits(["dob 19/07/1983"]) and hits(["+447700900461"])
    assert not hits(['{"message": "request", "route": "/v1/referrals/{referral_id}"}'])


def _referral() -> dict[str, Any]:
    body = copy.deepcopy(REFERRAL_EXAMPLE)
    body["incident_date"] = date.today().isoformat()
    body["victim"] |= VICTIM | {
        "date_of_birth": VICTIM_DOB,
        "postcode": VICTIM_POSTCODE,
        "safe_contact": f"{PHONE}, ask for Zephyrine",
    }
    body["perpetrator"] |= PERPETRATOR | {
        "date_of_birth": PERPETRATOR_DOB,
        "postcode": PERPETRATOR_POSTCODE,
    }
    body["dash"]["answers"] = {key: ("yes" if i < 15 else "no") for i, key in enumerate(DASH_KEYS)}
    body["dash"]["professional_judgement"] = {"high_risk": True, "reasons": FREE_TEXT}
    body["services_requested"] = ["idas_community_support"]
    return body


@pytest.fixture(scope="module")
async def idas(signing_keys: tuple[Path, Path]) -> AsyncIterator[tuple[str, int]]:
    """IDAS's webhook endpoint as a real server (it refuses the first delivery, then
    reports back to referral-hub), and the port referral-hub will listen on."""
    hub_port = free_port()
    simulator = create_simulator_app(
        SimulatorSettings(
            provider="idas",
            webhook_secret=IDAS_SECRET,
            referral_hub_url=f"http://127.0.0.1:{hub_port}",
            private_key_file=signing_keys[0],
            fail_first=1,
            feedback_delay_seconds=0.05,
            engaged_delay_seconds=0.1,
        )
    )
    async with UvicornServer(simulator) as server:
        yield server.url, hub_port


@pytest.fixture(scope="module")
async def platform(
    platform_servers: Callable[..., Any], idas: tuple[str, int]
) -> AsyncIterator[Any]:
    idas_url, hub_port = idas
    hub = {
        "webhook_urls": {"idas": idas_url + WEBHOOK_PATH},
        "webhook_secrets": {"idas": IDAS_SECRET},
        "webhook_initial_backoff_seconds": 0.2,
        "webhook_max_backoff_seconds": 1.0,
    }
    async with platform_servers("canary", hub_port=hub_port, hub=hub) as running:
        yield running


async def test_no_canary_in_any_log_line_or_metric(platform: Any, mint: Callable[..., str]) -> None:
    def bearer(agency: str, scopes: list[str], **claims: Any) -> dict[str, str]:
        token = mint(agency=agency, scopes=scopes, **claims)
        return {"Authorization": f"Bearer {token}", "X-Purpose": "canary test"}

    police = bearer("north-yorkshire-police", ["referrals:write", "referrals:read"])
    hub_staff = bearer("north-yorkshire-council", ["hubs:write", "hubs:read"], area="scarborough")
    coordinator = bearer("pfcc", ["marac:coordinate"], area="scarborough-ryedale")
    health = bearer("health", ["marac:research"])
    dhr_manager = bearer("north-yorkshire-council", ["dhr:manage"])
    urls = platform.urls
    async with (
        httpx.AsyncClient(
            base_url=urls["referral-hub"], timeout=30, event_hooks=KEYED_POSTS
        ) as hub,
        httpx.AsyncClient(base_url=urls["marac"], timeout=30, event_hooks=KEYED_POSTS) as marac,
        httpx.AsyncClient(base_url=urls["dhr-tracker"], timeout=30, event_hooks=KEYED_POSTS) as dhr,
    ):
        made = await hub.post("/v1/referrals", json=_referral(), headers=police)
        assert made.status_code == 201, made.text
        referral = made.json()
        assert referral["risk"]["level"] == "high"

        refused = _referral() | {"area": "Quillwhistle"}
        refused["victim"] = refused["victim"] | {"date_of_birth": "Zephyrine", "postcode": "QX1"}
        answer = await hub.post("/v1/referrals", json=refused, headers=police)
        assert answer.status_code == 422, answer.text
        for path in ("/v1/referrals/Zephyrine-Quillwhistle", "/v1/persons/YO12%207QX"):
            assert (await hub.get(path, headers=police)).status_code in (404, 403, 422)
        read = await hub.get(f"/v1/referrals/{referral['id']}", headers=police)
        assert read.status_code == 200, read.text

        hub_case = await hub.post("/v1/hub-cases", json=_hub_case(), headers=hub_staff)
        assert hub_case.status_code == 201, hub_case.text

        async def marac_case() -> dict | None:
            listed = await marac.get(
                "/v1/cases", params={"area": "scarborough-ryedale"}, headers=coordinator
            )
            assert listed.status_code == 200, listed.text
            items = listed.json()["items"]
            return next((c for c in items if c["referral_id"] == referral["id"]), None)

        case = await eventually(marac_case, timeout=30, interval=0.2)
        research = await marac.put(
            f"/v1/meetings/{case['meeting_id']}/cases/{case['id']}/research",
            json={"has_information": True, "summary": f"{FREE_TEXT}; Zephyrine Quillwhistle"},
            headers=health,
        )
        assert research.status_code == 200, research.text

        review = await dhr.post("/v1/reviews", json=_review(), headers=dhr_manager)
        assert review.status_code == 201, review.text
        sealed = await dhr.put(
            f"/v1/reviews/{review.json()['id']}/sealed-identity",
            json=_sealed_identity(),
            headers=dhr_manager,
        )
        assert sealed.status_code == 200, sealed.text

        async def provider_engaged() -> bool:
            answer = await hub.get(f"/v1/referrals/{referral['id']}", headers=police)
            routes = answer.json()["routes"]
            return any(r["provider"] == "idas" and r["status"] == "engaged" for r in routes)

        await eventually(provider_engaged, timeout=60, interval=0.2)
        await eventually(lambda: _settled(platform), timeout=60, interval=0.2)

        metrics = []
        for url in urls.values():
            async with httpx.AsyncClient(base_url=url, timeout=30) as client:
                answer = await client.get("/metrics")
                assert answer.status_code == 200
                metrics.append(answer.text)

    lines = list(platform.logs.lines)
    # the scan reads what the services wrote: requests, webhook attempts, consumers
    assert any('"route": "/v1/referrals"' in line for line in lines)
    assert any("webhook attempt" in line for line in lines)
    assert any('"route": "/v1/reviews/{review_id}/sealed-identity"' in line for line in lines)
    assert "csp_events_applied_total" in metrics[0]
    assert hits(lines) == []
    assert hits(metrics) == []


def _hub_case() -> dict[str, Any]:
    return {
        "hub": "scarborough",
        "kind": "asb_personal",
        "reported_on": date.today().isoformat(),
        "location": {"kind": "address", "address_line": STREET, "postcode": VICTIM_POSTCODE},
        "people": [
            {"role": "victim", **VICTIM, "date_of_birth": VICTIM_DOB, "gender": "female"},
            {"role": "subject", **PERPETRATOR, "postcode": PERPETRATOR_POSTCODE},
        ],
    }


def _review() -> dict[str, Any]:
    today = date.today().isoformat()
    return {
        "area": "scarborough",
        "notified_on": today,
        "notifying_agency": "north-yorkshire-police",
        "date_of_death": today,
        "circumstances": "homicide",
        "victim": {"age_band": "35_44", "gender": "female", "ethnicity": "white"},
        "suspect": {"age_band": "45_54", "gender": "male", "relationship": "partner"},
    }


def _sealed_identity() -> dict[str, Any]:
    return {
        "people": [
            {
                "role": "victim",
                "names": [f"{VICTIM['given_name']} {VICTIM['family_name']}"],
                "dates_of_birth": [VICTIM_DOB],
                "addresses": [
                    {"lines": [STREET], "town": "Scarborough", "postcode": VICTIM_POSTCODE}
                ],
            },
            {
                "role": "other",
                "names": [f"{PERPETRATOR['given_name']} {PERPETRATOR['family_name']}"],
                "dates_of_birth": [PERPETRATOR_DOB],
            },
        ]
    }


async def _settled(platform: Any) -> bool:
    """Every outbox published, and every consumer group's offsets at the end of its
    topics: whatever the services do with the events has been done (and logged)."""
    for app in platform.apps.values():
        async with app.state.engine.connect() as connection:
            pending = await connection.scalar(
                text("SELECT count(*) FROM outbox WHERE published_at IS NULL")
            )
        if pending:
            return False
    bootstrap = next(iter(platform.apps.values())).state.settings.kafka_bootstrap_servers
    for app in platform.apps.values():
        for consumer in app.state.consumers:
            if not await _caught_up(bootstrap, consumer.spec):
                return False
    return True


async def _caught_up(bootstrap: str, spec: Any) -> bool:
    """Whether the group `spec.name` committed the end offset of every partition."""
    group = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=spec.name, enable_auto_commit=False
    )
    await group.start()
    try:
        await group.topics()
        for topic in spec.topics:
            partitions = [
                TopicPartition(topic.name, p) for p in group.partitions_for_topic(topic.name) or ()
            ]
            ends = await group.end_offsets(partitions) if partitions else {}
            for partition, end in ends.items():
                if end > (await group.committed(partition) or 0):
                    return False
    finally:
        await stop_quietly(group)
    return True
