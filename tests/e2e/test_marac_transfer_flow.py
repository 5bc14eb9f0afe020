"""A MARAC case transferred between the partnership's areas: referral-hub learns from
marac's events which area holds the case now, so the receiving area's coordinator can
read the referral behind it, and a third area's coordinator still cannot."""

import copy
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import date
from typing import Any

import httpx
import pytest

from csp_devtools.testing.idempotency import KEYED_POSTS
from csp_devtools.testing.infra import eventually
from referral_hub.referral.schemas import DASH_KEYS, REFERRAL_EXAMPLE


@pytest.fixture(scope="module")
async def platform(platform_servers: Callable[[str], Any]) -> AsyncIterator[Any]:
    async with platform_servers("transfer") as running:
        yield running


def _high_risk_referral() -> dict[str, Any]:
    body = copy.deepcopy(REFERRAL_EXAMPLE)
    body["incident_date"] = date.today().isoformat()
    body["dash"]["answers"] = {key: ("yes" if i < 16 else "no") for i, key in enumerate(DASH_KEYS)}
    body["victim"]["family_name"] = f"Moved{uuid.uuid4().hex[:8]}"
    body["perpetrator"]["family_name"] = f"Perp{uuid.uuid4().hex[:8]}"
    body["services_requested"] = []
    return body


async def test_the_receiving_area_reads_the_referral_of_a_transferred_case(
    platform: Any, mint: Callable[..., str]
) -> None:
    def bearer(agency: str, scopes: list[str], **claims: Any) -> dict[str, str]:
        token = mint(agency=agency, scopes=scopes, **claims)
        return {"Authorization": f"Bearer {token}", "X-Purpose": "MARAC case preparation"}

    police = bearer("north-yorkshire-police", ["referrals:write"])
    sending = bearer("pfcc", ["marac:coordinate"], area="scarborough-ryedale")
    readers = {
        area: bearer("pfcc", ["referrals:read", "marac:coordinate"], area=area)
        for area in ("scarborough-ryedale", "york", "harrogate-craven")
    }
    async with (
        httpx.AsyncClient(
            base_url=platform.urls["referral-hub"], timeout=30, event_hooks=KEYED_POSTS
        ) as hub,
        httpx.AsyncClient(
            base_url=platform.urls["marac"], timeout=30, event_hooks=KEYED_POSTS
        ) as marac,
    ):
        made = await hub.post("/v1/referrals", json=_high_risk_referral(), headers=police)
        assert made.status_code == 201, made.text
        referral_id = made.json()["id"]

        async def case() -> dict | None:
            listed = await marac.get(
                "/v1/cases", params={"area": "scarborough-ryedale", "limit": 500}, headers=sending
            )
            assert listed.status_code == 200, listed.text
            return next(
                (c for c in listed.json()["items"] if c["referral_id"] == referral_id), None
            )

        found = await eventually(case, timeout=30, interval=0.2)

        async def status(area: str) -> int:
            return (
                await hub.get(f"/v1/referrals/{referral_id}", headers=readers[area])
            ).status_code

        assert await status("scarborough-ryedale") == 200
        assert await status("york") == 404

        moved = await marac.post(
            f"/v1/cases/{found['id']}/transfer", json={"to_area": "york"}, headers=sending
        )
        assert moved.status_code == 200, moved.text
        assert moved.json()["area"] == "york"

        async def readable_in_york() -> bool:
            return await status("york") == 200

        await eventually(readable_in_york, timeout=30, interval=0.2)
        assert await status("harrogate-craven") == 404
        # the area it was first made to MARAC in keeps the referral it was sent
        assert await status("scarborough-ryedale") == 200
