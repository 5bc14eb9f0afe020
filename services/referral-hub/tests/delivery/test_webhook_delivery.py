"""Webhook delivery against real simulator servers: signed, logged, retried with backoff,
surviving a restart, failing after the last attempt, cancelled once the provider acted."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from csp_common.tables import audit_table
from csp_devtools.testing.idempotency import KEYED_POSTS
from csp_devtools.testing.infra import eventually, free_port
from referral_hub.delivery.models import WebhookDelivery

delivery_table = WebhookDelivery.__table__


async def post_referral(hub_url: str, headers: dict[str, str], body: dict[str, Any]) -> dict:
    async with httpx.AsyncClient(base_url=hub_url, event_hooks=KEYED_POSTS) as http:
        response = await http.post("/v1/referrals", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def delivery_log(hub_url: str, headers: dict[str, str], provider: str = "idas") -> list:
    async with httpx.AsyncClient(base_url=hub_url, event_hooks=KEYED_POSTS) as http:
        response = await http.get(f"/v1/providers/{provider}/deliveries", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def received_by(simulator_url: str) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=simulator_url) as http:
        return (await http.get("/deliveries")).json()


def first_delivery(
    hub_url: str, headers: dict[str, str], *, status: str | None = None, attempts: int = 0
) -> Callable[[], Any]:
    """A check for `eventually`: the newest delivery once it has `status` and at least
    `attempts` attempts."""

    async def check() -> dict[str, Any] | None:
        items = await delivery_log(hub_url, headers)
        if not items:
            return None
        delivery = items[0]
        if status not in (None, delivery["status"]) or delivery["attempt_count"] < attempts:
            return None
        return delivery

    return check


def times(delivery: dict[str, Any]) -> list[datetime]:
    return [datetime.fromisoformat(a["attempted_at"]) for a in delivery["attempts"]]


async def test_a_route_is_delivered_signed_and_logged(
    start_simulator, start_hub, webhook_hub_settings, hub_headers, provider_headers,
    make_referral, webhook_database_url,
) -> None:  # fmt: skip
    simulator, _ = await start_simulator("idas")
    hub = await start_hub(webhook_hub_settings(simulator_urls={"idas": simulator.url}))

    referral = await post_referral(
        hub.url, hub_headers(), make_referral(services_requested=["idas_community_support"])
    )

    received = await eventually(lambda: received_by(simulator.url))
    idas_route = next(r for r in referral["routes"] if r["provider"] == "idas")
    assert [(d["route_id"], d["referral_id"]) for d in received] == [
        (idas_route["id"], referral["id"])
    ]
    delivery = await eventually(first_delivery(hub.url, provider_headers(), status="delivered"))
    assert received[0]["webhook_id"] == delivery["id"]
    assert delivery["route_id"] == idas_route["id"]
    assert delivery["attempt_count"] == 1
    assert delivery["next_attempt_at"] is None
    assert [(a["status_code"], a["error"]) for a in delivery["attempts"]] == [(200, None)]
    engine = create_async_engine(webhook_database_url)
    async with engine.connect() as conn:
        disclosures = (
            await conn.execute(
                select(audit_table).where(audit_table.c.action == "webhook_delivery")
            )
        ).all()
    await engine.dispose()
    assert [(a.agency, a.record_type, a.record_id) for a in disclosures] == [
        ("idas", "referral", referral["id"])
    ]


async def test_a_signature_the_provider_cannot_verify_is_retried(
    start_simulator, start_hub, webhook_hub_settings, hub_headers, provider_headers,
    make_referral,
) -> None:  # fmt: skip
    other_secret = "whsec_" + "A" * 44
    simulator, _ = await start_simulator("idas", webhook_secret=other_secret)
    hub = await start_hub(webhook_hub_settings(simulator_urls={"idas": simulator.url}))

    await post_referral(
        hub.url, hub_headers(), make_referral(services_requested=["idas_community_support"])
    )

    delivery = await eventually(first_delivery(hub.url, provider_headers(), attempts=1))
    assert delivery["status"] == "pending"
    assert delivery["attempts"][0]["status_code"] == 401
    assert delivery["last_error"] == "HTTP 401 Unauthorized"
    assert delivery["next_attempt_at"] is not None
    assert await received_by(simulator.url) == []


async def test_retries_back_off_until_the_simulator_answers(
    start_simulator, start_hub, webhook_hub_settings, hub_headers, provider_headers,
    make_referral,
) -> None:  # fmt: skip
    simulator, _ = await start_simulator("idas", fail_first=2)
    hub = await start_hub(
        webhook_hub_settings(
            simulator_urls={"idas": simulator.url},
            webhook_initial_backoff_seconds=0.3,
            webhook_max_backoff_seconds=5.0,
        )
    )

    await post_referral(
        hub.url, hub_headers(), make_referral(services_requested=["idas_community_support"])
    )

    delivery = await eventually(first_delivery(hub.url, provider_headers(), status="delivered"))
    assert [a["status_code"] for a in delivery["attempts"]] == [503, 503, 200]
    assert delivery["attempts"][0]["error"] == "HTTP 503 Service Unavailable"
    first, second, third = times(delivery)
    # backoff after n failures: 0.3 * 2 ** (n - 1) plus up to 0.3 of jitter
    assert timedelta(seconds=0.3) <= second - first < timedelta(seconds=0.6 + 0.5)
    assert timedelta(seconds=0.6) <= third - second < timedelta(seconds=0.9 + 0.5)
    assert len(await received_by(simulator.url)) == 1


async def test_a_pending_retry_survives_a_restart(
    start_simulator, start_hub, webhook_hub_settings, hub_headers, provider_headers,
    make_referral, webhook_database_url,
) -> None:  # fmt: skip
    simulator, _ = await start_simulator("idas", fail_first=1)
    settings = webhook_hub_settings(
        simulator_urls={"idas": simulator.url}, webhook_initial_backoff_seconds=1.5
    )
    first_hub = await start_hub(settings)
    await post_referral(
        first_hub.url,
        hub_headers(),
        make_referral(services_requested=["idas_community_support"]),
    )
    failed_once = await eventually(
        first_delivery(first_hub.url, provider_headers(), status="pending", attempts=1)
    )

    await first_hub.stop()
    engine = create_async_engine(webhook_database_url)
    async with engine.connect() as conn:
        stored = (await conn.execute(select(delivery_table))).one()
    await engine.dispose()
    assert (stored.status, stored.attempts) == ("pending", 1)
    assert await received_by(simulator.url) == []

    second_hub = await start_hub(settings)
    delivery = await eventually(
        first_delivery(second_hub.url, provider_headers(), status="delivered")
    )

    assert delivery["id"] == failed_once["id"]
    assert [a["status_code"] for a in delivery["attempts"]] == [503, 200]
    assert times(delivery)[1] >= datetime.fromisoformat(failed_once["next_attempt_at"])
    assert len(await received_by(simulator.url)) == 1


async def test_the_last_failed_attempt_marks_the_delivery_failed(
    start_simulator, start_hub, webhook_hub_settings, hub_headers, provider_headers,
    make_referral,
) -> None:  # fmt: skip
    simulator, _ = await start_simulator("idas", fail_first=100)
    hub = await start_hub(
        webhook_hub_settings(
            simulator_urls={"idas": simulator.url},
            webhook_max_attempts=3,
            webhook_initial_backoff_seconds=0.05,
        )
    )

    await post_referral(
        hub.url, hub_headers(), make_referral(services_requested=["idas_community_support"])
    )

    delivery = await eventually(first_delivery(hub.url, provider_headers(), status="failed"))
    assert delivery["attempt_count"] == 3
    assert [a["status_code"] for a in delivery["attempts"]] == [503, 503, 503]
    assert delivery["next_attempt_at"] is None
    assert delivery["last_error"] == "HTTP 503 Service Unavailable"


async def test_an_unreachable_endpoint_is_logged_as_an_error(
    start_hub, webhook_hub_settings, hub_headers, provider_headers, make_referral
) -> None:
    hub = await start_hub(
        webhook_hub_settings(simulator_urls={"idas": f"http://127.0.0.1:{free_port()}"})
    )

    await post_referral(
        hub.url, hub_headers(), make_referral(services_requested=["idas_community_support"])
    )

    delivery = await eventually(first_delivery(hub.url, provider_headers(), attempts=1))
    attempt = delivery["attempts"][0]
    assert attempt["status_code"] is None
    assert attempt["error"].startswith("ConnectError")
    assert delivery["status"] == "pending"


async def test_a_route_the_provider_already_acted_on_is_not_delivered_again(
    start_simulator, start_hub, webhook_hub_settings, hub_headers, provider_headers,
    make_referral,
) -> None:  # fmt: skip
    simulator, _ = await start_simulator("idas", fail_first=1)
    hub = await start_hub(
        webhook_hub_settings(
            simulator_urls={"idas": simulator.url}, webhook_initial_backoff_seconds=1.0
        )
    )
    referral = await post_referral(
        hub.url, hub_headers(), make_referral(services_requested=["idas_community_support"])
    )
    await eventually(first_delivery(hub.url, provider_headers(), status="pending", attempts=1))
    route_id = next(r["id"] for r in referral["routes"] if r["provider"] == "idas")

    async with httpx.AsyncClient(base_url=hub.url, event_hooks=KEYED_POSTS) as http:
        accepted = await http.post(
            f"/v1/routes/{route_id}/feedback",
            json={"status": "accepted"},
            headers=provider_headers(),
        )
    assert accepted.status_code == 200

    delivery = await eventually(first_delivery(hub.url, provider_headers(), status="cancelled"))
    assert delivery["attempt_count"] == 1
    assert delivery["last_error"] == "the provider already reported the route accepted"
    assert await received_by(simulator.url) == []


async def test_only_providers_with_an_endpoint_get_webhooks(
    start_simulator, start_hub, webhook_hub_settings, hub_headers, provider_headers,
    make_referral,
) -> None:  # fmt: skip
    simulator, _ = await start_simulator("idas")
    hub = await start_hub(webhook_hub_settings(simulator_urls={"idas": simulator.url}))

    referral = await post_referral(
        hub.url,
        hub_headers(),
        make_referral(
            services_requested=["idas_community_support", "foundation_plus_choices"],
            dash={"incidents_last_12_months": 3},
        ),
    )

    await eventually(first_delivery(hub.url, provider_headers(), status="delivered"))
    assert {r["provider"] for r in referral["routes"]} == {"idas", "foundation", "marac"}
    assert await delivery_log(hub.url, provider_headers("foundation"), "foundation") == []


async def test_delivery_works_on_sqlite_as_in_the_local_stack(
    start_simulator, start_hub, webhook_hub_settings, hub_headers, provider_headers,
    make_referral, tmp_path,
) -> None:  # fmt: skip
    simulator, _ = await start_simulator("idas", fail_first=1)
    hub = await start_hub(
        webhook_hub_settings(
            simulator_urls={"idas": simulator.url},
            database_url=f"sqlite+aiosqlite:///{tmp_path}/referral-hub.db",
        )
    )

    await post_referral(
        hub.url, hub_headers(), make_referral(services_requested=["idas_community_support"])
    )

    delivery = await eventually(first_delivery(hub.url, provider_headers(), status="delivered"))
    assert [a["status_code"] for a in delivery["attempts"]] == [503, 200]
    assert delivery["delivered_at"] is not None
