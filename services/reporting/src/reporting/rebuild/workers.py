"""A rebuild split by partition over processes (`REPORTING_REBUILD_WORKERS` > 1).

Parsing, validating and projecting events is Python work that one process does on one
core; the database works on another. With more cores than that, each worker process
reads its share of the partitions and writes its facts itself (nothing is sent back
but counts), so the rebuild scales with the cores. Events of one aggregate share a
partition, hence a worker, so their order is kept; workers write disjoint rows.
"""

import asyncio
import contextlib
import multiprocessing
import queue
from concurrent.futures import ProcessPoolExecutor

from csp_common.db import create_engine, create_session_factory
from reporting import events as _events  # noqa: F401  (registers the projections)
from reporting.projection import topics
from reporting.read_models import Slot
from reporting.rebuild.partitions import Counts, Report, rebuild_partitions
from reporting.rebuild.reader import list_partitions
from reporting.settings import ReportingSettings

_progress: "multiprocessing.Queue[tuple[int, Counts]] | None" = None


def _init(progress: "multiprocessing.Queue[tuple[int, Counts]]") -> None:
    global _progress
    _progress = progress


def _work(index: int, settings: ReportingSettings, slot: Slot, only: list) -> Counts:
    return asyncio.run(_work_async(index, settings, slot, only))


async def _work_async(index: int, settings: ReportingSettings, slot: Slot, only: list) -> Counts:
    settings = settings.model_copy(update={"database_pool_size": 2})
    engine = create_engine(settings)

    async def report(counts: Counts) -> None:
        assert _progress is not None
        _progress.put(
            (
                index,
                Counts(
                    counts.read, counts.skipped, counts.facts, counts.total, dict(counts.sources)
                ),
            )
        )

    try:
        return await rebuild_partitions(
            session_factory=create_session_factory(engine),
            settings=settings,
            slot=slot,
            report=report,
            only=only,
        )
    finally:
        await engine.dispose()


def split(partitions: list[tuple[str, int, int]], workers: int) -> list[list[tuple[str, int]]]:
    """Partitions over workers, the largest first to the least loaded."""
    shares: list[list[tuple[str, int]]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for topic, partition, size in sorted(partitions, key=lambda p: -p[2]):
        least = loads.index(min(loads))
        shares[least].append((topic, partition))
        loads[least] += max(size, 1)
    return [share for share in shares if share]


async def rebuild_in_processes(
    *, settings: ReportingSettings, slot: Slot, report: Report
) -> Counts:
    partitions = await list_partitions(settings.kafka_bootstrap_servers, [t.name for t in topics()])
    shares = split(partitions, settings.rebuild_workers)
    if not shares:
        return Counts()
    context = multiprocessing.get_context("spawn")
    progress: multiprocessing.Queue = context.Queue()
    latest: dict[int, Counts] = {}
    executor = ProcessPoolExecutor(
        max_workers=len(shares), mp_context=context, initializer=_init, initargs=(progress,)
    )
    loop = asyncio.get_running_loop()
    futures = [
        asyncio.wrap_future(executor.submit(_work, index, settings, slot, share), loop=loop)
        for index, share in enumerate(shares)
    ]

    async def relay() -> None:
        while True:
            changed = False
            with contextlib.suppress(queue.Empty):
                while True:
                    index, counts = progress.get_nowait()
                    latest[index] = counts
                    changed = True
            if changed:
                total = Counts()
                for counts in latest.values():
                    total.add(counts)
                await report(total)
            await asyncio.sleep(0.5)

    relaying = asyncio.create_task(relay())
    try:
        results = await asyncio.gather(*futures)
    except BaseException:
        for process in list(getattr(executor, "_processes", {}).values()):
            process.terminate()
        raise
    finally:
        relaying.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await relaying
        executor.shutdown(wait=False, cancel_futures=True)
    total = Counts()
    for counts in results:
        total.add(counts)
    await report(total)
    return total
