"""Running an import job: a background task of the service process.

The upload was spooled to a temporary file; the job reads it line by line in chunks of
`CHUNK_ROWS` rows. Each chunk is validated (in a thread, while the previous chunk is
written) and stored in ONE transaction with its row errors and the job's progress, so
a job interrupted by a restart has committed whole chunks only, and re-submitting the
file is safe: rows already imported are skipped by their source_reference.
"""

import asyncio
import contextlib
import gc
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from csp_common.partnership import Partnership
from csp_common.unit_of_work import unit_of_work
from referral_hub.imports import service
from referral_hub.imports.formats import (
    LAYOUTS,
    Layout,
    RawRow,
    read_rows,
    reference_in,
    validation_errors,
)
from referral_hub.imports.hate_reports import import_hate_reports
from referral_hub.imports.referrals import import_referrals
from referral_hub.imports.rows import Importer, Outcome, ValidRow, unstorable
from referral_hub.imports.schemas import ROW_MODELS
from referral_hub.imports.spool import discard
from referral_hub.settings import ReferralHubSettings

log = logging.getLogger(__name__)

CHUNK_ROWS = 500
CONCURRENT_JOBS = 2
HEARTBEAT_SECONDS = 30.0
ATTEMPTS = 3

StoreChunk = Callable[..., Awaitable[list[Outcome]]]
# Faults of what a row holds, not of the database or the service: a chunk that fails with
# one is stored again row by row, so that only the row at fault fails.
ROW_FAULTS = (ValueError, TypeError, ArithmeticError, LookupError, RecursionError, DataError)
STORERS: dict[str, StoreChunk] = {
    "referrals": import_referrals,
    "hate-reports": import_hate_reports,
}
# Tables an import queries by what it wrote. A large import into young tables outruns
# autovacuum's statistics, and the planner then scans where it should use an index (the
# chunk queries of a 100,000-row import went from 30 ms to 400 ms). The job analyzes
# them after ANALYZE_FIRST imported rows, and again each time that number doubles.
ANALYZE_TABLES = {"referrals": ("referral", "person_key"), "hate-reports": ("hate_report",)}
ANALYZE_FIRST = 2000
_RUNNING: set[asyncio.Task[None]] = set()


@dataclass(frozen=True)
class ImportRequest:
    job_id: uuid.UUID
    kind: str
    file_format: str
    path: Path
    importer: Importer


@dataclass
class Chunk:
    valid: list[ValidRow[Any]]
    errors: list[dict[str, Any]]
    rows: int
    end_offset: int


def _validate(raw: RawRow, model: Any, layout: Layout | None) -> ValidRow[Any] | dict[str, Any]:
    if not raw.errors:
        try:
            body = (
                model.model_validate_json(raw.json)
                if raw.json is not None
                else model.model_validate(raw.data)
            )
            return ValidRow(number=raw.number, line=raw.line, body=body)
        except ValidationError as exc:
            raw.errors = validation_errors(exc, layout)
            if raw.json is not None:
                raw.source_reference = reference_in(raw.json)
        except ROW_FAULTS as exc:  # a validator that broke on this row's input
            raw.errors = [unstorable(exc).errors[0]]
    return {
        "row_number": raw.number,
        "line": raw.line,
        "source_reference": (raw.source_reference or "")[:100] or None,
        "errors": raw.errors,
    }


def read_chunk(rows: Iterator[RawRow], *, model: Any, layout: Layout | None, size: int) -> Chunk:
    """Read and validate the next `size` rows (CPU work: run it in a thread)."""
    chunk = Chunk(valid=[], errors=[], rows=0, end_offset=0)
    for raw in rows:
        checked = _validate(raw, model, layout)
        if isinstance(checked, ValidRow):
            chunk.valid.append(checked)
        else:
            chunk.errors.append(checked)
        chunk.rows += 1
        chunk.end_offset = raw.end_offset
        if chunk.rows >= size:
            break
    return chunk


class ImportRunner:
    """Runs import jobs as tasks of the service's event loop, a few at a time."""

    def __init__(
        self,
        *,
        session_factory: async_sessionmaker[AsyncSession],
        settings: ReferralHubSettings,
        partnership: Partnership,
        concurrency: int = CONCURRENT_JOBS,
    ) -> None:
        self.session_factory = session_factory
        self.settings = settings
        self.partnership = partnership
        self.slots = asyncio.Semaphore(concurrency)
        self.tasks: set[asyncio.Task[None]] = set()

    async def create_job(self, **job: Any) -> uuid.UUID:
        """A queued job, committed (its task may start as soon as it is submitted)."""
        async with unit_of_work(self.session_factory) as work:
            return await service.create_job(work.session, **job)

    def submit(self, request: ImportRequest) -> asyncio.Task[None]:
        task = asyncio.create_task(self._run(request), name=f"import-{request.job_id}")
        for running in (self.tasks, _RUNNING):  # the event loop keeps weak references only
            running.add(task)
            task.add_done_callback(running.discard)
        return task

    async def _run(self, request: ImportRequest) -> None:
        try:
            async with self._slot(request.job_id):
                await self.run(request)
        finally:
            discard(request.path)

    @contextlib.asynccontextmanager
    async def _slot(self, job_id: uuid.UUID) -> AsyncIterator[None]:
        """Wait for a free slot, keeping a queued job's heartbeat alive meanwhile."""
        while True:
            try:
                await asyncio.wait_for(self.slots.acquire(), timeout=HEARTBEAT_SECONDS)
                break
            except TimeoutError:
                async with self.session_factory() as session:
                    await service.beat(session, job_id=job_id)
                    await session.commit()
        try:
            yield
        finally:
            self.slots.release()

    async def run(self, request: ImportRequest) -> None:
        """Import the whole file, chunk by chunk; the job ends completed or failed."""
        job_id = request.job_id
        async with self.session_factory() as session:
            await service.start(session, job_id=job_id)
            await session.commit()
        try:
            await self._import(request)
        except Exception as exc:
            log.exception("import job failed", extra={"job_id": str(job_id)})
            failure = f"internal error ({type(exc).__name__}); re-submit the file to resume"
            async with self.session_factory() as session:
                await service.finish(session, job_id=job_id, status="failed", failure=failure)
                await session.commit()
            return
        async with self.session_factory() as session:
            await service.finish(session, job_id=job_id, status="completed")
            await session.commit()

    async def _import(self, request: ImportRequest) -> None:
        layout = LAYOUTS[request.kind]
        model = ROW_MODELS[request.kind]
        rows = read_rows(request.path, file_format=request.file_format, layout=layout)
        csv_layout = layout if request.file_format == "csv" else None

        def next_chunk() -> Awaitable[Chunk]:
            return asyncio.to_thread(
                read_chunk, rows, model=model, layout=csv_layout, size=CHUNK_ROWS
            )

        pending = asyncio.ensure_future(next_chunk())
        imported, analyze_at = 0, ANALYZE_FIRST
        try:
            while True:
                chunk = await pending
                if chunk.rows == 0:
                    return
                with gc_paused():
                    pending = asyncio.ensure_future(next_chunk())  # read ahead while storing
                    imported += await self._store(request, chunk)
                if imported >= analyze_at:
                    await self._analyze(ANALYZE_TABLES[request.kind])
                    analyze_at *= 2
        finally:
            if not pending.done():
                with contextlib.suppress(Exception):
                    await pending
            rows.close()  # closes the file

    async def _analyze(self, tables: Sequence[str]) -> None:
        """Refresh the planner's statistics of `tables` (PostgreSQL; best effort)."""
        async with self.session_factory() as session:
            if session.get_bind().dialect.name != "postgresql":
                return
            try:
                await session.execute(text(f"ANALYZE {', '.join(tables)}"))
                await session.commit()
            except DBAPIError:
                log.warning("import: could not analyze %s", ", ".join(tables))

    async def _store(self, request: ImportRequest, chunk: Chunk) -> int:
        """Store one chunk in one transaction; returns the rows imported.

        If storing the chunk fails on what one of its rows holds (a fault no validation
        foresaw), its rows are stored one at a time instead, each in a transaction of its
        own (a re-submitted file skips those already stored): the row at fault fails
        alone, with a row error, and the job goes on.
        """
        try:
            return await self._retrying(lambda session: self._chunk(session, request, chunk))
        except ROW_FAULTS as exc:
            log.warning(
                "import chunk failed; storing its rows one by one",
                extra={"job_id": str(request.job_id), "error": type(exc).__name__},
            )
        outcomes: list[Outcome] = []
        for row in chunk.valid:
            try:
                outcomes += await self._retrying(
                    lambda session, row=row: self._rows(session, request, [row], commit=True)
                )
            except ROW_FAULTS as exc:
                log.warning(
                    "import row could not be stored",
                    extra={"job_id": str(request.job_id), "error": type(exc).__name__},
                )
                outcomes.append(unstorable(exc))
        return await self._retrying(
            lambda session: self._progress(session, request, chunk, outcomes)
        )

    async def _retrying(self, work: Callable[[AsyncSession], Awaitable[Any]]) -> Any:
        """`work` in a session of its own, again if a concurrent writer got in the way."""
        for attempt in range(1, ATTEMPTS + 1):
            async with self.session_factory() as session:
                try:
                    return await work(session)
                except IntegrityError:
                    # A concurrent writer stored a person or a reference first: try again,
                    # and what it stored is now found (skipped, or matched).
                    await session.rollback()
                    if attempt == ATTEMPTS:
                        raise
                    log.info("import chunk conflicted; retrying", extra={"attempt": attempt})
        raise AssertionError("unreachable")

    async def _rows(
        self,
        session: AsyncSession,
        request: ImportRequest,
        rows: Sequence[ValidRow[Any]],
        *,
        commit: bool = False,
    ) -> list[Outcome]:
        if not rows:
            return []
        outcomes = await STORERS[request.kind](
            session,
            rows=rows,
            importer=request.importer,
            settings=self.settings,
            partnership=self.partnership,
        )
        if commit:
            await session.commit()
        return outcomes

    async def _chunk(self, session: AsyncSession, request: ImportRequest, chunk: Chunk) -> int:
        outcomes = await self._rows(session, request, chunk.valid)
        return await self._progress(session, request, chunk, outcomes)

    async def _progress(
        self,
        session: AsyncSession,
        request: ImportRequest,
        chunk: Chunk,
        outcomes: Sequence[Outcome],
    ) -> int:
        """Record the chunk's row errors and the job's progress, and commit."""
        errors = chunk.errors + _refused(chunk.valid, outcomes)
        await service.add_row_errors(session, job_id=request.job_id, rows=errors)
        imported = sum(o.status == "imported" for o in outcomes)
        await service.advance(
            session,
            job_id=request.job_id,
            processed=chunk.rows,
            imported=imported,
            skipped=sum(o.status == "skipped" for o in outcomes),
            failed=len(errors),
            bytes_processed=chunk.end_offset,
        )
        await session.commit()
        return imported


_gc_pauses = 0


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a chunk is processed.

    A chunk allocates many short-lived objects that reference counting frees; with the
    collector on, they trigger full collections that walk the whole heap (measured: 40%
    of the import's CPU). The pause lasts one chunk (~0.1 s); nested and concurrent
    pauses are counted, and the collector is back on when the last one ends.
    """
    global _gc_pauses
    if _gc_pauses == 0 and not gc.isenabled():  # disabled by someone else: leave it
        yield
        return
    _gc_pauses += 1
    gc.disable()
    try:
        yield
    finally:
        _gc_pauses -= 1
        if _gc_pauses == 0:
            gc.enable()


def _refused(rows: Sequence[ValidRow[Any]], outcomes: Sequence[Outcome]) -> list[dict[str, Any]]:
    return [
        {
            "row_number": row.number,
            "line": row.line,
            "source_reference": getattr(row.body, "source_reference", None),
            "errors": outcome.errors,
        }
        for row, outcome in zip(rows, outcomes, strict=True)
        if outcome.status == "failed"
    ]
