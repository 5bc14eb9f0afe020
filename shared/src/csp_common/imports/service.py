"""Import jobs and their row errors: keyword-only functions that never commit."""

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.auth import Caller
from csp_common.imports.models import MAX_FAILURE, ImportTables

ACTIVE = ("queued", "running")
STALE_AFTER = timedelta(minutes=2)
INTERRUPTED = (
    "interrupted: the service stopped while importing; re-submit the file "
    "(rows already imported are skipped)"
)


def now() -> datetime:
    return clock.now()


async def create_job(
    session: AsyncSession,
    *,
    tables: ImportTables,
    kind: str,
    file_format: str,
    caller: Caller,
    bytes_total: int,
) -> uuid.UUID:
    job_id = uuid.uuid4()
    at = now()
    await session.execute(
        insert(tables.jobs).values(
            id=job_id,
            kind=kind,
            format=file_format,
            status="queued",
            agency=caller.agency[:100],
            submitted_by=caller.subject[:200],
            rows_total=None,
            rows_processed=0,
            rows_imported=0,
            rows_skipped=0,
            rows_failed=0,
            errors_stored=0,
            errors_dropped=0,
            bytes_total=bytes_total,
            progress=0.0,
            created_at=at,
            heartbeat_at=at,
        )
    )
    return job_id


async def get_visible(
    session: AsyncSession, *, tables: ImportTables, job_id: uuid.UUID, caller: Caller, admin: str
) -> Any:
    """The job if the caller's agency submitted it (or the caller has the `admin` scope)."""
    jobs = tables.jobs
    statement = select(jobs).where(jobs.c.id == job_id)
    if not caller.has(admin):
        statement = statement.where(jobs.c.agency == caller.agency)
    return (await session.execute(statement)).one_or_none()


async def fail_if_stale(
    session: AsyncSession, *, tables: ImportTables, job_ids: Sequence[uuid.UUID] | None = None
) -> int:
    """Fail active jobs (these, or all) whose runner stopped beating: their file went with
    its process. Returns how many."""
    jobs = tables.jobs
    statement = update(jobs).where(
        jobs.c.status.in_(ACTIVE),
        or_(jobs.c.heartbeat_at.is_(None), jobs.c.heartbeat_at < now() - STALE_AFTER),
    )
    if job_ids is not None:
        statement = statement.where(jobs.c.id.in_(job_ids))
    result = await session.execute(
        statement.values(status="failed", failure=INTERRUPTED, finished_at=now())
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def beat(
    session: AsyncSession, *, tables: ImportTables, job_ids: Sequence[uuid.UUID]
) -> None:
    """The runner holding these jobs is alive."""
    if job_ids:
        jobs = tables.jobs
        await session.execute(
            update(jobs)
            .where(jobs.c.id.in_(job_ids), jobs.c.status.in_(ACTIVE))
            .values(heartbeat_at=now())
        )


async def start(session: AsyncSession, *, tables: ImportTables, job_id: uuid.UUID) -> bool:
    """Mark the job running; False if it is no longer queued (failed as stale meanwhile)."""
    jobs = tables.jobs
    at = now()
    result = await session.execute(
        update(jobs)
        .where(jobs.c.id == job_id, jobs.c.status == "queued")
        .values(status="running", started_at=at, heartbeat_at=at)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def advance(
    session: AsyncSession,
    *,
    tables: ImportTables,
    job_id: uuid.UUID,
    processed: int,
    imported: int,
    skipped: int,
    failed: int,
    errors_stored: int,
    errors_dropped: int,
    progress: float,
) -> None:
    """Add one chunk's counts to the job (in the chunk's transaction)."""
    jobs = tables.jobs
    await session.execute(
        update(jobs)
        .where(jobs.c.id == job_id)
        .values(
            rows_processed=jobs.c.rows_processed + processed,
            rows_imported=jobs.c.rows_imported + imported,
            rows_skipped=jobs.c.rows_skipped + skipped,
            rows_failed=jobs.c.rows_failed + failed,
            errors_stored=jobs.c.errors_stored + errors_stored,
            errors_dropped=jobs.c.errors_dropped + errors_dropped,
            progress=progress,
            heartbeat_at=now(),
        )
    )


async def finish(
    session: AsyncSession,
    *,
    tables: ImportTables,
    job_id: uuid.UUID,
    status: str,
    failure: str | None = None,
) -> None:
    jobs = tables.jobs
    values: dict[str, Any] = {
        "status": status,
        "finished_at": now(),
        "failure": failure[:MAX_FAILURE] if failure else None,
    }
    if status == "completed":
        values["rows_total"] = jobs.c.rows_processed
        values["progress"] = 1.0
    await session.execute(
        update(jobs).where(jobs.c.id == job_id, jobs.c.status.in_(ACTIVE)).values(**values)
    )


async def add_row_errors(
    session: AsyncSession, *, tables: ImportTables, rows: Sequence[dict[str, Any]]
) -> None:
    """Store row errors: dicts with job_id, row_number, seq, pointer, code and detail."""
    if rows:
        await session.execute(insert(tables.row_errors), list(rows))
