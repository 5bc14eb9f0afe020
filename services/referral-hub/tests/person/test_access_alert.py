"""The access alert: one caller reading many people's histories outside their agency in
a short time emits `csp.referral.access_alert.v1` (codes and counts only), once a
window; reads of people the caller's own agency referred never count."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from csp_common import clock
from csp_common.contracts.access import ReferralHubAccessAlert
from csp_common.tables import audit_table, outbox_table
from csp_devtools.testing.idempotency import KEYED_POSTS
from csp_devtools.testing.infra import create_database, drop_database, rolled_back
from referral_hub.app import create_app

ALERT = "csp.referral.access_alert.v1"
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PURPOSE = {"X-Purpose": "DHR-2026-03 chronology"}


@pytest.fixture
async def watched(hub_settings_factory: Callable[..., Any]) -> AsyncIterator[httpx.AsyncClient]:
    app: FastAPI = create_app(
        hub_settings_factory(
            kafka_enabled=False, access_alert_reads=3, access_alert_window_seconds=600
        )
    )
    async with app.router.lifespan_context(app), rolled_back(app):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://hub", event_hooks=KEYED_POSTS
        ) as client:
            yield client


async def _people(client: httpx.AsyncClient, headers: dict[str, str], count: int) -> list[str]:
    people = []
    for n in range(count):
        body = {
            **_body(),
            "victim": {**_body()["victim"], "family_name": f"Alertson{n}", "postcode": None},
        }
        made = await client.post("/v1/referrals", json=body, headers=headers)
        assert made.status_code == 201, made.text
        people.append(made.json()["victim"]["id"])
    return people


def _body() -> dict[str, Any]:
    from csp_devtools.kits.referral_hub import referral_body

    return referral_body()


async def _alerts(client: httpx.AsyncClient) -> list[Any]:
    app = client._transport.app  # type: ignore[attr-defined]
    async with app.state.session_factory() as session:
        rows = await session.execute(
            select(outbox_table.c.data, outbox_table.c.key)
            .where(outbox_table.c.event_type == ALERT)
            .order_by(outbox_table.c.id)
        )
        return [(row.key, ReferralHubAccessAlert.model_validate_json(row.data)) for row in rows]


async def test_many_people_read_outside_the_agency_alert_once_a_window(
    watched: httpx.AsyncClient, hub_headers: Callable[..., dict[str, str]]
) -> None:
    with clock.frozen(START) as frozen:
        people = await _people(watched, hub_headers(), 7)
        team = hub_headers(agency="pfcc", scopes=["dhr:chronology"], subject=f"t-{uuid.uuid4()}")
        for person in people[:2]:
            read = await watched.get(f"/v1/persons/{person}/history", headers=team | PURPOSE)
            assert read.status_code == 200, read.text
        assert await _alerts(watched) == []
        frozen.advance(minutes=5)
        for person in [people[0], people[2], people[3]]:  # a re-read is no new person
            await watched.get(f"/v1/persons/{person}/history", headers=team | PURPOSE)
        [(key, alert)] = await _alerts(watched)
        assert key == "pfcc"
        assert (alert.service, alert.agency, alert.area) == ("referral-hub", "pfcc", None)
        assert (alert.records_read, alert.threshold, alert.window_seconds) == (3, 3, 600)
        assert alert.first_read_at == START
        assert set(alert.model_dump()) == {
            "alert_id", "service", "agency", "area", "records_read", "threshold",
            "window_seconds", "first_read_at", "alerted_at",
        }  # fmt: skip
        # past the threshold within the window: no second alert
        await watched.get(f"/v1/persons/{people[4]}/history", headers=team | PURPOSE)
        assert len(await _alerts(watched)) == 1
        # a new window: the count starts again
        frozen.advance(minutes=30)
        for person in people[4:7]:
            await watched.get(f"/v1/persons/{person}/history", headers=team | PURPOSE)
        assert len(await _alerts(watched)) == 2


async def test_the_callers_own_agencys_people_never_count(
    watched: httpx.AsyncClient, hub_headers: Callable[..., dict[str, str]]
) -> None:
    with clock.frozen(START):
        people = await _people(watched, hub_headers(), 4)
        own = hub_headers(scopes=["dhr:chronology"], subject=f"p-{uuid.uuid4()}")
        for person in people:
            await watched.get(f"/v1/persons/{person}/history", headers=own | PURPOSE)
        assert await _alerts(watched) == []
        app = watched._transport.app  # type: ignore[attr-defined]
        async with app.state.session_factory() as session:
            flags = (
                await session.scalars(
                    select(audit_table.c.outside).where(
                        audit_table.c.record_id.in_(people), audit_table.c.action == "chronology"
                    )
                )
            ).all()
        assert flags == [False] * 4


async def test_reads_at_the_same_moment_count_each_other(
    hub_settings_factory: Callable[..., Any], hub_headers: Callable[..., dict[str, str]]
) -> None:
    """Committed for real (no rollback), on a database of its own: three reads of three
    people at once, each in its own transaction, make exactly one alert."""
    database = await create_database("csp_hub_access_alert")
    app: FastAPI = create_app(
        hub_settings_factory(database_url=database, kafka_enabled=False, access_alert_reads=3)
    )
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url="http://hub",
                event_hooks=KEYED_POSTS,
            ) as client,
        ):
            people = await _people(client, hub_headers(), 3)
            team = hub_headers(agency="pfcc", scopes=["dhr:chronology"]) | PURPOSE
            answers = await asyncio.gather(
                *(client.get(f"/v1/persons/{p}/history", headers=team) for p in people)
            )
            assert [a.status_code for a in answers] == [200, 200, 200]
            assert len(await _alerts(client)) == 1
    finally:
        await drop_database(database)
