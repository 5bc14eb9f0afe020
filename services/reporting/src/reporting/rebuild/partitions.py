"""Reading partitions of the topics from offset zero into a slot of the read models: in
the service's process, or in each worker process of a rebuild split by partition."""

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_random

from csp_common.unit_of_work import unit_of_work
from reporting.erasure.flows import apply_erasures, erased_referrals
from reporting.projection import project, topics
from reporting.read_models import Slot, write_facts
from reporting.rebuild.reader import TopicReader
from reporting.settings import ReportingSettings

PROGRESS_EVERY_SECONDS = 2.0


@dataclass
class Counts:
    """How far one reader (or all of them) has got."""

    read: int = 0
    skipped: int = 0
    facts: int = 0
    total: int = 0
    sources: dict[str, int] = field(default_factory=dict)
    """Distinct events read per source. Summing readers' counts is exact because every
    event of an aggregate, and so each copy of one event, is on one partition."""

    def add(self, other: "Counts") -> None:
        self.read += other.read
        self.skipped += other.skipped
        self.facts += other.facts
        self.total += other.total
        for source, count in other.sources.items():
            self.sources[source] = self.sources.get(source, 0) + count


Report = Callable[[Counts], Awaitable[None]]


async def rebuild_partitions(
    *,
    session_factory: async_sessionmaker[AsyncSession],
    settings: ReportingSettings,
    slot: Slot,
    report: Report,
    only: list[tuple[str, int]] | None = None,
) -> Counts:
    """Read the partitions (all, or `only` these) from offset zero into `slot`."""
    reader = TopicReader(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        topics=[t.name for t in topics()],
        max_records=settings.rebuild_batch_size,
        only=only,
    )
    counts = Counts()

    def snapshot() -> Counts:
        counts.read, counts.skipped = reader.counts.read, reader.counts.skipped
        counts.total = reader.counts.total
        counts.sources = reader.counts.by_source()
        return counts

    try:
        await reader.start()
        await report(snapshot())
        last = time.perf_counter()
        erased: list[uuid.UUID] = []
        async for events in _read_ahead(reader):
            counts.facts += await _write(session_factory, list(project(events, settings)), slot)
            erased += erased_referrals(events)
            if time.perf_counter() - last >= PROGRESS_EVERY_SECONDS:
                await report(snapshot())
                last = time.perf_counter()
        if erased:  # after every partition: a referral's facts may come after its erasure
            async with unit_of_work(session_factory) as work:
                await apply_erasures(work.session, referral_ids=erased, slots=[slot])
        await report(snapshot())
        return counts
    finally:
        await reader.stop()


async def _read_ahead(reader: TopicReader) -> AsyncIterator[list]:
    """The reader's batches, one fetched ahead while the caller writes the last."""
    queue: asyncio.Queue = asyncio.Queue(maxsize=2)
    done = object()

    async def pump() -> None:
        try:
            async for batch in reader.batches():
                await queue.put(batch)
        finally:
            await queue.put(done)

    task = asyncio.create_task(pump())
    try:
        while (batch := await queue.get()) is not done:
            yield batch
        await task  # re-raise what stopped the reader
    finally:
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def _write(session_factory: async_sessionmaker[AsyncSession], facts: list, slot: Slot) -> int:
    """One transaction; retried if PostgreSQL picks it as a deadlock or serialization
    victim against the live consumer."""
    async for attempt in AsyncRetrying(
        retry=retry_if_exception_type(DBAPIError),
        stop=stop_after_attempt(5),
        wait=wait_random(0.05, 0.5),
        reraise=True,
    ):
        with attempt:
            async with unit_of_work(session_factory) as work:
                return await write_facts(work.session, facts, [slot], bulk=True)
    raise AssertionError("unreachable")
