"""A review's chronology from the real referral-hub and marac, as HTTP servers on
databases of their own: a referral and a MARAC case about the victim before the death
come back as one chronology, and each side audits the call with the purpose."""

import copy
from collections.abc import AsyncIterator, Callable
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from csp_common import clock
from csp_common.tables import audit_table
from csp_devtools.testing.idempotency import KEYED_POSTS
from csp_devtools.testing.infra import UvicornServer, create_database, drop_database
from dhr_tracker.app import create_app

pytest.importorskip("referral_hub.app")
pytest.importorskip("marac.app")

from marac.app import create_app as create_marac
from marac.settings import MaracSettings
from referral_hub.app import create_app as create_hub
from referral_hub.referral.schemas import REFERRAL_EXAMPLE
from referral_hub.settings import ReferralHubSettings

REFERRED = clock.at_noon(date(2024, 3, 1))
NOTIFIED = clock.at_noon(date(2024, 4, 2))


@pytest.fixture(scope="module")
async def sources(signing_keys: tuple[Path, Path]) -> AsyncIterator[dict[str, Any]]:
    hub_db = await create_database("csp_dhr_e2e_hub")
    marac_db = await create_database("csp_dhr_e2e_marac")
    dhr_db = await create_database("csp_dhr_e2e")
    common: dict[str, Any] = {"auth_public_key_file": signing_keys[1], "kafka_enabled": False}
    hub = create_hub(ReferralHubSettings(database_url=hub_db, person_key_secret="e2e", **common))
    marac = create_marac(MaracSettings(database_url=marac_db, **common))
    try:
        async with UvicornServer(hub) as hub_server, UvicornServer(marac) as marac_server:
            yield {
                "referral-hub": (hub_server.url, hub),
                "marac": (marac_server.url, marac),
                "dhr-tracker": dhr_db,
            }
    finally:
        for database in (hub_db, marac_db, dhr_db):
            await drop_database(database)


async def _audited(app: Any, person_id: str) -> list[tuple[str, str]]:
    async with app.state.session_factory() as session:
        rows = await session.execute(
            select(audit_table.c.agency, audit_table.c.purpose).where(
                audit_table.c.record_id == person_id
            )
        )
        return [(row.agency, row.purpose) for row in rows if "chronology" in row.purpose]


async def test_a_reviews_chronology_from_referral_hub_and_marac(
    sources: dict[str, Any],
    dhr_settings_factory: Callable[..., Any],
    mint: Callable[..., str],
) -> None:
    (hub_url, hub_app), (marac_url, marac_app) = sources["referral-hub"], sources["marac"]
    with clock.frozen(REFERRED):
        referral = copy.deepcopy(REFERRAL_EXAMPLE)
        referral["incident_date"] = "2024-02-28"
        referrer = mint(
            agency="north-yorkshire-police",
            scopes=["referrals:write", "referrals:read", "persons:review"],
        )
        async with httpx.AsyncClient(base_url=hub_url, event_hooks=KEYED_POSTS) as hub:
            made = await hub.post(
                "/v1/referrals", json=referral, headers={"Authorization": f"Bearer {referrer}"}
            )
        assert made.status_code == 201, made.text
        victim = made.json()["victim"]["id"]
        case = {
            "area": "scarborough",
            "victim_id": victim,
            "referred_on": "2024-03-01",
            "criteria": ["professional_judgement"],
            "children_in_household": 2,
            "victim_age_band": "25_34",
            "victim_gender": "female",
            "victim_ethnicity": "white",
        }
        marac_referrer = mint(agency="north-yorkshire-police", scopes=["marac:refer"])
        async with httpx.AsyncClient(base_url=marac_url, event_hooks=KEYED_POSTS) as marac:
            listed = await marac.post(
                "/v1/cases", json=case, headers={"Authorization": f"Bearer {marac_referrer}"}
            )
        assert listed.status_code == 201, listed.text

    token = mint(agency="north-yorkshire-council", scopes=["dhr:chronology"])
    app = create_app(
        dhr_settings_factory(
            database_url=sources["dhr-tracker"],
            referral_hub_url=hub_url,
            marac_url=marac_url,
            chronology_token=token,
        )
    )
    manager = {
        "Authorization": f"Bearer {mint(agency='north-yorkshire-council', scopes=['dhr:manage'])}"
    }
    with clock.frozen(NOTIFIED):
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://dhr") as dhr,
        ):
            review = await dhr.post(
                "/v1/reviews",
                json={
                    "area": "scarborough",
                    "notified_on": "2024-04-02",
                    "notifying_agency": "north-yorkshire-police",
                    "date_of_death": "2024-03-30",
                    "circumstances": "homicide",
                    "victim": {"age_band": "25_34", "gender": "female", "ethnicity": "white"},
                    "person_ids": [victim],
                },
                headers=manager,
            )
            assert review.status_code == 201, review.text
            answer = await dhr.get(
                f"/v1/reviews/{review.json()['id']}/chronology",
                headers={**manager, "X-Purpose": "scoping the review"},
            )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["complete"] is True, body["sources"]
    kinds = {(entry["source"], entry["kind"]) for entry in body["entries"]}
    assert ("referral-hub", "referral_received") in kinds
    assert any(source == "marac" for source, _ in kinds), kinds
    assert all(entry["occurred_on"] < "2024-03-30" for entry in body["entries"])
    assert [entry["occurred_on"] for entry in body["entries"]] == sorted(
        entry["occurred_on"] for entry in body["entries"]
    )
    purpose = f"{review.json()['reference']} chronology: scoping the review"
    assert await _audited(hub_app, victim) == [("north-yorkshire-council", purpose)]
    assert await _audited(marac_app, victim) == [("north-yorkshire-council", purpose)]
