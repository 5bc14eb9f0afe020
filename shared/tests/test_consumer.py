import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy import func, select

from csp_common.app import create_app
from csp_common.consumer import ConsumerSpec, EventConsumer
from csp_common.events import to_kafka
from csp_devtools.kits.probe.probe import (
    PROBE_TOPIC,
    ItemCreated,
    ProbeApplied,
    ProbeSettings,
    apply_items,
    definition,
)
from csp_devtools.testing.infra import Broker, eventually
from csp_devtools.testing.kafka import read_topic


@pytest.fixture(scope="module")
async def consuming_app(probe_settings_factory: Callable[..., ProbeSettings]) -> AsyncIterator:
    """The probe service with its consumer running (joined once for the module)."""
    app = create_app(definition(probe_settings_factory(), consume=True))
    async with app.router.lifespan_context(app):
        consumer = app.state.consumers[0]
        await asyncio.wait_for(consumer.assigned.wait(), timeout=30)
        yield app


@pytest.fixture(scope="module")
async def producer(broker: Broker) -> AsyncIterator[AIOKafkaProducer]:
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap_servers)
    await producer.start()
    yield producer
    await producer.stop()


async def _send(producer: AIOKafkaProducer, payload: ItemCreated, *, event_id: str) -> None:
    value, headers = to_kafka(
        event_id=event_id,
        source=PROBE_TOPIC.source,
        event_type=payload.type,
        time=__import__("datetime").datetime.now(__import__("datetime").UTC),
        key=str(payload.item_id),
        data=payload.model_dump_json().encode(),
    )
    await producer.send_and_wait(
        PROBE_TOPIC.name, value=value, key=str(payload.item_id).encode(), headers=headers
    )


async def _applied(app, item_id: uuid.UUID) -> int:  # type: ignore[no-untyped-def]
    async with app.state.session_factory() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(ProbeApplied)
            .where(ProbeApplied.item_id == str(item_id))
        )
    return int(count or 0)


async def test_a_redelivered_event_is_applied_once(consuming_app, producer) -> None:  # type: ignore[no-untyped-def]
    item_id = uuid.uuid4()
    payload = ItemCreated(item_id=item_id, area="york")
    event_id = str(uuid.uuid4())
    await _send(producer, payload, event_id=event_id)
    await eventually(lambda: _applied(consuming_app, item_id))
    await _send(producer, payload, event_id=event_id)
    await _send(
        producer, ItemCreated(item_id=uuid.uuid4(), area="york"), event_id=str(uuid.uuid4())
    )
    await asyncio.sleep(1.5)
    assert await _applied(consuming_app, item_id) == 1


async def test_a_malformed_record_goes_to_the_dlq_and_the_consumer_goes_on(
    consuming_app,
    producer,
    broker: Broker,  # type: ignore[no-untyped-def]
) -> None:
    marker = uuid.uuid4().hex.encode()
    await producer.send_and_wait(PROBE_TOPIC.name, value=b"not an event", key=marker)
    after = uuid.uuid4()
    await _send(producer, ItemCreated(item_id=after, area="york"), event_id=str(uuid.uuid4()))
    await eventually(lambda: _applied(consuming_app, after))

    dead = [
        r
        for r in await read_topic(broker.bootstrap_servers, PROBE_TOPIC.dead_letter, expect=1)
        if r.key == marker
    ]
    assert len(dead) == 1
    headers = dict(dead[0].headers)
    assert headers["dlq_original_topic"] == PROBE_TOPIC.name.encode()
    assert headers["dlq_original_partition"].isdigit()
    assert headers["dlq_original_offset"].isdigit()
    assert b"CloudEvent" in headers["dlq_error"]
    assert dead[0].value == b"not an event"


async def test_an_event_the_handler_refuses_is_dead_lettered_alone(
    consuming_app,
    producer,
    broker: Broker,  # type: ignore[no-untyped-def]
) -> None:
    poison = ItemCreated(item_id=uuid.uuid4(), area="york", outcome="fail")
    good = ItemCreated(item_id=uuid.uuid4(), area="york")
    await _send(producer, poison, event_id=str(uuid.uuid4()))
    await _send(producer, good, event_id=str(uuid.uuid4()))
    await eventually(lambda: _applied(consuming_app, good.item_id))
    assert await _applied(consuming_app, poison.item_id) == 0
    dead = [
        r
        for r in await read_topic(broker.bootstrap_servers, PROBE_TOPIC.dead_letter, expect=2)
        if r.key == str(poison.item_id).encode()
    ]
    assert len(dead) == 1
    assert b"refuses" in dict(dead[0].headers)["dlq_error"]


async def test_a_second_member_of_the_group_takes_partitions_from_the_first(
    consuming_app, probe_settings_factory: Callable[..., ProbeSettings]
) -> None:  # type: ignore[no-untyped-def]
    first = consuming_app.state.consumers[0]
    await eventually(lambda: _async(first.holds_every_partition()), timeout=20)
    second_app = create_app(definition(probe_settings_factory(), consume=True))
    async with second_app.router.lifespan_context(second_app):
        second = second_app.state.consumers[0]
        await asyncio.wait_for(second.assigned.wait(), timeout=60)
        await eventually(
            lambda: _async(not first.holds_every_partition() and second.assigned.is_set()),
            timeout=30,
        )
        assert not second.holds_every_partition()
    await eventually(lambda: _async(first.holds_every_partition()), timeout=60)


async def _async(value: bool) -> bool:
    return value


async def test_events_of_a_partition_are_applied_in_order_across_many_small_batches(
    consuming_app, producer, probe_settings_factory: Callable[..., ProbeSettings]
) -> None:  # type: ignore[no-untyped-def]
    """The next fetch is gathered while a batch is applied; batches still apply in turn."""
    item_id = uuid.uuid4()
    applied: list[int] = []

    async def record(session, events) -> None:  # type: ignore[no-untyped-def]
        await apply_items(session, events)
        applied.extend(e.payload.sequence for e in events if e.payload.item_id == item_id)

    consumer = EventConsumer(
        spec=ConsumerSpec(
            name=f"probe-order-{uuid.uuid4().hex[:8]}", topics=(PROBE_TOPIC,), handler=record
        ),
        settings=probe_settings_factory(),
        session_factory=consuming_app.state.session_factory,
        max_records=7,
        linger=0,
    )
    events = 200
    for sequence in range(events):  # one key, so one partition
        payload = ItemCreated(item_id=item_id, area="york", sequence=sequence)
        value, headers = to_kafka(
            event_id=str(uuid.uuid4()),
            source=PROBE_TOPIC.source,
            event_type=payload.type,
            time=datetime.now(UTC),
            key=str(item_id),
            data=payload.model_dump_json().encode(),
        )
        await producer.send(
            PROBE_TOPIC.name, value=value, key=str(item_id).encode(), headers=headers
        )
    await producer.flush()
    task = asyncio.create_task(consumer.run())
    try:
        await eventually(lambda: _async(len(applied) >= events), timeout=60)
    finally:
        await consumer.stop()
        await task
    assert applied == list(range(events))
