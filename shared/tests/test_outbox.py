import asyncio
import uuid
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from csp_common.app import create_app
from csp_common.db import create_engine, create_session_factory
from csp_common.events import from_kafka
from csp_common.migrations import upgrade
from csp_common.outbox import OutboxRelay, add_event, pending_count
from csp_common.tables import outbox_table
from csp_devtools.kits.probe.probe import (
    MIGRATIONS,
    PROBE_TOPIC,
    ItemCreated,
    ProbeSettings,
    definition,
)
from csp_devtools.testing.infra import (
    Broker,
    FlakyBroker,
    UvicornServer,
    create_database,
    drop_database,
    eventually,
)
from csp_devtools.testing.kafka import read_topic


def _by_key(records, keys: set[str]) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    sequences: dict[str, list[int]] = defaultdict(list)
    for record in records:
        if record.key is None or record.key.decode() not in keys:
            continue
        event = from_kafka(key=record.key, value=record.value, headers=record.headers)
        if event.key in keys:
            assert isinstance(event.payload, ItemCreated)
            sequences[event.key].append(event.payload.sequence)
    return sequences


async def test_each_event_is_published_once_in_order_per_key(
    probe_settings_factory: Callable[..., ProbeSettings],
    broker: Broker,
    auth_header: Callable[..., dict[str, str]],
) -> None:
    app = create_app(definition(probe_settings_factory()))
    headers = auth_header(agency="idas", scopes=["probe:write"])
    async with UvicornServer(app) as server, httpx.AsyncClient(base_url=server.url) as client:
        created = await asyncio.gather(
            *(
                client.post("/v1/items", json={"area": "york", "copies": 20}, headers=headers)
                for _ in range(10)
            )
        )
        keys = {response.json()["id"] for response in created}
        await eventually(lambda: _no_pending(app))
    records = await read_topic(broker.bootstrap_servers, PROBE_TOPIC.name)
    sequences = _by_key(records, keys)
    assert set(sequences) == keys
    for key in keys:
        assert sequences[key] == list(range(20)), key


async def _no_pending(app) -> bool:  # type: ignore[no-untyped-def]
    return await pending_count(app.state.engine) == 0


async def test_a_rolled_back_change_publishes_nothing(
    probe_settings_factory: Callable[..., ProbeSettings], broker: Broker
) -> None:
    settings = probe_settings_factory()
    engine = create_engine(settings)
    await upgrade(engine, MIGRATIONS)
    key = str(uuid.uuid4())
    async with create_session_factory(engine)() as session:
        await add_event(session, ItemCreated(item_id=uuid.UUID(key), area="york"), key=key)
        await session.rollback()
    relay = OutboxRelay(engine=engine, settings=settings)
    await relay.publish_batch()
    await relay.stop()
    await relay._close_producer()
    records = await read_topic(broker.bootstrap_servers, PROBE_TOPIC.name)
    assert not _by_key(records, {key})
    await engine.dispose()


async def test_broker_outage_delays_events_and_loses_none(
    probe_settings_factory: Callable[..., ProbeSettings],
    auth_header: Callable[..., dict[str, str]],
) -> None:
    outage = await FlakyBroker().start()
    settings = probe_settings_factory(kafka_bootstrap_servers=outage.bootstrap_servers)
    app = create_app(definition(settings))
    headers = auth_header(agency="idas", scopes=["probe:write"])
    try:
        async with UvicornServer(app) as server, httpx.AsyncClient(base_url=server.url) as client:
            before = await client.post(
                "/v1/items", json={"area": "york", "copies": 3}, headers=headers
            )
            await eventually(lambda: _no_pending(app))
            await outage.proxy.cut()
            during = [
                await client.post("/v1/items", json={"area": "selby", "copies": 3}, headers=headers)
                for _ in range(5)
            ]
            assert all(response.status_code == 201 for response in during)
            await asyncio.sleep(1.0)
            assert await pending_count(app.state.engine) >= 15
            await outage.proxy.restore()
            await eventually(lambda: _no_pending(app), timeout=60)
        keys = {response.json()["id"] for response in during}
        records = await read_topic(outage.bootstrap_servers, PROBE_TOPIC.name, expect=15)
        sequences = _by_key(records, keys)
        assert {key: sorted(set(seq)) for key, seq in sequences.items()} == {
            key: [0, 1, 2] for key in keys
        }
        for seq in sequences.values():  # redelivery may repeat, but never reorders a key
            assert seq == sorted(seq) or seq[: len(seq) // 2] == seq[len(seq) // 2 :]
        assert before.status_code == 201
    finally:
        await outage.stop()


async def test_only_one_relay_is_active_per_service(
    probe_settings_factory: Callable[..., ProbeSettings],
) -> None:
    settings = probe_settings_factory()
    engine = create_engine(settings)
    await upgrade(engine, MIGRATIONS)
    first = OutboxRelay(engine=engine, settings=settings)
    second = OutboxRelay(engine=engine, settings=settings)
    tasks = [asyncio.create_task(first.run()), asyncio.create_task(second.run())]
    try:
        await eventually(lambda: _active_count([first, second], 1))
        await asyncio.sleep(0.5)
        assert [first.active, second.active].count(True) == 1
        standby = second if first.active else first
        active = first if first.active else second
        await active.stop()
        await eventually(lambda: _is_active(standby), timeout=10)
    finally:
        await first.stop()
        await second.stop()
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=10)
        await engine.dispose()


async def _active_count(relays: list[OutboxRelay], expected: int) -> bool:
    return [relay.active for relay in relays].count(True) == expected


async def _is_active(relay: OutboxRelay) -> bool:
    return relay.active


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_the_sqlite_poller_publishes_too(
    backend: str,
    tmp_path: Path,
    probe_settings_factory: Callable[..., ProbeSettings],
    broker: Broker,
) -> None:
    settings = probe_settings_factory(database_url=f"sqlite+aiosqlite:///{tmp_path}/probe.db")
    engine = create_engine(settings)
    await upgrade(engine, MIGRATIONS)
    key = str(uuid.uuid4())
    async with create_session_factory(engine)() as session:
        for sequence in range(5):
            await add_event(
                session,
                ItemCreated(item_id=uuid.UUID(key), area="york", sequence=sequence),
                key=key,
            )
        await session.commit()
    relay = OutboxRelay(engine=engine, settings=settings)
    task = asyncio.create_task(relay.run())
    try:
        await eventually(lambda: _sqlite_drained(engine))
    finally:
        await relay.stop()
        await task
        await engine.dispose()
    records = await read_topic(broker.bootstrap_servers, PROBE_TOPIC.name)
    assert _by_key(records, {key})[key] == [0, 1, 2, 3, 4]


async def _sqlite_drained(engine) -> bool:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        pending = await conn.scalar(
            select(func.count())
            .select_from(outbox_table)
            .where(outbox_table.c.published_at.is_(None))
        )
    return pending == 0


async def _drained(relay: OutboxRelay) -> bool:
    return await pending_count(relay.engine) == 0


async def _sequences_on(broker: Broker, keys: set[str], expect: int) -> dict[str, list[int]]:
    records = await read_topic(broker.bootstrap_servers, PROBE_TOPIC.name, expect=expect)
    return _by_key(records, keys)


async def _ids_on(broker: Broker) -> list[str]:
    records = await read_topic(broker.bootstrap_servers, PROBE_TOPIC.name)
    return [dict(record.headers)["ce_id"].decode() for record in records]


async def _add(engine, keys: list[str], sequences: range) -> None:  # type: ignore[no-untyped-def]
    async with create_session_factory(engine)() as session:
        for sequence in sequences:
            for key in keys:
                payload = ItemCreated(item_id=uuid.UUID(key), area="york", sequence=sequence)
                await add_event(session, payload, key=key)
        await session.commit()


async def test_a_broker_that_lost_its_log_gets_the_history_again(
    probe_settings_factory: Callable[..., ProbeSettings],
) -> None:
    """A Tansu broker in memory restarted empty: the relay publishes every published row
    again, in order per key, with the same event ids, before what was pending; a broker
    that kept its log gets nothing twice."""
    database_url = await create_database("csp_probe_history")
    broker = Broker().start()
    settings = probe_settings_factory(
        database_url=database_url, kafka_bootstrap_servers=broker.bootstrap_servers
    )
    engine = create_engine(settings)
    relays: list[asyncio.Task[None]] = []

    async def start_relay() -> OutboxRelay:
        relay = OutboxRelay(engine=engine, settings=settings)
        relay.history_check_seconds = 0.5
        relays.append(asyncio.create_task(relay.run()))
        return relay

    try:
        await upgrade(engine, MIGRATIONS)
        keys = [str(uuid.uuid4()) for _ in range(8)]
        await _add(engine, keys, range(30))
        relay = await start_relay()
        await eventually(lambda: _drained(relay), timeout=30)
        first_ids = await _ids_on(broker)
        assert len(first_ids) == 240

        # Restarted with its log: nothing is published twice.
        await relay.stop()
        relay = await start_relay()
        await eventually(lambda: _checked(relay, 3), timeout=30)
        assert relay.republished == 0
        assert sorted(await _ids_on(broker)) == sorted(first_ids)

        # The broker restarts empty under the running relay: the periodic check notices.
        broker.stop()
        broker.start()
        await eventually(lambda: _republished(relay, 240), timeout=60)
        assert sorted(await _ids_on(broker)) == sorted(first_ids)

        # And again while the relay is down, with events pending: history first, then them.
        await relay.stop()
        broker.stop()
        broker.start()
        await _add(engine, keys, range(30, 32))
        relay = await start_relay()
        await eventually(lambda: _drained(relay), timeout=60)
        assert relay.republished == 240
        sequences = await _sequences_on(broker, set(keys), expect=256)
        assert sequences == {key: list(range(32)) for key in keys}
        assert sorted(await _ids_on(broker)) == sorted(
            first_ids + [str(r) for r in await _event_ids(engine, after=240)]
        )
    finally:
        for task in relays:
            if not task.done():
                task.cancel()
        await asyncio.gather(*relays, return_exceptions=True)
        await engine.dispose()
        broker.stop()
        await drop_database(database_url)


async def _checked(relay: OutboxRelay, count: int) -> bool:
    return relay.history_checks >= count


async def _event_ids(engine, *, after: int) -> list[str]:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        rows = await conn.execute(select(outbox_table.c.event_id).where(outbox_table.c.id > after))
        return [row.event_id for row in rows]


async def _republished(relay: OutboxRelay, count: int) -> bool:
    return relay.republished >= count
