"""Webhook dispatcher (being built)."""

import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI


@contextlib.asynccontextmanager
async def run_dispatcher(app: FastAPI) -> AsyncIterator[None]:
    yield
