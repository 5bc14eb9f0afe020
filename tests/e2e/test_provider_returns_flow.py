"""referral-hub and reporting as real servers on a broker of their own: a commissioned
service's quarterly return submitted through referral-hub's provider API shows in
reporting's GET /v1/stats/providers beside the route funnel, and its correction replaces
it there."""

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from csp_devtools.testing.infra import (
    Broker,
    UvicornServer,
    create_database,
    drop_database,
    eventually,
)
from referral_hub.app import create_app as create_hub
from referral_hub.settings import ReferralHubSettings
from reporting.app import create_app as create_reporting
from reporting.settings import ReportingSettings

QUARTER = "2023-24-Q3"
RETURN = {
    "referrals_received": 120,
    "self_referrals": 18,
    "caseload": 210,
    "closures": 64,
    "outcomes": {"risk_reduced": 50, "feels_safer": 55},
    "waiting_at_end": 9,
    "median_wait_days": 1.5,
}


@pytest.fixture(scope="module")
async def hub_reporting(signing_keys: tuple[Path, Path]) -> AsyncIterator[dict[str, str]]:
    broker = Broker().start()
    hub_db = await create_database("csp_e2e_returns_hub")
    reporting_db = await create_database("csp_e2e_returns_reporting")
    common: dict[str, Any] = {
        "kafka_bootstrap_servers": broker.bootstrap_servers,
        "auth_public_key_file": signing_keys[1],
        "outbox_poll_interval_seconds": 0.2,
    }
    hub = create_hub(ReferralHubSettings(database_url=hub_db, person_key_secret="e2e", **common))
    reporting = create_reporting(
        ReportingSettings(
            database_url=reporting_db,
            consumer_group="reporting-returns-e2e",
            dashboard_secret="e2e-dashboard-secret-0123456789",
            **common,
        )
    )
    try:
        async with UvicornServer(hub) as hub_server, UvicornServer(reporting) as reporting_server:
            yield {"referral-hub": hub_server.url, "reporting": reporting_server.url}
    finally:
        for database in (hub_db, reporting_db):
            await drop_database(database)
        broker.stop()


async def test_a_submitted_return_shows_in_reporting(
    hub_reporting: dict[str, str], mint: Callable[..., str]
) -> None:
    idas = {"Authorization": f"Bearer {mint(agency='idas', scopes=['provider:returns'])}"}
    reader = {"Authorization": f"Bearer {mint(agency='pfcc', scopes=['reports:read'])}"}
    path = f"/v1/providers/idas/returns/idas_community_support/{QUARTER}"
    async with (
        httpx.AsyncClient(base_url=hub_reporting["referral-hub"]) as hub,
        httpx.AsyncClient(base_url=hub_reporting["reporting"]) as reporting,
    ):

        async def figures() -> dict | None:
            answer = await reporting.get(
                "/v1/stats/providers", params={"period": QUARTER}, headers=reader
            )
            assert answer.status_code == 200, answer.text
            return answer.json()["returns"].get("idas", {}).get("idas_community_support")

        submitted = await hub.put(path, json=RETURN, headers=idas)
        assert submitted.status_code == 201, submitted.text
        shown = await eventually(figures, timeout=30, interval=0.2)
        assert shown["referrals_received"] == 120
        assert shown["outcomes"]["risk_reduced"] == {"count": 50, "share_pct": 78.1}
        assert shown["caseload_at_end"] == 210

        corrected = await hub.put(path, json={**RETURN, "referrals_received": 125}, headers=idas)
        assert (corrected.status_code, corrected.json()["version"]) == (200, 2)

        async def correction() -> dict | None:
            now = await figures()
            return now if now and now["referrals_received"] == 125 else None

        after = await eventually(correction, timeout=30, interval=0.2)
        assert after["corrected_quarters"] == [QUARTER]
