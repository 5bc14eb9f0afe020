"""Import jobs and their row errors: keyword-only functions that never commit."""

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.audit import record_access
from csp_common.auth import Caller
from csp_common.clock import now
from referral_hub.imports.models import import_job_table as jobs
from referral_hub.imports.models import row_error_table as row_errors
from referral_hub.imports.rows import Importer

ADMIN_SCOPE = "admin"
ACTIVE = ("queued", "running")
STALE_AFTER = timedelta(minutes=2)
INTERRUPTED = (
    "interrupted: the service stopped while importing; re-submit the file "
    "(rows already imported are skipped)"
)


async def create_job(
    session: AsyncSession,
    *,
    kind: str,
    file_format: str,
    agency: str,
    submitted_by: str,
    bytes_total: int,
) -> uuid.UUID:
    job_id = uuid.uuid4()
    at = now()
    await session.execute(
        insert(jobs).values(
            id=job_id,
            kind=kind,
            format=file_format,
            status="queued",
            agency=agency,
            submitted_by=submitted_by[:200],
            rows_total=None,
            rows_processed=0,
            rows_imported=0,
            rows_skipped=0,
            rows_failed=0,
            bytes_total=bytes_total,
            bytes_processed=0,
            created_at=at,
            heartbeat_at=at,
        )
    )
    return job_id


async def get_visible(session: AsyncSession, *, job_id: uuid.UUID, caller: Caller) -> Any:
    """The job if the caller's agency submitted it (or the caller is `admin`)."""
    statement = select(jobs).where(jobs.c.id == job_id)
    if not caller.has(ADMIN_SCOPE):
        statement = statement.where(jobs.c.agency == caller.agency)
    return (await session.execute(statement)).one_or_none()


async def fail_if_stale(session: AsyncSession, *, job_id: uuid.UUID) -> bool:
    """Mark the job failed if it is active but its runner stopped beating (a restart)."""
    result = await session.execute(
        update(jobs)
        .where(
            jobs.c.id == job_id,
            jobs.c.status.in_(ACTIVE),
            or_(jobs.c.heartbeat_at.is_(None), jobs.c.heartbeat_at < now() - STALE_AFTER),
        )
        .values(status="failed", failure=INTERRUPTED, finished_at=now())
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def beat(session: AsyncSession, *, job_id: uuid.UUID) -> None:
    await session.execute(update(jobs).where(jobs.c.id == job_id).values(heartbeat_at=now()))


async def start(session: AsyncSession, *, job_id: uuid.UUID) -> None:
    at = now()
    await session.execute(
        update(jobs)
        .where(jobs.c.id == job_id)
        .values(status="running", started_at=at, heartbeat_at=at)
    )


async def advance(
    session: AsyncSession,
    *,
    job_id: uuid.UUID,
    processed: int,
    imported: int,
    skipped: int,
    failed: int,
    bytes_processed: int,
) -> None:
    """Add one chunk's counts to the job (in the chunk's transaction)."""
    await session.execute(
        update(jobs)
        .where(jobs.c.id == job_id)
        .values(
            rows_processed=jobs.c.rows_processed + processed,
            rows_imported=jobs.c.rows_imported + imported,
            rows_skipped=jobs.c.rows_skipped + skipped,
            rows_failed=jobs.c.rows_failed + failed,
            bytes_processed=bytes_processed,
            heartbeat_at=now(),
        )
    )


async def finish(
    session: AsyncSession, *, job_id: uuid.UUID, status: str, failure: str | None = None
) -> None:
    values: dict[str, Any] = {"status": status, "finished_at": now(), "failure": failure}
    if status == "completed":
        values["rows_total"] = jobs.c.rows_processed
        values["bytes_processed"] = jobs.c.bytes_total
    await session.execute(update(jobs).where(jobs.c.id == job_id).values(**values))


async def add_row_errors(
    session: AsyncSession, *, job_id: uuid.UUID, rows: Sequence[dict[str, Any]]
) -> None:
    """Store row errors: dicts with row_number, line, source_reference and errors."""
    if rows:
        await session.execute(insert(row_errors), [{"job_id": job_id, **row} for row in rows])


async def list_row_errors(
    session: AsyncSession, *, job_id: uuid.UUID, after_row: int, limit: int
) -> tuple[list[Any], int | None]:
    """A page of row errors in row order, and the row number to continue after."""
    rows = list(
        (
            await session.execute(
                select(row_errors)
                .where(row_errors.c.job_id == job_id, row_errors.c.row_number > after_row)
                .order_by(row_errors.c.row_number)
                .limit(limit + 1)
            )
        ).all()
    )
    if len(rows) > limit:
        rows = rows[:limit]
        return rows, rows[-1].row_number
    return rows, None


ON_BEHALF = "import_on_behalf"


async def audit_import(
    session: AsyncSession,
    *,
    importer: Importer,
    record_type: str,
    records: Sequence[tuple[uuid.UUID, str]],
) -> None:
    """Audit the records a chunk stored, given as (id, agency in whose name): every one
    as imported, and those of another agency once more, as imported on its behalf."""
    if not records:
        return
    await record_access(
        session,
        caller=importer.caller,
        action="import",
        record_type=record_type,
        record_ids=[str(record_id) for record_id, _ in records],
        purpose=importer.purpose,
    )
    delegated: dict[str, list[str]] = {}
    for record_id, agency in records:
        if importer.on_behalf(agency):
            delegated.setdefault(agency, []).append(str(record_id))
    for agency, ids in sorted(delegated.items()):
        await record_access(
            session,
            caller=importer.caller,
            action=ON_BEHALF,
            record_type=record_type,
            record_ids=ids,
            purpose=f"on behalf of {agency}: {importer.purpose}",
        )
