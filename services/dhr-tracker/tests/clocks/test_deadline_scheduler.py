"""The deadline scheduler on PostgreSQL and the broker: each missed clock of each review
is published once, across a restart and with two replicas running."""

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import date, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from csp_common import clock
from csp_common.tables import outbox_table
from csp_devtools.testing.infra import create_database, drop_database, eventually
from csp_devtools.testing.kafka import read_topic
from dhr_tracker.app import create_app
from dhr_tracker.clocks.scheduler import check_deadlines
from dhr_tracker.settings import DhrSettings

MISSED = "csp.dhr.deadline_missed.v1"


@pytest.fixture(scope="module")
async def deadlines_database() -> AsyncIterator[str]:
    url = await create_database("csp_dhr_deadlines")
    yield url
    await drop_database(url)


def replica(settings_factory: Callable[..., DhrSettings], url: str) -> FastAPI:
    return create_app(
        settings_factory(
            database_url=url, deadline_scheduler_enabled=True, deadline_check_seconds=0.05
        )
    )


async def missed_rows(app: FastAPI) -> list[tuple[str, str]]:
    async with app.state.session_factory() as session:
        rows = await session.execute(
            select(outbox_table.c.key, outbox_table.c.data).where(
                outbox_table.c.event_type == MISSED
            )
        )
        return [(row.key, row.data.decode()) for row in rows]


async def notify(app: FastAPI, headers: dict[str, str], notified_on: str) -> str:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://dhr") as client:
        body = {
            "area": "ryedale",
            "notified_on": notified_on,
            "notifying_agency": "north-yorkshire-police",
            "date_of_death": "2024-01-01",
            "circumstances": "homicide",
            "victim": {"age_band": "25_34", "gender": "female", "ethnicity": "asian"},
        }
        answer = await client.post("/v1/reviews", json=body, headers=headers)
        assert answer.status_code == 201, answer.text
        return answer.json()["id"]


async def test_each_missed_deadline_is_published_once_across_two_replicas_and_a_restart(
    dhr_settings_factory: Callable[..., DhrSettings],
    deadlines_database: str,
    dhr_auth: Callable[..., dict[str, str]],
    broker,
) -> None:
    headers = dhr_auth()
    with clock.frozen(datetime.fromisoformat("2024-03-01T10:00:00+00:00")) as frozen:
        first, second = (replica(dhr_settings_factory, deadlines_database) for _ in range(2))
        async with first.router.lifespan_context(first), second.router.lifespan_context(second):
            late = await notify(first, headers, "2024-01-10")  # decision due 2024-02-10
            on_time = await notify(second, headers, "2024-02-20")  # due 2024-03-20

            async def one_notice() -> bool:
                return len(await missed_rows(first)) == 1

            await eventually(one_notice)
            await asyncio.sleep(0.5)  # both replicas keep checking: still one
            assert [key for key, _ in await missed_rows(first)] == [late]

        frozen.advance(timedelta(days=20))  # 2024-03-21: the second review's decision is late
        restarted = replica(dhr_settings_factory, deadlines_database)
        async with restarted.router.lifespan_context(restarted):

            async def two_notices() -> bool:
                return len(await missed_rows(restarted)) == 2

            await eventually(two_notices)
            await asyncio.sleep(0.5)
            rows = await missed_rows(restarted)
            assert sorted(key for key, _ in rows) == sorted([late, on_time])
            assert all('"clock":"decision"' in data for _, data in rows)

            async def on_the_broker() -> list:
                records = await read_topic(broker.bootstrap_servers, "csp.dhr", timeout=3)
                return [
                    r
                    for r in records
                    if dict(r.headers).get("ce_type") == MISSED.encode()
                    and r.key.decode() in (late, on_time)
                ] or None  # type: ignore[return-value]

            published = await eventually(on_the_broker, timeout=20)
            assert sorted(r.key.decode() for r in published) == sorted([late, on_time])


async def test_two_checks_at_once_make_one_notice(
    dhr_settings_factory: Callable[..., DhrSettings],
    deadlines_database: str,
    dhr_auth: Callable[..., dict[str, str]],
) -> None:
    with clock.frozen(datetime.fromisoformat("2024-06-01T10:00:00+00:00")):
        apps = [
            create_app(dhr_settings_factory(database_url=deadlines_database, kafka_enabled=False))
            for _ in range(2)
        ]
        async with (
            apps[0].router.lifespan_context(apps[0]),
            apps[1].router.lifespan_context(apps[1]),
        ):
            review = await notify(apps[0], dhr_auth(), "2024-04-01")
            settings = apps[0].state.settings
            made = await asyncio.gather(
                *(
                    check_deadlines(
                        app.state.session_factory, settings=settings, today=date(2024, 6, 1)
                    )
                    for app in apps
                )
            )
            again = await check_deadlines(
                apps[1].state.session_factory, settings=settings, today=date(2024, 6, 2)
            )
            rows = [key for key, _ in await missed_rows(apps[0]) if key == review]
    assert sum(made) == 1
    assert rows == [review] and again == 0
