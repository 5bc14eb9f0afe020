"""The slot state and rebuild jobs: keyword-only functions taking a session; none commits."""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.tables import processed_event_table
from reporting.read_models import (
    STATE_ID,
    ReadModel,
    Slot,
    SlotState,
    read_model_state_table,
    read_slots,
)
from reporting.rebuild.models import rebuild_job_table, rebuild_shortfall_table

STALE_AFTER = timedelta(seconds=60)

state = read_model_state_table
jobs = rebuild_job_table


class RebuildRunning(Exception):
    """Another rebuild is running; it has to finish (or die) first."""

    def __init__(self, job: dict) -> None:
        super().__init__(f"rebuild {job['id']} is running")
        self.job = job


async def clear_slot(session: AsyncSession, *, slot: Slot) -> None:
    """Empty every read model of a slot."""
    tables = [model.table(slot) for model in ReadModel.all]
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables)))
        return
    for table in tables:
        await session.execute(delete(table))


async def running_job(session: AsyncSession) -> dict | None:
    row = (
        (await session.execute(select(jobs).where(jobs.c.status == "running").limit(1)))
        .mappings()
        .first()
    )
    return dict(row) if row else None


async def begin_rebuild(session: AsyncSession, *, force: bool = False) -> dict:
    """Empty the spare slot, mark it as being rebuilt and create the job.

    One transaction: from its commit on, the live consumer writes the spare slot too,
    so every event after the offsets the rebuild reads up to reaches the new models.
    """
    await fail_abandoned(session)
    running = await running_job(session)
    if running is not None:
        raise RebuildRunning(running)
    current = await read_slots(session, exclusive=True)
    await clear_slot(session, slot=current.spare)
    now = clock.now()
    job = {
        "id": str(uuid.uuid4()),
        "status": "running",
        "slot": current.spare,
        "generation": current.generation + 1,
        "started_at": now,
        "updated_at": now,
        "finished_at": None,
        "events_total": 0,
        "events_read": 0,
        "events_skipped": 0,
        "facts_written": 0,
        "error_code": None,
        "forced": force,
    }
    await session.execute(
        update(state).where(state.c.id == STATE_ID).values(building_slot=current.spare)
    )
    await session.execute(insert(jobs).values(job))
    return {**job, "shortfall": None}


async def record_progress(
    session: AsyncSession,
    *,
    job_id: str,
    events_read: int,
    events_skipped: int,
    facts_written: int,
    events_total: int | None = None,
) -> None:
    values: dict[str, object] = {
        "events_read": events_read,
        "events_skipped": events_skipped,
        "facts_written": facts_written,
        "updated_at": clock.now(),
    }
    if events_total is not None:
        values["events_total"] = events_total
    await session.execute(update(jobs).where(jobs.c.id == job_id).values(values))


async def applied_by_source(
    session: AsyncSession, *, consumer: str, until: datetime
) -> dict[str, int]:
    """How many events of each source the live consumer had applied by `until`."""
    rows = await session.execute(
        select(processed_event_table.c.source, func.count())
        .where(
            processed_event_table.c.consumer == consumer,
            processed_event_table.c.processed_at <= until,
        )
        .group_by(processed_event_table.c.source)
    )
    return {source: int(count) for source, count in rows}


def shortfall_of(read: dict[str, int], applied: dict[str, int]) -> dict[str, dict[str, int]]:
    """The sources of which fewer events were read than applied."""
    return {
        source: {"read": read.get(source, 0), "applied": count}
        for source, count in sorted(applied.items())
        if read.get(source, 0) < count
    }


def describe_shortfall(shortfall: dict[str, dict[str, int]], *, forced: bool) -> str:
    counts = "; ".join(
        f"{source}: {c['read']:,} read of {c['applied']:,} applied"
        for source, c in shortfall.items()
    )
    if forced:
        return (
            f"Swapped by force although the log held fewer events than the live read models "
            f"had applied ({counts}); figures from the missing events are gone."
        )
    return (
        f"Not swapped: the log holds fewer events than the live read models had applied "
        f"({counts}), so the rebuilt figures would be short. The live read models keep "
        f"serving. A broker that lost its log gets it back from the services' outboxes "
        f'when their relays reconnect; rebuild again then, or POST {{"force": true}} '
        f"to swap anyway."
    )


async def finish(
    session: AsyncSession, *, job_id: str, read_by_source: dict[str, int], consumer: str
) -> dict:
    """Swap in the rebuilt slot, or refuse to if the rebuild read fewer events of a source
    than the live consumer had applied when it began (and the job is not forced).
    Returns the job as it ends."""
    job = await _running(session, job_id=job_id)
    applied = await applied_by_source(session, consumer=consumer, until=job["started_at"])
    shortfall = shortfall_of(read_by_source, applied)
    reason = None
    if shortfall:
        reason = describe_shortfall(shortfall, forced=job["forced"])
        await session.execute(
            insert(rebuild_shortfall_table),
            [{"job_id": job_id, "source": source, **c} for source, c in shortfall.items()],
        )
        if not job["forced"]:
            await refuse(session, job_id=job_id)
            return {**job, "status": "refused", "reason": reason, "shortfall": shortfall}
    await swap(session, job_id=job_id)
    return {**job, "status": "completed", "reason": reason, "shortfall": shortfall or None}


async def _running(session: AsyncSession, *, job_id: str) -> dict:
    job = (await session.execute(select(jobs).where(jobs.c.id == job_id))).mappings().one()
    if job["status"] != "running":
        raise RuntimeError("the rebuild was given up while it ran")
    return dict(job)


async def refuse(session: AsyncSession, *, job_id: str) -> None:
    """End a rebuild without swapping: the live slot keeps serving."""
    await fail(session, job_id=job_id, error_code="log_incomplete", status="refused")


async def swap(session: AsyncSession, *, job_id: str) -> SlotState:
    """Serve the rebuilt slot. Waits for a batch being applied; the next sees the swap."""
    current = await read_slots(session, exclusive=True)
    job = (await session.execute(select(jobs).where(jobs.c.id == job_id))).mappings().one()
    if job["status"] != "running" or current.building != job["slot"]:
        raise RuntimeError("the rebuild was given up while it ran")
    now = clock.now()
    await session.execute(
        update(state)
        .where(state.c.id == STATE_ID)
        .values(
            live_slot=job["slot"],
            building_slot=None,
            generation=job["generation"],
            swapped_at=now,
        )
    )
    await session.execute(
        update(jobs)
        .where(jobs.c.id == job_id)
        .values(status="completed", finished_at=now, updated_at=now)
    )
    return SlotState(live=job["slot"], building=None, generation=job["generation"])


async def fail(
    session: AsyncSession, *, job_id: str, error_code: str, status: str = "failed"
) -> None:
    """Give up a rebuild: the live slot keeps serving, the spare stops being written."""
    now = clock.now()
    job = (await session.execute(select(jobs.c.slot).where(jobs.c.id == job_id))).first()
    if job is not None:
        await session.execute(
            update(state)
            .where(state.c.id == STATE_ID, state.c.building_slot == job.slot)
            .values(building_slot=None)
        )
    await session.execute(
        update(jobs)
        .where(jobs.c.id == job_id, jobs.c.status == "running")
        .values(status=status, error_code=error_code[:64], finished_at=now, updated_at=now)
    )


async def fail_abandoned(session: AsyncSession, *, stale_after: timedelta = STALE_AFTER) -> int:
    """A running job that has not reported progress for a while belonged to a process
    that died: give it up."""
    cutoff = clock.now() - stale_after
    abandoned = (
        (
            await session.execute(
                select(jobs.c.id).where(jobs.c.status == "running", jobs.c.updated_at < cutoff)
            )
        )
        .scalars()
        .all()
    )
    for job_id in abandoned:
        await fail(session, job_id=job_id, error_code="abandoned")
    return len(abandoned)


async def _with_shortfall(session: AsyncSession, rows: list[dict]) -> list[dict]:
    """The jobs with their `shortfall` per source (None where nothing was short)."""
    t = rebuild_shortfall_table
    shortfalls: dict[str, dict[str, dict[str, int]]] = {}
    if rows:
        found = await session.execute(
            select(t).where(t.c.job_id.in_([r["id"] for r in rows])).order_by(t.c.source)
        )
        for row in found.mappings():
            shortfalls.setdefault(row["job_id"], {})[row["source"]] = {
                "read": int(row["read"]),
                "applied": int(row["applied"]),
            }
    return [{**r, "shortfall": shortfalls.get(r["id"])} for r in rows]


async def get_job(session: AsyncSession, *, job_id: str) -> dict | None:
    row = (await session.execute(select(jobs).where(jobs.c.id == job_id))).mappings().first()
    return (await _with_shortfall(session, [dict(row)]))[0] if row else None


async def list_jobs(session: AsyncSession, *, limit: int = 20) -> list[dict]:
    rows = (
        await session.execute(select(jobs).order_by(jobs.c.started_at.desc()).limit(limit))
    ).mappings()
    return await _with_shortfall(session, [dict(r) for r in rows])


async def count_rows(session: AsyncSession, *, slot: Slot) -> dict[str, int]:
    """Rows of each read model in a slot."""
    counts = {}
    for model in ReadModel.all:
        counts[model.name] = int(
            await session.scalar(select(func.count()).select_from(model.table(slot))) or 0
        )
    return counts
