"""A broker outage delays events; it loses none, and never fails an HTTP request."""

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy import func, select

from csp_devtools.kits.marac import direct_referral, publish, referral_event
from csp_devtools.testing.idempotency import KEYED_POSTS
from csp_devtools.testing.infra import FlakyBroker, create_database, drop_database, eventually
from csp_devtools.testing.kafka import read_topic
from marac.app import create_app
from marac.case.models import case_table
from marac.settings import MaracSettings


@pytest.fixture(scope="module")
async def marac_flaky_broker() -> AsyncIterator[FlakyBroker]:
    broker = await FlakyBroker().start()
    yield broker
    await broker.stop()


@pytest.fixture(scope="module")
async def marac_flaky_app(marac_flaky_broker, signing_keys) -> AsyncIterator:  # type: ignore[no-untyped-def]
    url = await create_database("csp_marac_flaky")
    settings = MaracSettings(
        database_url=url,
        kafka_bootstrap_servers=marac_flaky_broker.bootstrap_servers,
        auth_public_key_file=signing_keys[1],
        outbox_poll_interval_seconds=0.2,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        await asyncio.wait_for(app.state.consumers[0].assigned.wait(), timeout=60)
        yield app
    await drop_database(url)


async def _case_count(app, referral_ids: list[str]) -> int:  # type: ignore[no-untyped-def]
    async with app.state.session_factory() as session:
        return int(
            await session.scalar(
                select(func.count())
                .select_from(case_table)
                .where(case_table.c.referral_id.in_(referral_ids))
            )
            or 0
        )


async def test_cases_made_while_the_broker_is_away_are_published_when_it_returns(
    marac_flaky_app, marac_flaky_broker, auth_header
) -> None:  # type: ignore[no-untyped-def]
    import httpx

    await marac_flaky_broker.proxy.cut()
    transport = httpx.ASGITransport(app=marac_flaky_app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://marac", event_hooks=KEYED_POSTS
    ) as client:
        ids = []
        for _ in range(5):
            response = await client.post(
                "/v1/cases",
                json=direct_referral(area="selby"),
                headers=auth_header(agency="health", scopes=["marac:refer"]),
            )
            assert response.status_code == 201
            ids.append(response.json()["id"].encode())
    await asyncio.sleep(1.0)
    await marac_flaky_broker.proxy.restore()

    async def published() -> bool:
        records = await read_topic(marac_flaky_broker.bootstrap_servers, "csp.marac", timeout=3)
        keys = [r.key for r in records if r.key in ids]
        return len(keys) >= 10  # referred + listed for each

    assert await eventually(published, timeout=45)
    records = await read_topic(marac_flaky_broker.bootstrap_servers, "csp.marac", timeout=3)
    event_ids = [dict(r.headers)["ce_id"] for r in records if r.key in ids]
    assert len(event_ids) == len(set(event_ids)) == 10


async def test_referrals_in_flight_during_an_outage_all_become_cases(
    marac_flaky_app, marac_flaky_broker
) -> None:  # type: ignore[no-untyped-def]
    producer = AIOKafkaProducer(bootstrap_servers=marac_flaky_broker.bootstrap_servers)
    await producer.start()
    events = [referral_event() for _ in range(20)]
    try:
        for event in events:
            await publish(producer, event)
    finally:
        await producer.stop()
    await marac_flaky_broker.proxy.cut()
    await asyncio.sleep(2.0)
    await marac_flaky_broker.proxy.restore()
    referral_ids = [str(e.referral_id) for e in events]
    await eventually(lambda: _at(marac_flaky_app, referral_ids, 20), timeout=45)
    await asyncio.sleep(1.0)
    assert await _case_count(marac_flaky_app, referral_ids) == 20


async def _at(app, referral_ids, n):  # type: ignore[no-untyped-def]
    return await _case_count(app, referral_ids) >= n
