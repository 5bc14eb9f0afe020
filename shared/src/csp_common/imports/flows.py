"""Running import jobs: background tasks of the service process, a chunk a transaction.

The upload is an anonymous temporary file only this process holds. A job reads it in
chunks of rows; each chunk is read and validated in a thread (while the previous one is
stored), then stored in ONE transaction with its row errors and the job's progress, so
a job stopped by a restart has committed whole chunks only. Re-submitting the file is
safe: a store function skips the rows already imported (by their source reference).

One bad row never stops a file. A row that cannot be read or fails its model is a row
error. A chunk whose storing fails on what a row holds (`ROW_FAULTS`: a fault no
validation foresaw, a value the database refuses, a constraint) is stored again a row
at a time, each in a transaction of its own, so the row at fault fails alone. Any other
failure (the database gone, a bug) fails the job, with what it committed kept.
"""

import asyncio
import contextlib
import functools
import gc
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, BinaryIO, Generic, Protocol, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import text
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from csp_common.auth import Caller
from csp_common.errors import Problem
from csp_common.imports import service
from csp_common.imports.columns import Columns
from csp_common.imports.models import ImportTables
from csp_common.imports.readers import FileFormat, FileRows, RawRow, read_file
from csp_common.imports.rows import (
    Issue,
    Outcome,
    ValidRow,
    issues_of,
    refused,
    unstorable,
)
from csp_common.unit_of_work import unit_of_work

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

CHUNK_ROWS = 500
CONCURRENT_JOBS = 2
HEARTBEAT_SECONDS = 30.0
ATTEMPTS = 3
MAX_STORED_ERRORS = 100_000
ANALYZE_FIRST = 2000

ROW_FAULTS: tuple[type[BaseException], ...] = (
    ValueError,
    TypeError,
    ArithmeticError,
    LookupError,
    RecursionError,
    DataError,
    IntegrityError,
    Problem,
)
"""Faults of what a row holds, not of the database or the service."""
# SQLSTATE classes of a statement the database refused for its data: 22 (data exception:
# a NUL byte, a number out of range) and 23 (a constraint). The driver does not always
# raise them as DataError or IntegrityError (asyncpg's "character not in repertoire").
ROW_STATES = ("22", "23")
# Transaction rollbacks (serialization failure, deadlock): worth another attempt.
RETRY_STATES = ("40",)


def _sqlstate(exc: BaseException) -> str:
    state = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return state if isinstance(state, str) else ""


def is_row_fault(exc: BaseException) -> bool:
    """Whether `exc`, raised while storing rows, is a fault of what a row holds."""
    if isinstance(exc, ROW_FAULTS):
        return True
    return isinstance(exc, DBAPIError) and _sqlstate(exc).startswith(ROW_STATES)


@dataclass(frozen=True)
class ImportContext:
    """What a store function knows of the job: who imports (for the audit trail), why."""

    job_id: uuid.UUID
    kind: str
    file_format: FileFormat
    caller: Caller
    purpose: str
    settings: Any


class StoreRows(Protocol[M]):
    def __call__(
        self, session: AsyncSession, *, rows: Sequence[ValidRow[M]], context: ImportContext
    ) -> Awaitable[Sequence[Outcome]]: ...


@dataclass(frozen=True)
class ImportKind(Generic[M]):
    """One kind of import of a service: its row model and its store function.

    `store(session, rows=..., context=...)` stores a chunk of valid rows and returns one
    `Outcome` a row, in order (`IMPORTED`, `SKIPPED`, `refused(...)`); it never commits.
    `columns` are the CSV and XLSX columns (default: the model's fields). `analyze`
    names tables the store function queries by what it wrote: they are analyzed as a
    large import grows them, before the planner's statistics fall behind. `example` is
    one row as its NDJSON line holds it: the operation's OpenAPI shows it as an NDJSON
    and a CSV file (`csp_common.imports.examples`, checked when the routes are built)."""

    name: str
    model: type[M]
    store: StoreRows[M]
    columns: Columns | None = None
    summary: str = ""
    description: str = ""
    scope: str | None = None
    analyze: tuple[str, ...] = ()
    example: Mapping[str, Any] | None = None

    def __post_init__(self) -> None:
        if self.model.model_config.get("extra") != "forbid":
            # The same rule for an NDJSON key as for a CSV column: what the row model does
            # not name is refused, never silently dropped.
            raise ValueError(f"the row model of {self.name!r} must forbid extra fields")

    @cached_property
    def layout(self) -> Columns:
        return self.columns or Columns.of(self.model)


@dataclass
class Job:
    """A job this process holds: its kind, its file and who asked for it."""

    id: uuid.UUID
    kind: ImportKind[Any]
    file_format: FileFormat
    file: BinaryIO
    context: ImportContext
    errors_stored: int = 0


@dataclass
class Chunk:
    valid: list[ValidRow[Any]] = field(default_factory=list)
    errors: list[tuple[int, tuple[Issue, ...]]] = field(default_factory=list)
    rows: int = 0
    position: int = 0


def validate(raw: RawRow, model: type[BaseModel]) -> ValidRow[Any] | tuple[Issue, ...]:
    """The row's body, or why it is refused (never an exception: one row, one answer)."""
    if raw.issues:
        return raw.issues
    try:
        if raw.json is not None:
            body = model.model_validate_json(raw.json)
        else:
            body = model.model_validate(raw.data)
    except ValidationError as exc:
        return issues_of(exc)
    except Exception as exc:  # a validator that broke on this row's input
        return unstorable(exc).issues
    return ValidRow(row=raw.row, body=body)


def read_chunk(rows: Iterator[RawRow], *, model: type[BaseModel], size: int) -> Chunk:
    """Read and validate the next `size` rows (CPU work: run it in a thread)."""
    chunk = Chunk()
    for raw in rows:
        checked = validate(raw, model)
        if isinstance(checked, ValidRow):
            chunk.valid.append(checked)
        else:
            chunk.errors.append((raw.row, checked))
        chunk.rows += 1
        chunk.position = raw.position
        if chunk.rows >= size:
            break
    return chunk


class ImportRunner:
    """Runs a service's import jobs as tasks of its event loop, a few at a time."""

    def __init__(
        self,
        *,
        tables: ImportTables,
        session_factory: async_sessionmaker[AsyncSession],
        settings: Any = None,
        concurrency: int = CONCURRENT_JOBS,
        chunk_rows: int = CHUNK_ROWS,
        heartbeat_seconds: float = HEARTBEAT_SECONDS,
    ) -> None:
        self.tables = tables
        self.session_factory = session_factory
        self.settings = settings
        self.chunk_rows = chunk_rows
        self.heartbeat_seconds = heartbeat_seconds
        self.slots = asyncio.Semaphore(concurrency)
        self.held: dict[uuid.UUID, Job] = {}
        self.tasks: set[asyncio.Task[None]] = set()
        self._heart: asyncio.Task[None] | None = None

    # --- life ----------------------------------------------------------------------

    async def start(self) -> None:
        """Fail the jobs a stopped process left (their file went with it); start beating."""
        async with self.session_factory() as session:
            await service.fail_if_stale(session, tables=self.tables)
            await session.commit()
        self._heart = asyncio.create_task(self._beat_forever(), name="import-heartbeat")

    async def stop(self) -> None:
        """Stop every job this process holds; they end failed, as interrupted."""
        held = list(self.held.values())
        tasks = [*self.tasks, *([self._heart] if self._heart else [])]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self.held.clear()
        for job in held:
            job.file.close()
        if held:
            with contextlib.suppress(Exception):
                async with self.session_factory() as session:
                    for job in held:
                        await service.finish(
                            session,
                            tables=self.tables,
                            job_id=job.id,
                            status="failed",
                            failure=service.INTERRUPTED,
                        )
                    await session.commit()

    async def accept(
        self,
        *,
        kind: ImportKind[Any],
        file_format: FileFormat,
        file: BinaryIO,
        caller: Caller,
        purpose: str | None,
        settings: Any,
        bytes_total: int,
    ) -> Job:
        """Make a queued job for a file `check_file` accepted (committed at once, so its
        task finds it) and start it."""
        async with unit_of_work(self.session_factory, caller=caller) as work:
            job_id = await service.create_job(
                work.session,
                tables=self.tables,
                kind=kind.name,
                file_format=file_format,
                caller=caller,
                bytes_total=bytes_total,
            )
        context = ImportContext(
            job_id=job_id,
            kind=kind.name,
            file_format=file_format,
            caller=caller,
            purpose=purpose or f"import job {job_id}",
            settings=settings,
        )
        job = Job(id=job_id, kind=kind, file_format=file_format, file=file, context=context)
        self.submit(job)
        return job

    def submit(self, job: Job) -> asyncio.Task[None]:
        self.held[job.id] = job
        task = asyncio.create_task(self._run(job), name=f"import-{job.id}")
        self.tasks.add(task)  # the event loop keeps weak references only
        task.add_done_callback(self.tasks.discard)
        return task

    async def _beat_forever(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_seconds)
            try:
                async with self.session_factory() as session:
                    await service.beat(session, tables=self.tables, job_ids=list(self.held))
                    await session.commit()
            except Exception:
                log.warning("import heartbeat failed", exc_info=True)

    # --- a job ---------------------------------------------------------------------

    async def _run(self, job: Job) -> None:
        try:
            async with self.slots:
                await self.run(job)
        finally:
            self.held.pop(job.id, None)
            job.file.close()

    async def run(self, job: Job) -> None:
        """Import the whole file, chunk by chunk; the job ends completed or failed."""
        async with self.session_factory() as session:
            started = await service.start(session, tables=self.tables, job_id=job.id)
            await session.commit()
        if not started:
            return
        try:
            await self._import(job)
        except Exception as exc:
            log.exception("import job failed", extra={"job_id": str(job.id)})
            await self._finish(
                job,
                "failed",
                f"internal error ({type(exc).__name__}); re-submit the file to resume "
                "(rows already imported are skipped)",
            )
            return
        await self._finish(job, "completed")

    async def _finish(self, job: Job, status: str, failure: str | None = None) -> None:
        async with self.session_factory() as session:
            await service.finish(
                session, tables=self.tables, job_id=job.id, status=status, failure=failure
            )
            await session.commit()

    async def _import(self, job: Job) -> None:
        rows: FileRows = await asyncio.to_thread(
            read_file, job.file, job.file_format, job.kind.layout
        )
        model = job.kind.model

        def next_chunk() -> Awaitable[Chunk]:
            return asyncio.to_thread(read_chunk, rows.rows, model=model, size=self.chunk_rows)

        pending = asyncio.ensure_future(next_chunk())
        imported, analyze_at = 0, ANALYZE_FIRST
        try:
            while True:
                chunk = await pending
                if chunk.rows == 0:
                    return
                with gc_paused():
                    pending = asyncio.ensure_future(next_chunk())  # read ahead while storing
                    imported += await self._store(job, chunk, rows.total)
                if job.kind.analyze and imported >= analyze_at:
                    await self._analyze(job.kind.analyze)
                    analyze_at *= 2
        finally:
            if not pending.done():
                with contextlib.suppress(Exception):
                    await pending
            rows.close()

    async def _store(self, job: Job, chunk: Chunk, total: int | None) -> int:
        """Store one chunk in one transaction; returns the rows imported."""
        try:
            return await self._retrying(
                lambda session: self._chunk(session, job, chunk, total=total)
            )
        except Exception as exc:
            if not is_row_fault(exc):
                raise
            log.warning(
                "import chunk failed; storing its rows one by one",
                extra={"job_id": str(job.id), "error": type(exc).__name__},
            )
        outcomes: list[Outcome] = []
        for row in chunk.valid:
            try:
                outcomes += await self._retrying(functools.partial(self._one, job=job, row=row))
            except Exception as exc:
                if not is_row_fault(exc):
                    raise
                log.warning(
                    "import row could not be stored",
                    extra={"job_id": str(job.id), "error": type(exc).__name__},
                )
                outcomes.append(_refusal(exc))
        return await self._retrying(
            lambda session: self._progress(session, job, chunk, outcomes, total=total)
        )

    async def _retrying(self, work: Callable[[AsyncSession], Awaitable[Any]]) -> Any:
        """`work` in a session of its own, again if a concurrent writer got in the way."""
        for attempt in range(1, ATTEMPTS + 1):
            async with self.session_factory() as session:
                try:
                    return await work(session)
                except DBAPIError as exc:
                    # A concurrent writer stored a row with the same reference first (or
                    # the transaction lost a deadlock): try again, and what it stored is
                    # now found (and skipped).
                    conflict = isinstance(exc, IntegrityError)
                    if not (conflict or _sqlstate(exc).startswith(RETRY_STATES)):
                        raise
                    await session.rollback()
                    if attempt == ATTEMPTS:
                        raise
                    log.info("import chunk conflicted; retrying", extra={"attempt": attempt})
        raise AssertionError("unreachable")

    async def _rows(
        self,
        session: AsyncSession,
        job: Job,
        rows: Sequence[ValidRow[Any]],
        *,
        commit: bool = False,
    ) -> list[Outcome]:
        if not rows:
            return []
        outcomes = list(await job.kind.store(session, rows=rows, context=job.context))
        if len(outcomes) != len(rows) or not all(isinstance(o, Outcome) for o in outcomes):
            raise TypeError(f"{job.kind.name}: the store function must return one Outcome a row")
        if commit:
            await session.commit()
        return outcomes

    async def _one(self, session: AsyncSession, *, job: Job, row: ValidRow[Any]) -> list[Outcome]:
        return await self._rows(session, job, [row], commit=True)

    async def _chunk(
        self, session: AsyncSession, job: Job, chunk: Chunk, *, total: int | None
    ) -> int:
        outcomes = await self._rows(session, job, chunk.valid)
        return await self._progress(session, job, chunk, outcomes, total=total)

    async def _progress(
        self,
        session: AsyncSession,
        job: Job,
        chunk: Chunk,
        outcomes: Sequence[Outcome],
        *,
        total: int | None,
    ) -> int:
        """Record the chunk's row errors and the job's progress, and commit."""
        failed = chunk.errors + [
            (row.row, outcome.issues)
            for row, outcome in zip(chunk.valid, outcomes, strict=True)
            if outcome.status == "failed"
        ]
        records = [
            {
                "job_id": job.id,
                "row_number": row,
                "seq": seq,
                "pointer": issue.pointer,
                "code": issue.code,
                "detail": issue.detail,
            }
            for row, issues in sorted(failed, key=lambda item: item[0])
            for seq, issue in enumerate(issues or (Issue("#", "invalid", "refused"),))
        ]
        room = max(MAX_STORED_ERRORS - job.errors_stored, 0)
        stored, dropped = records[:room], len(records) - min(room, len(records))
        await service.add_row_errors(session, tables=self.tables, rows=stored)
        imported = sum(o.status == "imported" for o in outcomes)
        await service.advance(
            session,
            tables=self.tables,
            job_id=job.id,
            processed=chunk.rows,
            imported=imported,
            skipped=sum(o.status == "skipped" for o in outcomes),
            failed=len(failed),
            errors_stored=len(stored),
            errors_dropped=dropped,
            progress=min(chunk.position / total, 0.999) if total else 0.0,
        )
        await session.commit()
        job.errors_stored += len(stored)
        return imported

    async def _analyze(self, tables: Sequence[str]) -> None:
        """Refresh the planner's statistics of `tables` (PostgreSQL; best effort)."""
        async with self.session_factory() as session:
            if session.get_bind().dialect.name != "postgresql":
                return
            try:
                names = ", ".join(f'"{name}"' for name in tables)  # the service's own names
                await session.execute(text(f"ANALYZE {names}"))
                await session.commit()
            except DBAPIError:
                log.warning("import: could not analyze %s", ", ".join(tables))


def _refusal(exc: BaseException) -> Outcome:
    """The outcome of a row whose storing raised a row fault."""
    if isinstance(exc, Problem):
        return refused("#", exc.detail or exc.title, code=exc.type or "refused")
    return unstorable(exc)


_gc_pauses = 0


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a chunk is stored.

    A chunk allocates many short-lived objects that reference counting frees; with the
    collector on, they trigger full collections that walk the whole heap (measured in
    referral-hub: 40% of an import's CPU). The pause lasts one chunk; nested and
    concurrent pauses are counted, and the collector is back on when the last one ends.
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
