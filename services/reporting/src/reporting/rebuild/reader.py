"""Reading every topic from offset zero up to where it ended when the rebuild began.

Records are parsed by the shared `from_kafka` (whose fast path reads the binary-mode
CloudEvents the platform's outbox writes). Types that reporting neither projects nor
knows are skipped without parsing their body.

The reader also counts the distinct events it met per source (by their ids, whatever
their type), which the rebuild compares with what the live read models applied.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import ConsumerRecord

from csp_common.consumer import stop_quietly
from csp_common.events import EventPayload, ReceivedEvent, from_kafka
from reporting.projection import projected_types


@dataclass
class ReadCounts:
    read: int = 0
    skipped: int = 0
    total: int = 0
    end_offsets: dict[TopicPartition, int] = field(default_factory=dict)
    seen: dict[str, set[int]] = field(default_factory=dict)
    """Per source, the hashes of the event ids read (a redelivered event counts once)."""

    def by_source(self) -> dict[str, int]:
        return {source: len(ids) for source, ids in self.seen.items()}

    def saw(self, source: str, event_id: str) -> None:
        ids = self.seen.get(source)
        if ids is None:
            ids = self.seen[source] = set()
        ids.add(hash(event_id))


def parse_record(
    record: ConsumerRecord,
    wanted: Mapping[str, type[EventPayload]],
    headers: Mapping[str, bytes] | None = None,
) -> ReceivedEvent | None:
    """The event of a record, or None for a type reporting does not project (its body
    is not parsed).

    Raises ValueError for a record that is not a valid event of a projected type."""
    if headers is None:
        headers = dict(record.headers or ())
    event_type = headers.get("ce_type")
    if event_type is not None and event_type.decode() not in wanted:
        return None
    event = from_kafka(key=record.key, value=record.value, headers=headers)
    return event if event.type in wanted else None


def wanted_types() -> dict[str, type[EventPayload]]:
    """The event types the rebuild parses: those with a projector."""
    return {t.type: t for t in projected_types()}


class TopicReader:
    """Reads the topics from the beginning to the end offsets taken at `start()`."""

    def __init__(
        self,
        *,
        bootstrap_servers: str,
        topics: Sequence[str],
        max_records: int,
        only: Sequence[tuple[str, int]] | None = None,
    ) -> None:
        self.bootstrap_servers = bootstrap_servers
        self.topics = list(topics)
        self.only = {TopicPartition(t, p) for t, p in only} if only is not None else None
        self.max_records = max_records
        self.counts = ReadCounts()
        self._consumer: AIOKafkaConsumer | None = None
        self._wanted = wanted_types()
        self._begin: dict[TopicPartition, int] = {}
        self._listed_end: dict[TopicPartition, int] = {}

    async def start(self) -> ReadCounts:
        """Assign every partition from its beginning; call after the spare slot is marked
        as being rebuilt, so the end of each partition is taken after that."""
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap_servers,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            client_id=f"reporting-rebuild-{uuid.uuid4().hex[:6]}",
            fetch_max_bytes=32 * 1024 * 1024,
            max_partition_fetch_bytes=16 * 1024 * 1024,
            fetch_max_wait_ms=100,
        )
        await consumer.start()
        self._consumer = consumer
        await consumer.topics()
        partitions = [
            TopicPartition(topic, p)
            for topic in self.topics
            for p in sorted(consumer.partitions_for_topic(topic) or ())
        ]
        if self.only is not None:
            partitions = [tp for tp in partitions if tp in self.only]
        if not partitions:
            return self.counts
        consumer.assign(partitions)
        self._begin = await consumer.beginning_offsets(partitions)
        self._listed_end = await consumer.end_offsets(partitions)
        # An explicit position: a lazy seek_to_beginning can lose a race with the
        # fetcher, which then starts from the end.
        for tp in partitions:
            consumer.seek(tp, self._begin[tp])
        self.counts.total = sum(self._listed_end[tp] - self._begin[tp] for tp in partitions)
        return self.counts

    async def stop(self) -> None:
        if self._consumer is not None:
            await stop_quietly(self._consumer)
            self._consumer = None

    def _target(self, tp: TopicPartition) -> int | None:
        """Where a partition ends for this rebuild: its end when the first fetch answered.

        The high watermark of a fetch, not only ListOffsets: Tansu answers ListOffsets
        with the start of the last record batch. Both are taken after the rebuild began,
        so reading up to them covers every event the live consumer did not write to the
        new slot; reading a little further would change nothing either."""
        target = self.counts.end_offsets.get(tp)
        if target is None:
            assert self._consumer is not None
            highwater = self._consumer.highwater(tp)
            if highwater is None:
                return None
            target = max(highwater, self._listed_end[tp])
            self.counts.end_offsets[tp] = target
            self.counts.total += target - self._listed_end[tp]
        return target

    async def batches(self) -> AsyncIterator[list[ReceivedEvent]]:
        """Batches of events in order per partition, until every partition is done."""
        consumer = self._consumer
        if consumer is None:
            return
        pending = set(consumer.assignment())
        events: list[ReceivedEvent] = []
        while pending:
            fetched = await consumer.getmany(timeout_ms=200, max_records=self.max_records)
            for tp, records in fetched.items():
                end = self._target(tp)
                for record in records:
                    if end is not None and record.offset >= end:
                        break
                    self.counts.read += 1
                    headers = dict(record.headers or ())
                    try:
                        event = parse_record(record, self._wanted, headers)
                    except ValueError:
                        event = None  # the live consumer dead-lettered it already
                    if event is None:
                        self.counts.skipped += 1
                        self._saw_unparsed(headers)
                    else:
                        self.counts.saw(event.source, event.id)
                        events.append(event)
                # let the writer take its turn between partitions
                await asyncio.sleep(0)
            for tp in list(pending):
                end = self._target(tp)
                if end is not None and await consumer.position(tp) >= end:
                    pending.discard(tp)
                    consumer.pause(tp)
            # A fetch brings a few hundred records; a transaction is better with thousands.
            if len(events) >= self.max_records or (events and not pending):
                yield events
                events = []

    def _saw_unparsed(self, headers: Mapping[str, bytes]) -> None:
        """A record reporting builds nothing from still counts as an event of its source:
        the live consumer recorded it as processed too."""
        source, event_id = headers.get("ce_source"), headers.get("ce_id")
        if source and event_id:
            self.counts.saw(source.decode(errors="replace"), event_id.decode(errors="replace"))


async def list_partitions(
    bootstrap_servers: str, topics: Sequence[str]
) -> list[tuple[str, int, int]]:
    """Every partition of the topics with its (approximate) number of records."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        enable_auto_commit=False,
        client_id=f"reporting-rebuild-{uuid.uuid4().hex[:6]}",
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
            return []
        begin = await consumer.beginning_offsets(partitions)
        end = await consumer.end_offsets(partitions)
        return [(tp.topic, tp.partition, end[tp] - begin[tp]) for tp in partitions]
    finally:
        await stop_quietly(consumer)
