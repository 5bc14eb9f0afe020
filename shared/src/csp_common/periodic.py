"""A job a service runs every so often while it serves (a scheduler), as a worker of its
app: started with the app, cancelled at shutdown, and kept running when one round fails."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from fastapi import FastAPI

from csp_common.app import Worker


def periodic_worker(
    job: Callable[[FastAPI], Awaitable[int]],
    *,
    name: str,
    every_seconds: float,
    enabled: bool,
    log: logging.Logger,
    done: str,
    counted: str,
) -> Worker:
    """Runs `job(app)` every `every_seconds`. A round that did something (a count above
    0) is logged as `done`, the count under `counted`; a round that failed is logged and
    retried at the next interval."""

    async def run(app: FastAPI) -> None:
        while True:
            try:
                count = await job(app)
                if count:
                    log.info(done, extra={counted: count})
            except Exception:
                log.exception("%s failed; trying again at the next interval", name)
            await asyncio.sleep(every_seconds)

    @contextlib.asynccontextmanager
    async def worker(app: FastAPI) -> AsyncIterator[None]:
        if not enabled:
            yield
            return
        task = asyncio.create_task(run(app), name=name)
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return worker
