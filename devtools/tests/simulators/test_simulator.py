"""The provider simulators: they verify signatures, fail on demand, and report feedback."""

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from string import Template
from typing import Any

import httpx
import pytest

from csp_common.registry import ServiceEntry
from csp_devtools.simulators.app import create_foundation_simulator, create_idas_simulator
from csp_devtools.simulators.entries import foundation_simulator, idas_simulator
from csp_devtools.simulators.script import DECLINE_REASON, declines, feedback_script
from csp_devtools.simulators.settings import SimulatorSettings
from csp_devtools.testing.infra import eventually
from referral_hub.app import entry as hub_entry
from referral_hub.delivery.secrets import resolve_webhook_secret

OTHER_SECRET = "whsec_" + "B" * 44
ANY_SECRET = "whsec_" + "C" * 44


async def received(url: str) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=url) as http:
        return (await http.get("/deliveries")).json()


async def test_a_validly_signed_delivery_is_acknowledged(start_simulator, deliver) -> None:
    url = await start_simulator()

    response = await deliver(url, msg_id="delivery-1")

    assert response.status_code == 200
    assert response.json() == {"received": "delivery-1", "duplicate": False}
    assert [d["webhook_id"] for d in await received(url)] == ["delivery-1"]


@pytest.mark.parametrize(
    "tamper",
    [
        {"headers": {}},
        {"secret": OTHER_SECRET},
        {"signed_body": "{}"},
        {"at": datetime.now(UTC) - timedelta(minutes=10)},
        {"headers": {"webhook-id": "x", "webhook-timestamp": "1", "webhook-signature": "v1"}},
        {"headers": {"webhook-id": "x", "webhook-timestamp": "now", "webhook-signature": "v1,!"}},
    ],
    ids=["missing", "other-secret", "other-body", "too-old", "malformed", "garbage"],
)
async def test_a_bad_or_missing_signature_is_401(
    start_simulator, deliver, tamper: dict[str, Any]
) -> None:
    url = await start_simulator()

    response = await deliver(url, **tamper)

    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert await received(url) == []


async def test_fail_first_answers_503_to_the_first_deliveries(start_simulator, deliver) -> None:
    url = await start_simulator(fail_first=2)

    answers = [(await deliver(url, msg_id="same")).status_code for _ in range(3)]

    assert answers == [503, 503, 200]


async def test_a_repeated_webhook_id_is_acknowledged_once(
    start_simulator, deliver, recorder
) -> None:
    record, hub_url = recorder
    url = await start_simulator(referral_hub_url=hub_url, engaged_delay_seconds=0)

    first = await deliver(url, msg_id="delivery-1")
    again = await deliver(url, msg_id="delivery-1")

    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json()["duplicate"] is True
    await eventually(lambda: _reports(record, 3))
    assert len(await received(url)) == 1
    assert len(record.reports) == 3


@pytest.mark.parametrize(
    "body", ["not json", json.dumps({"type": "other.event", "data": {}}), json.dumps([])]
)
async def test_a_signed_body_that_is_not_a_routed_referral_is_400(
    start_simulator, deliver, body: str
) -> None:
    url = await start_simulator()

    response = await deliver(url, body=body)

    assert response.status_code == 400


async def _reports(record, count: int) -> bool:
    return len(record.reports) >= count


async def test_idas_reports_accepted_contacted_then_engaged_with_its_own_token(
    start_simulator, deliver, make_body, recorder
) -> None:
    record, hub_url = recorder
    url = await start_simulator(referral_hub_url=hub_url)
    route_id = uuid.uuid4()

    await deliver(url, body=make_body(route_id=route_id))

    await eventually(lambda: _reports(record, 3))
    assert [r["body"]["status"] for r in record.reports] == ["accepted", "contacted", "engaged"]
    assert {r["route_id"] for r in record.reports} == {str(route_id)}
    claims = record.reports[0]["claims"]
    assert (claims["agency"], claims["scope"], claims["iss"]) == (
        "idas",
        "provider:feedback",
        "csp-local",
    )


async def test_foundation_declines_the_plus_choices_routes_it_picks(
    start_simulator, deliver, make_body, recorder
) -> None:
    record, hub_url = recorder
    url = await start_simulator("foundation", referral_hub_url=hub_url)
    declined, engaged = uuid.UUID(int=3 * 1000), uuid.UUID(int=3 * 1000 + 1)

    for route_id in (declined, engaged):
        await deliver(url, body=make_body(route_id=route_id, service="foundation_plus_choices"))

    await eventually(lambda: _reports(record, 4))
    by_route: dict[str, list[dict[str, Any]]] = {}
    for report in record.reports:
        by_route.setdefault(report["route_id"], []).append(report["body"])
    assert by_route[str(declined)] == [{"status": "declined", "reason": DECLINE_REASON}]
    assert [b["status"] for b in by_route[str(engaged)]] == ["accepted", "contacted", "engaged"]
    assert {r["claims"]["agency"] for r in record.reports} == {"foundation"}


async def test_a_refused_report_ends_the_script(start_simulator, deliver, recorder) -> None:
    record, hub_url = recorder
    record.answers = [409]
    url = await start_simulator(referral_hub_url=hub_url)

    await deliver(url)

    await eventually(lambda: _reports(record, 1))
    await asyncio.sleep(0.2)
    assert [r["answered"] for r in record.reports] == [409]


async def test_a_report_is_retried_while_referral_hub_answers_5xx(
    start_simulator, deliver, recorder
) -> None:
    record, hub_url = recorder
    record.answers = [503, 500]
    url = await start_simulator(referral_hub_url=hub_url)

    await deliver(url)

    await eventually(lambda: _reports(record, 5))
    assert [(r["body"]["status"], r["answered"]) for r in record.reports] == [
        ("accepted", 503),
        ("accepted", 500),
        ("accepted", 200),
        ("contacted", 200),
        ("engaged", 200),
    ]


async def test_without_referral_hub_it_only_acknowledges(start_simulator, deliver) -> None:
    url = await start_simulator(referral_hub_url=None)

    assert (await deliver(url)).status_code == 200


def test_which_routes_foundation_declines_is_deterministic() -> None:
    plus_choices = "foundation_plus_choices"
    picked = uuid.UUID(int=300)

    assert declines(provider="foundation", service=plus_choices, route_id=picked, one_in=3)
    assert not declines(
        provider="foundation", service=plus_choices, route_id=uuid.UUID(int=301), one_in=3
    )
    assert not declines(provider="idas", service=plus_choices, route_id=picked, one_in=3)
    assert not declines(
        provider="foundation",
        service="foundation_children_therapeutic",
        route_id=picked,
        one_in=3,
    )
    assert not declines(provider="foundation", service=plus_choices, route_id=picked, one_in=0)


def test_the_script_waits_longer_before_engaged() -> None:
    settings = SimulatorSettings(
        provider="idas",
        webhook_secret=ANY_SECRET,
        feedback_delay_seconds=1,
        engaged_delay_seconds=5,
    )

    steps = feedback_script(route_id=uuid.uuid4(), service="idas_refuge", settings=settings)

    assert [(s.delay_seconds, s.body["status"]) for s in steps] == [
        (1, "accepted"),
        (1, "contacted"),
        (5, "engaged"),
    ]


def test_the_entries_wire_the_simulators_and_referral_hub_to_each_other(
    tmp_path: Path,
) -> None:
    key_file = tmp_path / "signing-key.pem"
    key_file.write_bytes(b"a local key")
    context = {
        "private_key_file": str(key_file),
        "referral_hub_url": "http://127.0.0.1:8001",
        "idas_simulator_url": "http://127.0.0.1:8101",
        "foundation_simulator_url": "http://127.0.0.1:8102",
        "state_dir": str(tmp_path),
        "marac_url": "http://127.0.0.1:8002",
        "dhr_tracker_url": "http://127.0.0.1:8003",
        "subject_access_token": "a-token",
        "retention_token": "a-token",
    }

    def env(entry: ServiceEntry) -> dict[str, str]:
        return {k: Template(v).substitute(context) for k, v in entry.extra_env.items()}

    hub = env(hub_entry)
    urls = json.loads(hub["REFERRAL_HUB_WEBHOOK_URLS"])
    secrets = json.loads(hub["REFERRAL_HUB_WEBHOOK_SECRETS"])
    simulators = [(idas_simulator, "idas", 8101), (foundation_simulator, "foundation", 8102)]
    for entry, provider, port in simulators:
        assert (entry.name, entry.port, entry.kind) == (f"{provider}-simulator", port, "simulator")
        simulator = env(entry)
        prefix = entry.env_prefix
        assert simulator[f"{prefix}REFERRAL_HUB_URL"] == "http://127.0.0.1:8001"
        assert simulator[f"{prefix}PRIVATE_KEY_FILE"] == str(key_file)
        assert urls[provider] == f"http://127.0.0.1:{port}/webhooks/referrals"
        assert resolve_webhook_secret(
            simulator[f"{prefix}WEBHOOK_SECRET"], provider=provider
        ) == resolve_webhook_secret(secrets[provider], provider=provider)


def test_the_factories_read_their_prefixed_environment(monkeypatch, tmp_path: Path) -> None:
    key_file = tmp_path / "signing-key.pem"
    key_file.write_bytes(b"a local key")
    monkeypatch.setenv("IDAS_SIMULATOR_WEBHOOK_SECRET", f"local-derived:{key_file}")
    monkeypatch.setenv("IDAS_SIMULATOR_FAIL_FIRST", "4")
    monkeypatch.setenv("FOUNDATION_SIMULATOR_WEBHOOK_SECRET", ANY_SECRET)

    idas = create_idas_simulator()
    foundation = create_foundation_simulator()

    assert (idas.state.settings.provider, idas.state.settings.fail_first) == ("idas", 4)
    assert (foundation.state.settings.provider, foundation.state.settings.fail_first) == (
        "foundation",
        0,
    )
