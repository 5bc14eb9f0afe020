"""Erasure reaching every service: referral-hub, marac, reporting and dhr-tracker as real
servers, with the broker and PostgreSQL between them.

A high-risk referral made (and closed) years ago becomes a MARAC case, reporting's facts
and a person a Domestic Homicide Review names. Once it is past its retention period,
referral-hub's scheduled retention job erases the people and anonymises the referral, and
its `RecordsErased` event makes marac, reporting and dhr-tracker drop their links.
"""

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from csp_common import clock
from csp_common.sealing import new_key
from csp_devtools.kits.dhr_tracker import notification
from csp_devtools.kits.referral_hub import referral_body
from csp_devtools.testing.idempotency import KEYED_POSTS
from csp_devtools.testing.infra import (
    Broker,
    UvicornServer,
    create_database,
    drop_database,
    eventually,
)
from dhr_tracker.app import create_app as create_dhr
from dhr_tracker.settings import DhrSettings
from marac.app import create_app as create_marac
from marac.settings import MaracSettings
from referral_hub.app import create_app as create_hub
from referral_hub.settings import ReferralHubSettings
from reporting.app import create_app as create_reporting
from reporting.read_models import ReadModel, live_slot
from reporting.settings import ReportingSettings

COUNCIL = "north-yorkshire-council"
LONG_AGO = datetime(2017, 3, 6, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
async def services(
    broker: Broker, signing_keys: tuple[Path, Path], mint: Callable[..., str]
) -> AsyncIterator[dict[str, Any]]:
    names = ("hub", "marac", "reporting", "dhr")
    databases = {name: await create_database(f"csp_e2e_erasure_{name}") for name in names}
    suffix = uuid.uuid4().hex[:6]
    common: dict[str, Any] = {
        "kafka_bootstrap_servers": broker.bootstrap_servers,
        "auth_public_key_file": signing_keys[1],
        "outbox_poll_interval_seconds": 0.2,
    }
    apps: dict[str, Any] = {
        "marac": create_marac(
            MaracSettings(
                database_url=databases["marac"],
                referrals_consumer_group=f"marac-erasure-{suffix}",
                **common,
            )
        ),
        "reporting": create_reporting(
            ReportingSettings(
                database_url=databases["reporting"],
                consumer_group=f"reporting-erasure-{suffix}",
                dashboard_secret="e2e-dashboard-secret-0123456789",
                **common,
            )
        ),
        "dhr": create_dhr(
            DhrSettings(
                database_url=databases["dhr"],
                erasure_consumer_group=f"dhr-erasure-{suffix}",
                deadline_scheduler_enabled=False,
                sealed_keys={"k1": new_key()},
                sealed_active_key="k1",
                **common,
            )
        ),
    }
    try:
        async with UvicornServer(apps["dhr"]) as dhr:
            apps["hub"] = create_hub(
                ReferralHubSettings(
                    database_url=databases["hub"],
                    person_key_secret="e2e",
                    retention_job_enabled=True,
                    retention_check_seconds=0.5,
                    dhr_tracker_url=dhr.url,
                    retention_token=mint(agency="pfcc", scopes=["records:retention"]),
                    **common,
                )
            )
            async with (
                UvicornServer(apps["hub"]) as hub,
                UvicornServer(apps["marac"]) as marac,
                UvicornServer(apps["reporting"]) as reporting,
            ):
                yield {
                    "apps": apps,
                    "urls": {
                        "hub": hub.url,
                        "marac": marac.url,
                        "reporting": reporting.url,
                        "dhr": dhr.url,
                    },
                }
    finally:
        for database in databases.values():
            await drop_database(database)


async def _scalar(engine: AsyncEngine, sql: str, **values: Any) -> Any:
    async with engine.connect() as connection:
        return (await connection.execute(text(sql), values)).scalar()


async def _reporting_ids(engine: AsyncEngine, referral_id: str) -> int:
    async with engine.connect() as connection:
        slot = await live_slot(AsyncSession(bind=connection))
        found = 0
        for model in ReadModel.all:
            table = model.table(slot)
            if "referral_id" in table.c:
                rows = await connection.execute(
                    select(table.c.referral_id).where(table.c.referral_id == uuid.UUID(referral_id))
                )
                found += len(rows.all())
        return found


async def test_the_retention_job_erases_a_person_in_every_service(
    services: dict[str, Any], auth_header: Callable[..., dict[str, str]]
) -> None:
    apps, urls = services["apps"], services["urls"]
    council = auth_header(agency=COUNCIL, scopes=["referrals:write", "referrals:read"])
    body = referral_body(
        yes=16,
        incident_date=LONG_AGO.date().isoformat(),
        victim={"family_name": "Erasable"},
        perpetrator={"family_name": "Forgotten"},
    )
    async with httpx.AsyncClient(base_url=urls["hub"], event_hooks=KEYED_POSTS) as hub:
        with clock.frozen(LONG_AGO):
            made = await hub.post("/v1/referrals", json=body, headers=council)
            assert made.status_code == 201, made.text
            referral = made.json()
            assert referral["marac_referral"] is True
            read = await hub.get(f"/v1/referrals/{referral['id']}", headers=council)
            closed = await hub.patch(
                f"/v1/referrals/{referral['id']}",
                json={"status": "closed"},
                headers={**council, "If-Match": read.headers["ETag"]},
            )
            assert closed.status_code == 200, closed.text
            victim, perpetrator = referral["victim"]["id"], referral["perpetrator"]["id"]
            marac_engine = apps["marac"].state.engine

            async def case_victim() -> Any:
                return await _scalar(
                    marac_engine,
                    "SELECT victim_id FROM marac_case WHERE referral_id = :id",
                    id=referral["id"],
                )

            assert await eventually(case_victim) == victim
            reporting_engine = apps["reporting"].state.engine

            async def in_reporting() -> int:
                return await _reporting_ids(reporting_engine, referral["id"])

            assert await eventually(in_reporting) > 0

            async with httpx.AsyncClient(base_url=urls["dhr"]) as dhr:
                manager = auth_header(agency=COUNCIL, scopes=["dhr:manage"])
                notified = await dhr.post(
                    "/v1/reviews",
                    json=notification(
                        person_ids=[victim], notified_on="2017-03-06", date_of_death="2017-03-01"
                    ),
                    headers=manager,
                )
                assert notified.status_code == 201, notified.text
                review_id = notified.json()["id"]
            dhr_engine = apps["dhr"].state.engine
            named = await _scalar(
                dhr_engine, "SELECT person_ids FROM review WHERE id = :id", id=uuid.UUID(review_id)
            )
            assert named == [victim]

        # Back in the present, the retention job finds them six years past their period.
        hub_engine = apps["hub"].state.engine

        async def erased() -> bool:
            count = await _scalar(
                hub_engine,
                "SELECT count(*) FROM person WHERE erased_at IS NOT NULL AND id IN (:v, :p)",
                v=uuid.UUID(victim),
                p=uuid.UUID(perpetrator),
            )
            return count == 2

        assert await eventually(erased) is True
        gone = await hub.get(f"/v1/referrals/{referral['id']}", headers=council)
        assert gone.status_code == 404

    async def marac_forgot() -> bool:
        row = await _scalar(
            marac_engine,
            "SELECT count(*) FROM marac_case WHERE victim_id IN (:v, :p)"
            " OR perpetrator_id IN (:v, :p) OR referral_id = :r",
            v=victim,
            p=perpetrator,
            r=referral["id"],
        )
        copies = await _scalar(
            marac_engine, "SELECT count(*) FROM referral WHERE id = :r", r=referral["id"]
        )
        return row == 0 and copies == 0

    assert await eventually(marac_forgot) is True
    assert await _scalar(marac_engine, "SELECT count(*) FROM marac_case") >= 1  # the case stays

    async def reporting_forgot() -> bool:
        return await _reporting_ids(reporting_engine, referral["id"]) == 0

    assert await eventually(reporting_forgot) is True

    async def dhr_forgot() -> bool:
        named = await _scalar(
            dhr_engine, "SELECT person_ids FROM review WHERE id = :id", id=uuid.UUID(review_id)
        )
        return victim not in named

    assert await eventually(dhr_forgot) is True


async def test_an_ongoing_review_refuses_an_erasure_request(
    services: dict[str, Any], auth_header: Callable[..., dict[str, str]]
) -> None:
    urls = services["urls"]
    council = auth_header(agency=COUNCIL, scopes=["referrals:write", "referrals:read"])
    officer = auth_header(agency="pfcc", scopes=["records:retention"])
    recently = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    async with httpx.AsyncClient(base_url=urls["hub"], event_hooks=KEYED_POSTS) as hub:
        with clock.frozen(recently):
            body = referral_body(
                incident_date=recently.date().isoformat(), victim={"family_name": "Underreview"}
            )
            referral = (await hub.post("/v1/referrals", json=body, headers=council)).json()
            read = await hub.get(f"/v1/referrals/{referral['id']}", headers=council)
            closed = await hub.patch(
                f"/v1/referrals/{referral['id']}",
                json={"status": "closed"},
                headers={**council, "If-Match": read.headers["ETag"]},
            )
            assert closed.status_code == 200, closed.text
        victim = referral["victim"]["id"]
        async with httpx.AsyncClient(base_url=urls["dhr"]) as dhr:
            manager = auth_header(agency=COUNCIL, scopes=["dhr:manage"])
            notified = await dhr.post(
                "/v1/reviews", json=notification(person_ids=[victim]), headers=manager
            )
            assert notified.status_code == 201, notified.text

        refused = await hub.post(f"/v1/persons/{victim}/erasure", json={}, headers=officer)

        assert refused.status_code == 409, refused.text
        assert [r["code"] for r in refused.json()["refusals"]] == ["ongoing_review"]
        kept = await hub.get(f"/v1/referrals/{referral['id']}", headers=council)
        assert kept.status_code == 200 and kept.json()["victim"]["id"] == victim
