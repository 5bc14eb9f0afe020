"""A rebuild: every read model again from offset zero, into the spare slot, then swap.

1. One transaction empties the spare slot, marks it as being rebuilt and creates the
   job. From then on the live consumer writes every batch to both slots.
2. The end offsets of every partition are taken, and the topics read from the
   beginning up to them, the facts written to the spare slot in transactions of
   `rebuild_batch_size` events (reading the next batch while one is written).
3. The check: every event the live read models had applied when the rebuild began
   was on the log then, so the rebuild must have read at least as many distinct events
   of each source. If it read fewer (a broker that lost its log, a topic truncated),
   the new models would drop figures: the job is refused with the shortfall, and the
   live slot keeps serving, unless an admin forced the rebuild.
4. The swap: one row update makes the spare slot the live one. Queries read the live
   slot, so they see the old models until then and the new ones after.

Events after the end offsets reach the spare slot through the live consumer; those
before, through the rebuild; those in between through both, which changes nothing
because every fact is an idempotent upsert guarded by the event's time.
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from csp_common.unit_of_work import unit_of_work
from reporting.rebuild import service
from reporting.rebuild.partitions import Counts, rebuild_partitions
from reporting.rebuild.workers import rebuild_in_processes
from reporting.settings import ReportingSettings

log = logging.getLogger(__name__)

Progress = Callable[[dict], None]


@dataclass
class RebuildResult:
    job_id: str
    status: str
    """completed, or refused (the log was shorter than what the live models applied)"""
    events_read: int
    events_skipped: int
    facts_written: int
    seconds: float
    reason: str | None = None

    @property
    def events_per_second(self) -> float:
        return self.events_read / self.seconds if self.seconds else 0.0


@contextlib.asynccontextmanager
async def rebuild_worker(app: FastAPI) -> AsyncIterator[None]:
    """Part of the service: gives up rebuilds left by a dead process at start-up, keeps
    the rebuild tasks the admin endpoint starts, and cancels them at shutdown (the job
    is then failed and the live slot keeps serving)."""
    async with unit_of_work(app.state.session_factory) as work:
        await service.fail_abandoned(work.session)
    app.state.rebuild_tasks = set()
    try:
        yield
    finally:
        for task in list(app.state.rebuild_tasks):
            task.cancel()
        if app.state.rebuild_tasks:
            await asyncio.wait(app.state.rebuild_tasks, timeout=10)


def launch(app: FastAPI, job: dict) -> asyncio.Task:
    """Run a started rebuild in the background of the service."""
    task = asyncio.create_task(
        run_rebuild(
            job=job, session_factory=app.state.session_factory, settings=app.state.settings
        ),
        name=f"rebuild-{job['id']}",
    )
    app.state.rebuild_tasks.add(task)
    task.add_done_callback(app.state.rebuild_tasks.discard)
    task.add_done_callback(_log_outcome)
    return task


def _log_outcome(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("rebuild task ended with %s", type(task.exception()).__name__)


async def start_rebuild(
    session_factory: async_sessionmaker[AsyncSession], *, force: bool = False
) -> dict:
    """Step 1; raises `RebuildRunning` if one is under way. `force` swaps at the end even
    if the log turns out shorter than what the live read models applied."""
    async with unit_of_work(session_factory) as work:
        return await service.begin_rebuild(work.session, force=force)


async def run_rebuild(
    *,
    job: dict,
    session_factory: async_sessionmaker[AsyncSession],
    settings: ReportingSettings,
    on_progress: Progress | None = None,
) -> RebuildResult:
    """Steps 2 to 4 for a job `start_rebuild` created: in this process, or split by
    partition over `rebuild_workers` processes. On failure the job is failed, and on a
    short log refused; either way the live slot keeps serving."""
    started = time.perf_counter()
    job_id, slot = job["id"], job["slot"]

    async def report(counts: Counts) -> None:
        async with unit_of_work(session_factory) as work:
            await service.record_progress(
                work.session,
                job_id=job_id,
                events_read=counts.read,
                events_skipped=counts.skipped,
                facts_written=counts.facts,
                events_total=counts.total,
            )
        if on_progress:
            on_progress(
                {
                    "events_read": counts.read,
                    "events_total": counts.total,
                    "facts_written": counts.facts,
                }
            )

    try:
        if settings.rebuild_workers > 1:
            counts = await rebuild_in_processes(settings=settings, slot=slot, report=report)
        else:
            counts = await rebuild_partitions(
                session_factory=session_factory, settings=settings, slot=slot, report=report
            )
        async with unit_of_work(session_factory) as work:
            finished = await service.finish(
                work.session,
                job_id=job_id,
                read_by_source=counts.sources,
                consumer=settings.consumer_group,
            )
    except BaseException as exc:
        if isinstance(exc, Exception):
            log.exception("rebuild %s failed", job_id)
        with contextlib.suppress(Exception):
            async with unit_of_work(session_factory) as work:
                await service.fail(work.session, job_id=job_id, error_code=type(exc).__name__)
        raise
    result = RebuildResult(
        job_id=job_id,
        status=finished["status"],
        reason=finished["reason"],
        events_read=counts.read,
        events_skipped=counts.skipped,
        facts_written=counts.facts,
        seconds=time.perf_counter() - started,
    )
    log.log(
        logging.WARNING if finished["shortfall"] else logging.INFO,
        "rebuild %s %s: %s events in %.1fs (%.0f/s)%s",
        job_id,
        result.status,
        result.events_read,
        result.seconds,
        result.events_per_second,
        f"; {result.reason}" if result.reason else "",
    )
    return result
