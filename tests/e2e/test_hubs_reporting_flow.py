"""referral-hub and reporting as real servers on a broker of their own: hub cases opened
through referral-hub's API reach reporting's `GET /v1/stats/hubs` within seconds (by
hub and kind), and so does an ASB case review application."""

import copy
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from csp_common import clock
from csp_devtools.testing.infra import (
    eventually,
)
from referral_hub.hubs.cases.schemas import CASE_EXAMPLE

HUB = "scarborough"
CASES = 5  # the fewest reporting publishes: fewer read "suppressed"


@pytest.fixture(scope="module")
async def hubs_reporting(
    hub_and_reporting_servers: Callable[[str], Any],
) -> AsyncIterator[dict[str, str]]:
    async with hub_and_reporting_servers("hubs") as urls:
        yield urls


def _case(n: int) -> dict[str, Any]:
    body = copy.deepcopy(CASE_EXAMPLE)
    body.update(hub=HUB, kind="asb_nuisance", source_reference=f"E2E-HUBS-{n}")
    body["location"] = {"kind": "place", "place": f"Harbour car park {n}"}
    return body


async def test_hub_cases_reach_the_hub_figures(
    hubs_reporting: dict[str, str], mint: Callable[..., str]
) -> None:
    staff = {
        "Authorization": "Bearer "
        + mint(agency="north-yorkshire-council", scopes=["hubs:write", "hubs:read"], area=HUB)
    }
    reader = {"Authorization": f"Bearer {mint(agency='pfcc', scopes=['reports:read'])}"}
    async with (
        httpx.AsyncClient(base_url=hubs_reporting["referral-hub"], timeout=30) as hub,
        httpx.AsyncClient(base_url=hubs_reporting["reporting"], timeout=30) as reporting,
    ):

        async def figures() -> dict:
            # The current financial year: referral-hub opens a case on its today.
            answer = await reporting.get("/v1/stats/hubs", headers=reader)
            assert answer.status_code == 200, answer.text
            return answer.json()

        before = await figures()
        assert before["cases"]["opened"]["count"] == 0
        assert before["by_hub"][HUB]["opened"]["count"] == 0

        opened = []
        for n in range(CASES):
            made = await hub.post(
                "/v1/hub-cases",
                json=_case(n),
                headers={**staff, "Idempotency-Key": str(uuid.uuid4())},
            )
            assert made.status_code == 201, made.text
            opened.append(made.json())

        async def counted() -> dict | None:
            now = await figures()
            return now if now["by_hub"][HUB]["opened"]["count"] == CASES else None

        after = await eventually(counted, timeout=30, interval=0.2)
        assert after["cases"]["opened"]["count"] == CASES
        assert after["by_kind"]["asb_nuisance"]["opened"]["count"] == CASES
        assert after["by_hub"]["york"]["opened"]["count"] == 0
        # Every case has a victim with no ASB risk assessment yet.
        assert after["risk_levels"]["not_assessed"]["count"] == CASES

        # One ASB case review application: a small number, so it shows as suppressed.
        applied = await hub.post(
            "/v1/case-reviews",
            json=_application(opened[0]["id"]),
            headers={**staff, "Idempotency-Key": str(uuid.uuid4())},
        )
        assert applied.status_code == 201, applied.text

        async def applied_for() -> dict | None:
            now = await figures()
            trigger = now["community_trigger"]["applications"]
            return now if trigger["count"] == "suppressed" else None

        await eventually(applied_for, timeout=30, interval=0.2)


def _application(case_id: str) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "applicant": "victim",
        "received_on": clock.today(ZoneInfo("Europe/London")).isoformat(),
    }
