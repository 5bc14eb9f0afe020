"""The idempotent consumer.

Reads batches from Kafka, parses each record as a CloudEvent with a registered
payload, and applies the batch in ONE database transaction together with the
`(consumer, source, id)` rows of `processed_event`; only then commits the Kafka
offsets. A redelivered event finds its row and is skipped. A record that cannot be
parsed, or whose handler fails on its own, goes to `<topic>.dlq` with the original
topic, partition, offset and error in headers, and the consumer moves on.

The next fetch and its parsing run while the current batch's transaction waits for
PostgreSQL (one batch ahead, never more). Batches are applied and their offsets
committed one after another, so each partition's events keep their order; a batch
fetched before a rebalance is dropped unapplied, and its records are fetched again
from the committed offsets by whichever member owns them now.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import asyncpg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRebalanceListener, TopicPartition
from aiokafka.structs import ConsumerRecord
from sqlalchemy.exc import DataError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from csp_common import clock, metrics
from csp_common.db import driver_connection
from csp_common.events.envelope import ReceivedEvent, from_kafka
from csp_common.events.payload import Topic
from csp_common.outbox import create_producer
from csp_common.settings import ServiceSettings
from csp_common.tables import processed_event_table
from csp_common.upsert import insert_ignoring

log = logging.getLogger(__name__)

Handler = Callable[[AsyncSession, Sequence[ReceivedEvent]], Awaitable[None]]
"""Applies new (never seen) events, in order, inside the caller's transaction."""


@dataclass(frozen=True)
class ConsumerSpec:
    name: str
    topics: tuple[Topic, ...]
    handler: Handler


@dataclass
class _Parsed:
    record: ConsumerRecord
    event: ReceivedEvent


@dataclass
class _Fetched:
    """One fetch, parsed: the events in order per partition, the records that are not
    events, and the offsets to commit once both are dealt with."""

    generation: int
    parsed: list[_Parsed]
    malformed: list[tuple[ConsumerRecord, Exception]]
    offsets: dict[TopicPartition, int]


class _WaitForBatch(ConsumerRebalanceListener):
    """On rebalance, wait until the batch in hand is applied and its offsets committed,
    then start a new generation: a batch fetched before it is not applied."""

    def __init__(self, lock: asyncio.Lock, new_generation: Callable[[], None]) -> None:
        self.lock = lock
        self.new_generation = new_generation

    async def on_partitions_revoked(self, revoked: object) -> None:
        async with self.lock:
            self.new_generation()

    async def on_partitions_assigned(self, assigned: object) -> None:
        return None


class EventConsumer:
    def __init__(
        self,
        *,
        spec: ConsumerSpec,
        settings: ServiceSettings,
        session_factory: async_sessionmaker[AsyncSession],
        max_records: int = 5000,
        linger: float = 0.02,
    ) -> None:
        self.spec = spec
        self.settings = settings
        self.session_factory = session_factory
        self.max_records = max_records
        self.linger = linger
        self._stopping = asyncio.Event()
        self._batch_lock = asyncio.Lock()
        self._generation = 0
        self._consumer: AIOKafkaConsumer | None = None
        self._dlq: AIOKafkaProducer | None = None
        self.assigned = asyncio.Event()

    async def stop(self) -> None:
        self._stopping.set()

    def holds_every_partition(self) -> bool:
        """Whether this member of the group was assigned every partition of its topics:
        false while another member (another replica, or a process that has not left)
        holds some."""
        consumer = self._consumer
        if consumer is None:
            return False
        assignment = consumer.assignment()
        for topic in self.spec.topics:
            partitions = consumer.partitions_for_topic(topic.name) or set()
            wanted = {TopicPartition(topic.name, partition) for partition in partitions}
            if not wanted or not wanted <= assignment:
                return False
        return True

    async def run(self) -> None:
        while not self._stopping.is_set():
            try:
                await self._consume()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("consumer %s failed; restarting", self.spec.name)
                await asyncio.sleep(1.0)

    async def _consume(self) -> None:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.settings.kafka_bootstrap_servers,
            group_id=self.spec.name,
            client_id=self.spec.name,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=self.max_records,
            fetch_max_bytes=16 * 1024 * 1024,
            max_partition_fetch_bytes=8 * 1024 * 1024,
        )
        consumer.subscribe(
            topics=[t.name for t in self.spec.topics],
            listener=_WaitForBatch(self._batch_lock, self._new_generation),
        )
        await consumer.start()
        self._consumer = consumer
        ahead = asyncio.create_task(self._fetch_parsed(consumer))
        try:
            while not self._stopping.is_set():
                fetched = await ahead
                # the next fetch and its parsing overlap this batch's transaction
                ahead = asyncio.create_task(self._fetch_parsed(consumer))
                if consumer.assignment():
                    self.assigned.set()
                if fetched.offsets:
                    await self._apply_fetched(consumer, fetched)
        finally:
            ahead.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await ahead
            self._consumer = None
            await consumer.stop()
            await self._close_dlq()

    def _new_generation(self) -> None:
        self._generation += 1

    async def _fetch_parsed(self, consumer: AIOKafkaConsumer) -> _Fetched:
        """Wait for records, then gather (and parse) what else arrives within `linger`, or
        for as long as the batch before is still being applied, so that one transaction
        and one offset commit cover a worthwhile batch."""
        fetched = _Fetched(generation=self._generation, parsed=[], malformed=[], offsets={})
        loop = asyncio.get_running_loop()
        batches = await consumer.getmany(timeout_ms=200, max_records=self.max_records)
        deadline = loop.time() + self.linger
        count = 0
        while batches:
            count += self._parse_into(fetched, batches)
            if count >= self.max_records or self._stopping.is_set():
                break
            remaining = deadline - loop.time()
            if remaining <= 0 and not self._batch_lock.locked():
                break
            batches = await consumer.getmany(
                timeout_ms=max(int(remaining * 1000), 0) + 1,
                max_records=self.max_records - count,
            )
            if not batches and self._batch_lock.locked():
                batches = await consumer.getmany(timeout_ms=5, max_records=self.max_records - count)
        return fetched

    @staticmethod
    def _parse_into(fetched: _Fetched, batches: dict[TopicPartition, list[ConsumerRecord]]) -> int:
        count = 0
        for partition, records in batches.items():
            for record in records:
                try:
                    event = from_kafka(key=record.key, value=record.value, headers=record.headers)
                except Exception as exc:
                    fetched.malformed.append((record, exc))
                    continue
                fetched.parsed.append(_Parsed(record=record, event=event))
            if records:
                fetched.offsets[partition] = records[-1].offset + 1
                count += len(records)
        return count

    async def _apply_fetched(self, consumer: AIOKafkaConsumer, fetched: _Fetched) -> None:
        async with self._batch_lock:
            if fetched.generation != self._generation:
                return  # fetched before a rebalance; fetched again from the committed offsets
            for record, error in fetched.malformed:
                await self._dead_letter(record, error)
            await self._apply_parsed(fetched.parsed)
            await consumer.commit(fetched.offsets)

    async def _apply_parsed(self, parsed: list[_Parsed]) -> None:
        """Apply one fetch (every partition's events, each partition in order) in one
        transaction; if that fails, apply them one by one so only the culprit is
        dead-lettered."""
        if not parsed:
            return
        try:
            await self._apply([p.event for p in parsed])
        except Exception:
            log.warning(
                "consumer %s: batch failed, applying one by one", self.spec.name, exc_info=True
            )
            for item in parsed:
                try:
                    await self._apply([item.event])
                except Exception as exc:
                    await self._dead_letter(item.record, exc)

    async def _apply(self, events: Sequence[ReceivedEvent]) -> None:
        async with self.session_factory() as session, session.begin():
            new = await record_processed(session, consumer=self.spec.name, events=events)
            if new:
                await self.spec.handler(session, new)
        metrics.EVENTS_APPLIED.labels(self.spec.name).inc(len(new))
        if len(new) < len(events):
            metrics.EVENTS_DUPLICATE.labels(self.spec.name).inc(len(events) - len(new))

    async def _dead_letter(self, record: ConsumerRecord, error: Exception) -> None:
        log.warning(
            "consumer %s: dead-lettering %s[%s]@%s: %s",
            self.spec.name,
            record.topic,
            record.partition,
            record.offset,
            type(error).__name__,
        )
        headers = [
            *(record.headers or ()),
            ("dlq_original_topic", record.topic.encode()),
            ("dlq_original_partition", str(record.partition).encode()),
            ("dlq_original_offset", str(record.offset).encode()),
            ("dlq_error", f"{type(error).__name__}: {error}"[:500].encode()),
            ("dlq_consumer", self.spec.name.encode()),
        ]
        producer = await self._get_dlq()
        await producer.send_and_wait(
            f"{record.topic}.dlq", value=record.value, key=record.key, headers=headers
        )
        metrics.EVENTS_DEAD_LETTERED.labels(self.spec.name).inc()

    async def _get_dlq(self) -> AIOKafkaProducer:
        if self._dlq is None:
            producer = create_producer(self.settings)
            await producer.start()
            self._dlq = producer
        return self._dlq

    async def _close_dlq(self) -> None:
        producer, self._dlq = self._dlq, None
        if producer is not None:
            await producer.stop()


_RECORD_PROCESSED = """
INSERT INTO processed_event (consumer, source, event_id, processed_at)
SELECT $1, source, event_id, $4
FROM unnest($2::text[], $3::text[]) AS e(source, event_id)
ON CONFLICT DO NOTHING
RETURNING source, event_id
"""


async def record_processed(
    session: AsyncSession, *, consumer: str, events: Sequence[ReceivedEvent]
) -> list[ReceivedEvent]:
    """Record events as processed; return those not seen before, in their order.

    On PostgreSQL one prepared statement takes the whole fetch as two arrays, whatever
    its size (SQLAlchemy would compile and send a VALUES list per thousand rows)."""
    unique: dict[tuple[str, str], ReceivedEvent] = {}
    for event in events:
        unique.setdefault((event.source, event.id), event)
    if not unique:
        return []
    now = clock.now()
    if session.get_bind().dialect.name == "postgresql":
        connection = await driver_connection(session)
        sources, ids = zip(*unique, strict=True)
        try:
            result = await connection.fetch(_RECORD_PROCESSED, consumer, sources, ids, now)
        except asyncpg.DataError as exc:  # as SQLAlchemy would raise it
            raise DataError("record_processed", None, exc) from exc
        inserted = {(row[0], row[1]) for row in result}
    else:
        rows = [
            {"consumer": consumer, "source": s, "event_id": i, "processed_at": now}
            for s, i in unique
        ]
        statement = insert_ignoring(session, processed_event_table).returning(
            processed_event_table.c.source, processed_event_table.c.event_id
        )
        inserted = {(row.source, row.event_id) for row in await session.execute(statement, rows)}
    return [e for k, e in unique.items() if k in inserted]


async def stop_quietly(consumer: AIOKafkaConsumer) -> None:
    """Stop a group-less consumer; aiokafka can leak a CancelledError from its reset task."""
    try:
        await consumer.stop()
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise
