"""The transactional outbox: write events with the state change, publish them later.

`add_events` inserts outbox rows with a Core statement inside the caller's
transaction. `OutboxRelay` publishes them to Kafka in id order, keyed by aggregate id,
and marks them published only after the broker acknowledged every one of a batch.

On PostgreSQL the relay holds an advisory lock so that only one relay of a service is
active (per-key order), claims rows with `FOR UPDATE SKIP LOCKED`, and sleeps on
LISTEN/NOTIFY (a trigger notifies on insert) with polling as a fallback. On SQLite it
polls. A broker outage leaves rows pending; they flow, in order, when it returns.

Published rows are kept: they are the service's own copy of its event log. Whenever the
relay (re)connects, and every `HISTORY_CHECK_SECONDS` while it runs, it compares how many
records each of its topics holds with how many rows it has published there; a broker
that holds fewer has lost its log (Tansu in memory after a restart), and the relay
publishes the history again, in id order, with the same keys and event ids, before any
pending row. Consumers deduplicate by (source, id), so what they had seen changes
nothing; a rebuild finds the whole log again. See docs/architecture.md.
"""

import asyncio
import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from sqlalchemy import BigInteger, any_, bindparam, func, insert, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from tenacity import AsyncRetrying, retry_if_exception_type, wait_exponential_jitter

from csp_common import clock, metrics
from csp_common.db import RowsInsert
from csp_common.events.envelope import encode_payload, to_kafka
from csp_common.events.payload import EventPayload
from csp_common.settings import ServiceSettings
from csp_common.tables import outbox_table

log = logging.getLogger(__name__)

NOTIFY_CHANNEL = "csp_outbox"
HISTORY_CHECK_SECONDS = 10.0
"""How often a running relay checks that the broker still holds what it published."""


@dataclass(frozen=True)
class PendingEvent:
    payload: EventPayload
    key: str
    time: datetime | None = None


def outbox_row(payload: EventPayload, *, key: str, time: datetime | None = None) -> dict:
    return {
        "topic": payload.topic.name,
        "key": key,
        "event_id": str(uuid.uuid4()),
        "event_type": payload.type,
        "source": payload.topic.source,
        "time": time or clock.now(),
        "data": encode_payload(payload),
    }


def events_statement(events: Iterable[PendingEvent]) -> RowsInsert:
    """Outbox rows to write with the rest of a view's rows (`execute_together`)."""
    return RowsInsert(outbox_table, [outbox_row(e.payload, key=e.key, time=e.time) for e in events])


async def add_events(session: AsyncSession, events: Iterable[PendingEvent]) -> int:
    """Queue events in the session's transaction. Never commits."""
    rows = [outbox_row(e.payload, key=e.key, time=e.time) for e in events]
    if rows:
        await session.execute(insert(outbox_table), rows)
    return len(rows)


async def add_event(
    session: AsyncSession, payload: EventPayload, *, key: str, time: datetime | None = None
) -> None:
    await add_events(session, [PendingEvent(payload=payload, key=key, time=time)])


def create_producer(settings: ServiceSettings) -> AIOKafkaProducer:
    return AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        enable_idempotence=settings.kafka_idempotent_producer,
        acks="all",
        linger_ms=2,
        max_batch_size=512 * 1024,
        request_timeout_ms=10_000,
        client_id=f"{settings.service_name}-outbox",
    )


_event_columns = select(
    outbox_table.c.id,
    outbox_table.c.topic,
    outbox_table.c.key,
    outbox_table.c.event_id,
    outbox_table.c.event_type,
    outbox_table.c.source,
    outbox_table.c.time,
    outbox_table.c.data,
)
_pending = _event_columns.where(outbox_table.c.published_at.is_(None)).order_by(outbox_table.c.id)
_published_after = (
    _event_columns.where(
        outbox_table.c.published_at.is_not(None),
        outbox_table.c.topic.in_(bindparam("topics", expanding=True)),
        outbox_table.c.id > bindparam("after"),
    )
    .order_by(outbox_table.c.id)
    .limit(bindparam("limit"))
)
_mark_published = (
    update(outbox_table)
    .where(outbox_table.c.id.in_(bindparam("ids", expanding=True)))
    .values(published_at=func.now())
)
_mark_published_postgres = (
    update(outbox_table)
    .where(outbox_table.c.id == any_(bindparam("ids", type_=ARRAY(BigInteger))))
    .values(published_at=func.now())
)


class OutboxRelay:
    """Publishes outbox rows. Run `run()` as a task; `stop()` ends it cleanly."""

    def __init__(self, *, engine: AsyncEngine, settings: ServiceSettings) -> None:
        self.engine = engine
        self.settings = settings
        self.batch_size = settings.outbox_batch_size
        self._postgres = engine.dialect.name == "postgresql"
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._producer: AIOKafkaProducer | None = None
        self.active = False
        self.history_check_seconds = HISTORY_CHECK_SECONDS
        self.history_checks = 0
        self.republished = 0
        """Events this relay has published again into a broker that had lost them."""
        self._published: dict[str, int] = {}
        self._checked_at = 0.0

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    async def run(self) -> None:
        try:
            if self._postgres:
                await self._run_postgres()
            else:
                await self._run_loop()
        finally:
            await self._close_producer()

    async def _run_postgres(self) -> None:
        lock_key = f"csp-outbox-relay:{self.settings.service_name}"
        while not self._stopping.is_set():
            async with self.engine.connect() as lock_conn:
                got = await lock_conn.scalar(
                    select(func.pg_try_advisory_lock(func.hashtext(lock_key)))
                )
                if not got:
                    await self._sleep(2.0)
                    continue
                await lock_conn.commit()
                raw = (await lock_conn.get_raw_connection()).driver_connection
                assert raw is not None

                def on_notify(*_: object) -> None:
                    self._wake.set()

                await raw.add_listener(NOTIFY_CHANNEL, on_notify)
                try:
                    await self._run_loop()
                finally:
                    await raw.remove_listener(NOTIFY_CHANNEL, on_notify)
                    await lock_conn.execute(
                        select(func.pg_advisory_unlock(func.hashtext(lock_key)))
                    )
                    await lock_conn.commit()

    async def _run_loop(self) -> None:
        self.active = True
        self._published = {}  # counted afresh: another relay may have published meanwhile
        try:
            async for attempt in AsyncRetrying(
                wait=wait_exponential_jitter(initial=0.2, max=5.0),
                retry=retry_if_exception_type(Exception),
                before_sleep=self._on_failure,
            ):
                with attempt:
                    await self._publish_until_stopped()
                if self._stopping.is_set():
                    return
        finally:
            self.active = False

    async def _on_failure(self, retry_state) -> None:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        log.warning("outbox relay: publish failed, will retry", extra={"error": repr(exc)})
        metrics.OUTBOX_FAILURES.labels(self.settings.service_name).inc()
        await self._close_producer()

    async def _publish_until_stopped(self) -> None:
        # On every (re)connection: a broker that came back may have come back empty.
        await self.restore_history()
        while not self._stopping.is_set():
            published = await self.publish_batch()
            if published < self.batch_size:
                if self._loop_time() - self._checked_at >= self.history_check_seconds:
                    await self.restore_history()
                self._wake.clear()
                await self._sleep(self.settings.outbox_poll_interval_seconds)

    async def restore_history(self) -> int:
        """Publish the published rows again to each topic that holds fewer records than
        this outbox published there. Returns how many were republished.

        The rows are counted in the database when the relay becomes active; from then on
        its own tally serves (it is the only active relay of the service)."""
        if not self._published:
            self._published = await published_counts(self.engine)
        self._checked_at = self._loop_time()
        self.history_checks += 1
        if not self._published:
            return 0
        held = await records_on_broker(
            self.settings.kafka_bootstrap_servers, sorted(self._published)
        )
        short = sorted(t for t, n in self._published.items() if held.get(t, 0) < n)
        if not short:
            return 0
        for topic in short:
            log.warning(
                "outbox relay: %s holds %d records, %d were published; publishing the history"
                " again",
                topic,
                held.get(topic, 0),
                self._published[topic],
            )
        # A new producer: one that knew the topic before the broker lost it can go on
        # sending to it, and Tansu acknowledges those records without creating the topic
        # (no reader sees them); a new producer asks for the topic first, which creates it.
        await self._close_producer()
        producer = await self._get_producer()
        republished, after = 0, 0
        while not self._stopping.is_set():
            async with self.engine.connect() as conn:
                rows = (
                    await conn.execute(
                        _published_after,
                        {"topics": short, "after": after, "limit": self.batch_size},
                    )
                ).all()
            if not rows:
                break
            await self._send(producer, rows)
            after = rows[-1].id
            republished += len(rows)
        self.republished += republished
        log.warning("outbox relay: republished %d events", republished)
        return republished

    @staticmethod
    def _loop_time() -> float:
        return asyncio.get_running_loop().time()

    async def _sleep(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
        except TimeoutError:
            pass

    async def publish_batch(self) -> int:
        """Publish one batch of pending rows. Returns how many were published."""
        producer = await self._get_producer()
        async with self.engine.begin() as conn:
            rows = await self._claim(conn)
            if not rows:
                return 0
            await self._send(producer, rows)
            mark = _mark_published_postgres if self._postgres else _mark_published
            await conn.execute(mark, {"ids": [row.id for row in rows]})
        for row in rows:
            self._published[row.topic] = self._published.get(row.topic, 0) + 1
        metrics.OUTBOX_PUBLISHED.labels(self.settings.service_name).inc(len(rows))
        return len(rows)

    async def _claim(self, conn: AsyncConnection) -> Sequence:
        statement = _pending.limit(self.batch_size)
        if self._postgres:
            statement = statement.with_for_update(skip_locked=True)
        return (await conn.execute(statement)).all()

    async def _send(self, producer: AIOKafkaProducer, rows: Sequence) -> None:
        deliveries = []
        for row in rows:
            value, headers = to_kafka(
                event_id=row.event_id,
                source=row.source,
                event_type=row.event_type,
                time=clock.as_utc(row.time),
                key=row.key,
                data=row.data,
            )
            deliveries.append(
                await producer.send(row.topic, value=value, key=row.key.encode(), headers=headers)
            )
        await asyncio.gather(*deliveries)

    async def _get_producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = create_producer(self.settings)
            try:
                await producer.start()
            except BaseException:
                await producer.stop()
                raise
            self._producer = producer
        return self._producer

    async def _close_producer(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            try:
                await asyncio.wait_for(producer.stop(), timeout=5)
            except Exception:  # a dead broker can make stop() fail; the rows stay pending
                log.info("outbox relay: producer did not stop cleanly")


async def pending_count(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        count = await conn.scalar(
            select(func.count())
            .select_from(outbox_table)
            .where(outbox_table.c.published_at.is_(None))
        )
    return int(count or 0)


async def published_counts(engine: AsyncEngine) -> dict[str, int]:
    """How many rows this outbox has published to each topic."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(outbox_table.c.topic, func.count())
            .where(outbox_table.c.published_at.is_not(None))
            .group_by(outbox_table.c.topic)
        )
        return {topic: int(count) for topic, count in rows}


async def records_on_broker(bootstrap_servers: str, topics: Sequence[str]) -> dict[str, int]:
    """How many records each topic has ever held (the sum of its partitions' high
    watermarks; a missing topic holds 0).

    The high watermark of a fetch, not ListOffsets alone: Tansu answers ListOffsets
    with the start of the last record batch. Retention that deleted old records does
    not lower it, so only a log that was lost counts as short."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        enable_auto_commit=False,
        client_id=f"outbox-check-{uuid.uuid4().hex[:6]}",
        fetch_max_wait_ms=50,
        request_timeout_ms=10_000,
    )
    await consumer.start()
    try:
        await consumer.topics()
        partitions = [
            TopicPartition(topic, p)
            for topic in topics
            for p in sorted(consumer.partitions_for_topic(topic) or ())
        ]
        if not partitions:
            return {}
        listed = await consumer.end_offsets(partitions)
        consumer.assign(partitions)
        for tp in partitions:  # one record before the listed end: the fetch is small
            consumer.seek(tp, max(listed[tp] - 1, 0))
        async with asyncio.timeout(15):
            while any(consumer.highwater(tp) is None for tp in partitions):
                await consumer.getmany(timeout_ms=100, max_records=len(partitions))
        held: dict[str, int] = {}
        for tp in partitions:
            held[tp.topic] = held.get(tp.topic, 0) + max(consumer.highwater(tp) or 0, listed[tp])
        return held
    finally:
        from csp_common.consumer import stop_quietly  # the consumer module imports this one

        await stop_quietly(consumer)
