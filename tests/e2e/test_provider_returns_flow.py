"""referral-hub and reporting as real servers on a broker of their own: a commissioned
service's quarterly return submitted through referral-hub's provider API shows in
reporting's GET /v1/stats/providers beside the route funnel, and its correction replaces
it there."""

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from csp_devtools.testing.infra import (
    eventually,
)

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
async def hub_reporting(
    hub_and_reporting_servers: Callable[[str], Any],
) -> AsyncIterator[dict[str, str]]:
    async with hub_and_reporting_servers("returns") as urls:
        yield urls


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
