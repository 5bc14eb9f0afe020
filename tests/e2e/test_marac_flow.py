"""referral-hub and marac as real servers with the broker between them.

A high-risk referral posted to referral-hub appears in the right area's next MARAC case
list within seconds; a second referral of the same victim and perpetrator within 12
months is flagged as a repeat.
"""

import asyncio
import copy
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from csp_devtools.testing.idempotency import KEYED_POSTS
from csp_devtools.testing.infra import (
    Broker,
    UvicornServer,
    create_database,
    drop_database,
    eventually,
)

pytest.importorskip("referral_hub.app")

from marac.app import create_app as create_marac
from marac.settings import MaracSettings
from referral_hub.app import create_app as create_hub
from referral_hub.referral.schemas import DASH_KEYS, REFERRAL_EXAMPLE
from referral_hub.settings import ReferralHubSettings


@pytest.fixture(scope="module")
async def e2e_servers(
    broker: Broker, signing_keys: tuple[Path, Path]
) -> AsyncIterator[dict[str, str]]:
    hub_db, marac_db = await create_database("csp_e2e_hub"), await create_database("csp_e2e_marac")
    common: dict[str, Any] = {
        "kafka_bootstrap_servers": broker.bootstrap_servers,
        "auth_public_key_file": signing_keys[1],
        "outbox_poll_interval_seconds": 0.2,
    }
    hub = create_hub(ReferralHubSettings(database_url=hub_db, person_key_secret="e2e", **common))
    marac = create_marac(
        MaracSettings(
            database_url=marac_db,
            referrals_consumer_group=f"marac-e2e-{uuid.uuid4().hex[:6]}",
            **common,
        )
    )
    try:
        async with UvicornServer(hub) as hub_server, UvicornServer(marac) as marac_server:
            await asyncio.wait_for(marac.state.consumers[0].assigned.wait(), timeout=60)
            yield {"referral-hub": hub_server.url, "marac": marac_server.url}
    finally:
        await drop_database(hub_db)
        await drop_database(marac_db)


def _high_risk_referral(victim_name: str, perpetrator_name: str) -> dict[str, Any]:
    body = copy.deepcopy(REFERRAL_EXAMPLE)
    body["incident_date"] = date.today().isoformat()
    body["dash"]["answers"] = {key: ("yes" if i < 16 else "no") for i, key in enumerate(DASH_KEYS)}
    body["victim"]["family_name"] = victim_name
    body["perpetrator"]["family_name"] = perpetrator_name
    body["services_requested"] = []
    return body


async def _marac_case(
    client: httpx.AsyncClient, headers: dict[str, str], referral_id: str
) -> dict | None:
    response = await client.get("/v1/cases?area=scarborough-ryedale&limit=500", headers=headers)
    assert response.status_code == 200, response.text
    return next((c for c in response.json()["items"] if c["referral_id"] == referral_id), None)


async def test_a_high_risk_referral_reaches_the_next_case_list_and_a_second_is_a_repeat(
    e2e_servers: dict[str, str], mint: Callable[..., str]
) -> None:
    police_token = mint(agency="north-yorkshire-police", scopes=["referrals:write"])
    police = {"Authorization": f"Bearer {police_token}"}
    coordinator_token = mint(
        agency="north-yorkshire-police", scopes=["marac:coordinate"], area="scarborough-ryedale"
    )
    coordinator = {"Authorization": f"Bearer {coordinator_token}"}
    victim, perpetrator = f"Victim{uuid.uuid4().hex[:6]}", f"Perp{uuid.uuid4().hex[:6]}"
    async with (
        httpx.AsyncClient(
            base_url=e2e_servers["referral-hub"], timeout=30, event_hooks=KEYED_POSTS
        ) as hub,
        httpx.AsyncClient(
            base_url=e2e_servers["marac"], timeout=30, event_hooks=KEYED_POSTS
        ) as marac,
    ):
        first = await hub.post(
            "/v1/referrals", json=_high_risk_referral(victim, perpetrator), headers=police
        )
        assert first.status_code == 201, first.text
        first_id = first.json()["id"]

        started = asyncio.get_running_loop().time()
        case = await eventually(lambda: _marac_case(marac, coordinator, first_id), timeout=15)
        assert asyncio.get_running_loop().time() - started < 15
        assert (case["area"], case["status"], case["repeat"]) == (
            "scarborough-ryedale",
            "listed",
            False,
        )
        assert case["meeting_date"] > date.today().isoformat()

        case_list = (
            await marac.get(f"/v1/meetings/{case['meeting_id']}/case-list", headers=coordinator)
        ).json()
        assert case["id"] in [c["id"] for c in case_list["cases"]]
        upcoming = (
            await marac.get(
                f"/v1/meetings?area=scarborough-ryedale&kind=marac&status=scheduled&from={date.today().isoformat()}",
                headers=coordinator,
            )
        ).json()["items"]
        assert upcoming[0]["id"] == case["meeting_id"]  # the area's next meeting

        second = await hub.post(
            "/v1/referrals", json=_high_risk_referral(victim, perpetrator), headers=police
        )
        assert second.status_code == 201, second.text
        repeat = await eventually(
            lambda: _marac_case(marac, coordinator, second.json()["id"]), timeout=15
        )
        assert repeat["repeat"] is True
        assert repeat["victim_id"] == case["victim_id"]


async def test_a_withdrawal_of_consent_in_referral_hub_shows_on_the_marac_case_and_pack(
    e2e_servers: dict[str, str], mint: Callable[..., str]
) -> None:
    police_token = mint(agency="north-yorkshire-police", scopes=["referrals:write"])
    police = {"Authorization": f"Bearer {police_token}"}
    coordinator_token = mint(
        agency="north-yorkshire-police", scopes=["marac:coordinate"], area="scarborough-ryedale"
    )
    coordinator = {"Authorization": f"Bearer {coordinator_token}"}
    body = _high_risk_referral(f"Victim{uuid.uuid4().hex[:6]}", f"Perp{uuid.uuid4().hex[:6]}")
    async with (
        httpx.AsyncClient(
            base_url=e2e_servers["referral-hub"], timeout=30, event_hooks=KEYED_POSTS
        ) as hub,
        httpx.AsyncClient(base_url=e2e_servers["marac"], timeout=30) as marac,
    ):
        referral = (await hub.post("/v1/referrals", json=body, headers=police)).json()
        case = await eventually(lambda: _marac_case(marac, coordinator, referral["id"]))
        assert (case["consent_status"], case["lawful_basis"]) == ("given", "consent")

        withdrawn = await hub.post(
            f"/v1/referrals/{referral['id']}/consent",
            json={"status": "withdrawn", "reason": "Victim asked the officer to stop"},
            headers=police,
        )
        assert withdrawn.status_code == 201, withdrawn.text

        async def shows_withdrawn() -> dict | None:
            found = await _marac_case(marac, coordinator, referral["id"])
            return found if found and found["consent_status"] == "withdrawn" else None

        case = await eventually(shows_withdrawn)
        pack = (
            await marac.get(f"/v1/meetings/{case['meeting_id']}/pack", headers=coordinator)
        ).json()
        [in_pack] = [c for c in pack["cases"] if c["id"] == case["id"]]
        assert (in_pack["consent_status"], in_pack["lawful_basis"]) == ("withdrawn", "consent")
