"""Running import jobs in the background, one chunk per transaction, with progress.

The upload is an anonymous temporary file that only this process holds; the runner
beats each job it holds, so a job whose process stopped is seen as stale and failed
(send the file again: rows already imported are recognised by their source reference).
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any, BinaryIO

from fastapi import FastAPI
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from csp_common.auth import Caller
from csp_common.fields import Reference
from marac.common import utcnow
from marac.config.service import get_area_configs, get_policy
from marac.imports.models import MAX_STORED_ERRORS, import_job_table
from marac.imports.rows import ROW_MODELS, UnreadableRow, count_rows, read_rows
from marac.imports.service import HANDLERS, ChunkResult, ImportContext, beat, fail_if_stale
from marac.settings import MaracSettings

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 30.0


@dataclass
class ImportRequest:
    job_id: str
    kind: str
    format: str
    file: BinaryIO
    caller: Caller


def _validation_errors(exc: ValidationError) -> list[dict]:
    """Where and what, never the value: a refused cell may be a name or a date of birth."""
    return [
        {"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]}
        for e in exc.errors(include_url=False, include_input=False, include_context=False)
    ][:20]


def _next_chunk(rows: Iterator[tuple[int, Any]], size: int) -> list[tuple[int, Any]]:
    return list(islice(rows, size))


class ImportRunner:
    def __init__(self, app: FastAPI, settings: MaracSettings) -> None:
        self.app = app
        self.settings = settings
        self.queue: asyncio.Queue[ImportRequest] = asyncio.Queue()
        self.held: dict[str, ImportRequest] = {}

    @property
    def session_factory(self) -> async_sessionmaker[AsyncSession]:
        return self.app.state.session_factory

    def submit(self, request: ImportRequest) -> None:
        self.held[request.job_id] = request
        self.queue.put_nowait(request)

    async def fail_stale(self) -> None:
        """At start-up: jobs of a stopped process cannot go on (their file went with it)."""
        async with self.session_factory() as session:
            await fail_if_stale(session)
            await session.commit()

    async def heartbeat(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            try:
                async with self.session_factory() as session:
                    await beat(session, job_ids=list(self.held))
                    await session.commit()
            except Exception:
                log.warning("import heartbeat failed", exc_info=True)

    async def run(self) -> None:
        while True:
            request = await self.queue.get()
            try:
                await self.process(request)
            except Exception as exc:
                log.exception("import job failed", extra={"job_id": request.job_id})
                await self._finish(
                    request.job_id,
                    status="failed",
                    failure=f"internal error ({type(exc).__name__}); send the file again "
                    "(rows already imported are counted as unchanged)",
                )
            finally:
                self.held.pop(request.job_id, None)
                request.file.close()

    async def _finish(self, job_id: str, *, status: str, failure: str | None = None) -> None:
        async with self.session_factory() as session:
            await session.execute(
                update(import_job_table)
                .where(import_job_table.c.id == job_id)
                .values(status=status, failure=failure, finished_at=utcnow())
            )
            await session.commit()

    async def process(self, request: ImportRequest) -> None:
        total = await asyncio.to_thread(count_rows, request.file, request.format)
        async with self.session_factory() as session:
            job = (
                await session.execute(
                    select(import_job_table).where(import_job_table.c.id == request.job_id)
                )
            ).first()
            if job is None or job.status not in ("queued", "running"):
                return
            await session.execute(
                update(import_job_table)
                .where(import_job_table.c.id == request.job_id)
                .values(status="running", total_rows=total, heartbeat_at=utcnow())
            )
            await session.commit()
        model = ROW_MODELS[request.kind]
        rows = read_rows(request.file, request.format)
        size = self.settings.import_chunk_rows
        while chunk := await asyncio.to_thread(_next_chunk, rows, size):
            result = ChunkResult()
            valid = []
            for number, raw in chunk:
                if isinstance(raw, UnreadableRow):
                    result.errors.append((number, None, [{"field": "", "message": str(raw)}]))
                    continue
                try:
                    valid.append((number, model.model_validate(raw)))
                except ValidationError as exc:
                    result.errors.append((number, _reference(raw), _validation_errors(exc)))
            try:
                await self._apply(job, request, valid, processed=len(chunk), result=result)
            except Exception:
                # Something in the chunk the checks did not catch: find it row by row.
                log.warning("import chunk failed; retrying row by row", extra={"job_id": job.id})
                for number, row in valid:
                    try:
                        await self._apply(
                            job, request, [(number, row)], processed=0, result=ChunkResult()
                        )
                    except Exception:
                        result.refuse(number, row.source_reference, "The row could not be stored.")
                await self._apply(job, request, [], processed=len(chunk), result=result)
        await self._finish(request.job_id, status="completed")

    async def _apply(
        self, job, request: ImportRequest, valid, *, processed: int, result: ChunkResult
    ) -> None:  # type: ignore[no-untyped-def]
        async with self.session_factory() as session:
            configs = await get_area_configs(session, settings=self.settings)
            context = ImportContext(
                policy=await get_policy(session, settings=self.settings),
                configs={area: config for area, (config, _) in configs.items()},
                caller=request.caller,
                purpose=f"import job {job.id}",
                area_limit=job.area_limit,
            )
            handler = HANDLERS[request.kind]
            applied = (
                await handler(session, rows=valid, context=context) if valid else ChunkResult()
            )
            await self._progress(
                session, job.id, processed=processed, result=result, applied=applied
            )
            await session.commit()

    async def _progress(
        self,
        session: AsyncSession,
        job_id: str,
        *,
        processed: int,
        result: ChunkResult,
        applied: ChunkResult,
    ) -> None:
        job = (
            await session.execute(
                select(import_job_table.c.errors)
                .where(import_job_table.c.id == job_id)
                .with_for_update()
            )
        ).one()
        errors = sorted(result.errors + applied.errors)
        stored = list(job.errors or [])
        room = MAX_STORED_ERRORS - len(stored)
        stored += [
            {"row": n, "source_reference": ref, "errors": e} for n, ref, e in errors[: max(room, 0)]
        ]
        await session.execute(
            update(import_job_table)
            .where(import_job_table.c.id == job_id)
            .values(
                processed_rows=import_job_table.c.processed_rows + processed,
                created_rows=import_job_table.c.created_rows + applied.created,
                unchanged_rows=import_job_table.c.unchanged_rows + applied.unchanged,
                failed_rows=import_job_table.c.failed_rows + len(errors),
                errors=stored,
                heartbeat_at=utcnow(),
            )
        )


_REFERENCE = TypeAdapter(Reference)


def _reference(raw: dict) -> str | None:
    """The row's source_reference for its error, if it is a valid one."""
    try:
        return _REFERENCE.validate_python(raw.get("source_reference"))
    except ValidationError:
        return None


def import_worker(settings: MaracSettings):  # type: ignore[no-untyped-def]
    @contextlib.asynccontextmanager
    async def worker(app: FastAPI) -> AsyncIterator[None]:
        runner = ImportRunner(app, settings)
        app.state.imports = runner
        await runner.fail_stale()
        tasks = [
            asyncio.create_task(runner.run(), name="marac-imports"),
            asyncio.create_task(runner.heartbeat(), name="marac-import-heartbeat"),
        ]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            for request in runner.held.values():
                request.file.close()

    return worker
