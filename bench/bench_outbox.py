"""The event backbone: outbox relay publish rate and idempotent consumer apply rate,
each beside a bare aiokafka producer/consumer on the same broker in the same run."""

import asyncio
import time
import uuid
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from pydantic_settings import SettingsConfigDict
from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

from bench.summary import Measure, Section
from csp_common.consumer import ConsumerSpec, EventConsumer, stop_quietly
from csp_common.db import create_engine, create_session_factory
from csp_common.events import Code, EventPayload, ReceivedEvent, Topic
from csp_common.outbox import OutboxRelay, PendingEvent, add_events
from csp_common.settings import ServiceSettings
from csp_common.tables import processed_event_table
from csp_devtools.testing.infra import Broker, create_database, drop_database

EVENTS = 100_000
TOPIC = Topic(name="csp.bench", owner="bench")
bench_metadata = MetaData()
applied_table = Table(
    "bench_applied",
    bench_metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", String(36), nullable=False),
    Column("area", String(50), nullable=False),
)


class BenchSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BENCH_", extra="ignore")
    service_name: str = "bench"


class BenchItemCreated(EventPayload):
    type = "csp.bench.item_created.v1"
    topic = TOPIC
    item_id: uuid.UUID
    area: Code
    tags: list[Code]


def _payload() -> BenchItemCreated:
    # ~1 KB of JSON, like the bare producer's messages
    return BenchItemCreated(
        item_id=uuid.uuid4(), area="york", tags=[f"tag-{i:03d}" for i in range(90)]
    )


async def bare_producer(bootstrap: str, topic: str, count: int, size: int) -> float:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, linger_ms=2, max_batch_size=512 * 1024, acks="all"
    )
    await producer.start()
    value = b"x" * size
    started = time.perf_counter()
    futures = [
        await producer.send(topic, value=value, key=str(i % 100).encode()) for i in range(count)
    ]
    await asyncio.gather(*futures)
    elapsed = time.perf_counter() - started
    await producer.stop()
    return count / elapsed


async def bare_consumer(bootstrap: str, topic: str, count: int) -> float:
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"bare-{uuid.uuid4().hex[:6]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        max_poll_records=5000,
        fetch_max_bytes=16 * 1024 * 1024,
        max_partition_fetch_bytes=8 * 1024 * 1024,
    )
    await consumer.start()
    seen = 0
    started = None
    while seen < count:
        batch = await consumer.getmany(timeout_ms=500, max_records=5000)
        if batch and started is None:
            started = time.perf_counter()
        seen += sum(len(records) for records in batch.values())
    elapsed = time.perf_counter() - (started or time.perf_counter())
    await stop_quietly(consumer)
    return count / elapsed


async def apply(session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
    await session.execute(
        insert(applied_table),
        [{"item_id": str(e.payload.item_id), "area": e.payload.area} for e in events],  # type: ignore[attr-defined]
    )


async def run() -> Section:
    broker = Broker().start()
    url = await create_database("csp_bench")
    try:
        settings = BenchSettings(
            database_url=url,
            kafka_bootstrap_servers=broker.bootstrap_servers,
            auth_public_key_file=None,
        )
        engine = create_engine(settings)
        async with engine.begin() as conn:
            await conn.run_sync(SQLModel.metadata.create_all)
            await conn.run_sync(bench_metadata.create_all)
        factory = create_session_factory(engine)
        size = len(_payload().model_dump_json())

        producer_rate = await bare_producer(broker.bootstrap_servers, "bench.bare", EVENTS, size)

        for _ in range(0, EVENTS, 5000):
            async with factory() as session:
                await add_events(
                    session,
                    [PendingEvent(payload=_payload(), key=str(uuid.uuid4())) for _ in range(5000)],
                )
                await session.commit()
        relay = OutboxRelay(engine=engine, settings=settings)
        started = time.perf_counter()
        published = 0
        while published < EVENTS:
            published += await relay.publish_batch()
        relay_rate = EVENTS / (time.perf_counter() - started)
        await relay._close_producer()

        consumer_rate = await bare_consumer(broker.bootstrap_servers, TOPIC.name, EVENTS)

        consumer = EventConsumer(
            spec=ConsumerSpec(name="bench-applier", topics=(TOPIC,), handler=apply),
            settings=settings,
            session_factory=factory,
        )
        task = asyncio.create_task(consumer.run())
        first = None
        while True:
            async with engine.connect() as conn:
                done = await conn.scalar(select(func.count()).select_from(processed_event_table))
            if done and first is None:
                first = (time.perf_counter(), done)
            if done >= EVENTS:
                break
            await asyncio.sleep(0.05)
        assert first is not None
        apply_rate = (EVENTS - first[1]) / (time.perf_counter() - first[0])
        await consumer.stop()
        await task
        async with engine.connect() as conn:
            effects = await conn.scalar(select(func.count()).select_from(applied_table))
        await engine.dispose()
    finally:
        await drop_database(url)
        broker.stop()
    assert effects == EVENTS
    measures = [
        Measure(
            name="shared idempotent consumer, apply rate / bare consumer",
            figure=f"{apply_rate:,.0f} events/s",
            baseline=f"{consumer_rate:,.0f} events/s (aiokafka, group, no processing)",
            ratio=f"**{apply_rate / consumer_rate:.0%}**",
            aim="≥ 25%",
        ),
        Measure(
            name="outbox relay / bare producer",
            figure=f"{relay_rate:,.0f} events/s",
            baseline=f"{producer_rate:,.0f} events/s (aiokafka, batched, acks=all)",
            ratio=f"**{relay_rate / producer_rate:.0%}**",
            aim="≥ 25%",
        ),
    ]
    text = f"""## Event backbone (outbox relay, idempotent consumer)

{EVENTS:,} events of {size} bytes on a Tansu broker, PostgreSQL on the same machine.

| what | events/s | ratio | aim |
|---|---:|---:|---|
| bare aiokafka producer (batched, acks=all) | {producer_rate:,.0f} | 100% | |
| outbox relay (claim {settings.outbox_batch_size} rows `FOR UPDATE SKIP LOCKED`, build CloudEvents, send, mark) | {relay_rate:,.0f} | {relay_rate / producer_rate:.0%} | ≥ 25% |
| bare aiokafka consumer (group, no processing) | {consumer_rate:,.0f} | 100% | |
| idempotent consumer (parse + validate CloudEvent, dedupe row and effect row committed, then offsets; the next fetch parsed while a batch is applied) | {apply_rate:,.0f} | {apply_rate / consumer_rate:.0%} | ≥ 25% |
"""
    return Section(text=text, measures=measures)
