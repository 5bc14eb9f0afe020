"""The embedded default (`make run`): referral-hub on SQLite takes and replays referrals."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from csp_devtools.testing.idempotency import KEYED_POSTS
from referral_hub.app import create_app


async def test_referrals_on_sqlite(
    tmp_path: Path,
    hub_settings_factory: Callable[..., Any],
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    settings = hub_settings_factory(
        database_url=f"sqlite+aiosqlite:///{tmp_path}/hub.db", kafka_enabled=False
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://hub", event_hooks=KEYED_POSTS
        ) as client:
            headers = hub_headers() | {"Idempotency-Key": "sqlite-1"}
            first = await client.post("/v1/referrals", json=make_referral(yes=15), headers=headers)
            assert first.status_code == 201, first.text
            again = await client.post("/v1/referrals", json=make_referral(yes=15), headers=headers)
            assert again.json() == first.json()
            assert again.headers["idempotent-replayed"] == "true"
            other = await client.post(
                "/v1/referrals",
                json=make_referral(yes=2),
                headers=hub_headers(agency="health") | {"Idempotency-Key": "sqlite-2"},
            )
            assert other.json()["repeat"] is True  # the same pair, MARAC-referred today
            assert other.json()["victim"]["id"] == first.json()["victim"]["id"]
            read = await client.get(f"/v1/referrals/{first.json()['id']}", headers=hub_headers())
            assert read.status_code == 200
            assert read.json()["risk"]["level"] == "high"


async def test_a_consent_withdrawal_on_sqlite_cancels_the_pending_webhook(
    tmp_path: Path,
    hub_settings_factory: Callable[..., Any],
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    # An endpoint without a secret: deliveries are queued and wait, never attempted.
    settings = hub_settings_factory(
        database_url=f"sqlite+aiosqlite:///{tmp_path}/hub.db",
        kafka_enabled=False,
        webhook_urls={"idas": "http://127.0.0.1:9/webhooks"},
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://hub", event_hooks=KEYED_POSTS
        ) as client:
            body = make_referral(services_requested=["idas_community_support"])
            referral = (await client.post("/v1/referrals", json=body, headers=hub_headers())).json()
            idas = hub_headers(agency="idas", scopes=["provider:feedback"])
            log = "/v1/providers/idas/deliveries"
            [queued] = (await client.get(log, headers=idas)).json()["items"]
            assert queued["status"] == "pending"

            withdrawn = await client.post(
                f"/v1/referrals/{referral['id']}/consent",
                json={"status": "withdrawn"},
                headers=hub_headers(),
            )

            assert withdrawn.status_code == 201, withdrawn.text
            [cancelled] = (await client.get(log, headers=idas)).json()["items"]
            assert (cancelled["id"], cancelled["status"]) == (queued["id"], "cancelled")
