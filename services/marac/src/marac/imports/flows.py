"""Running import jobs in the background, one chunk per transaction, with progress.

The job row holds the file until it is done, so a restarted service resumes its
queued and running jobs: rows already imported are recognised by their source reference.
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from itertools import islice

from fastapi import FastAPI
from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from marac.common import utcnow
from marac.config.service import get_area_configs, get_policy
from marac.imports.models import MAX_STORED_ERRORS, import_job_table
from marac.imports.rows import ROW_MODELS, UnreadableRow, read_rows
from marac.imports.service import HANDLERS, ChunkResult, ImportContext
from marac.settings import MaracSettings

log = logging.getLogger(__name__)


def _validation_errors(exc: ValidationError) -> list[dict]:
    return [
        {"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()
    ][:20]


class ImportRunner:
    def __init__(self, app: FastAPI, settings: MaracSettings) -> None:
        self.app = app
        self.settings = settings
        self.queue: asyncio.Queue[str] = asyncio.Queue()

    @property
    def session_factory(self) -> async_sessionmaker[AsyncSession]:
        return self.app.state.session_factory

    def submit(self, job_id: str) -> None:
        self.queue.put_nowait(job_id)

    async def resume(self) -> None:
        async with self.session_factory() as session:
            unfinished = await session.execute(
                select(import_job_table.c.id)
                .where(import_job_table.c.status.in_(["queued", "running"]))
                .order_by(import_job_table.c.created_at)
            )
            for job_id in unfinished.scalars():
                self.submit(job_id)

    async def run(self) -> None:
        while True:
            job_id = await self.queue.get()
            try:
                await self.process(job_id)
            except Exception:
                log.exception("import job failed", extra={"job_id": job_id})
                async with self.session_factory() as session:
                    await session.execute(
                        update(import_job_table)
                        .where(import_job_table.c.id == job_id)
                        .values(status="failed", finished_at=utcnow(), content=None)
                    )
                    await session.commit()

    async def process(self, job_id: str) -> None:
        async with self.session_factory() as session:
            job = (
                await session.execute(
                    select(import_job_table).where(import_job_table.c.id == job_id)
                )
            ).first()
            if job is None or job.status not in ("queued", "running") or job.content is None:
                return
            await session.execute(
                update(import_job_table)
                .where(import_job_table.c.id == job_id)
                .values(status="running")
            )
            await session.commit()
        model = ROW_MODELS[job.kind]
        handler = HANDLERS[job.kind]
        rows = read_rows(job.content, job.format)
        while chunk := list(islice(rows, self.settings.import_chunk_rows)):
            result = ChunkResult()
            valid = []
            for number, raw in chunk:
                if isinstance(raw, UnreadableRow):
                    result.errors.append((number, None, [{"field": "", "message": str(raw)}]))
                    continue
                try:
                    valid.append((number, model.model_validate(raw)))
                except ValidationError as exc:
                    reference = raw.get("source_reference")
                    reference = reference if isinstance(reference, str) else None
                    result.errors.append((number, reference, _validation_errors(exc)))
            try:
                await self._apply(job, handler, valid, processed=len(chunk), result=result)
            except Exception:
                # Something in the chunk the checks did not catch: find it row by row.
                log.warning("import chunk failed; retrying row by row", extra={"job_id": job_id})
                for number, row in valid:
                    try:
                        await self._apply(
                            job, handler, [(number, row)], processed=0, result=ChunkResult()
                        )
                    except Exception:
                        result.refuse(number, row.source_reference, "The row could not be stored.")
                await self._apply(job, handler, [], processed=len(chunk), result=result)
        async with self.session_factory() as session:
            await session.execute(
                update(import_job_table)
                .where(import_job_table.c.id == job_id)
                .values(status="completed", finished_at=utcnow(), content=None)
            )
            await session.commit()

    async def _apply(self, job, handler, valid, *, processed: int, result: ChunkResult) -> None:  # type: ignore[no-untyped-def]
        async with self.session_factory() as session:
            configs = await get_area_configs(session, settings=self.settings)
            context = ImportContext(
                policy=await get_policy(session, settings=self.settings),
                configs={area: config for area, (config, _) in configs.items()},
                area_limit=job.area_limit,
            )
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
            )
        )


def import_worker(settings: MaracSettings):  # type: ignore[no-untyped-def]
    @contextlib.asynccontextmanager
    async def worker(app: FastAPI) -> AsyncIterator[None]:
        runner = ImportRunner(app, settings)
        app.state.imports = runner
        await runner.resume()
        task = asyncio.create_task(runner.run(), name="marac-imports")
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return worker
