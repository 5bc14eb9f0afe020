"""Spooling an upload to a temporary file as it streams in (memory flat in its size)."""

import asyncio
import contextlib
import os
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

WRITE_BUFFER = 1024 * 1024


async def spool(stream: AsyncIterator[bytes], *, suffix: str) -> tuple[Path, int]:
    """Write the stream to a new temporary file; returns its path and size.

    The file is removed if the stream fails (a client gone, a body over the limit).
    """
    descriptor, name = tempfile.mkstemp(prefix="csp-import-", suffix=suffix)
    path = Path(name)
    size = 0
    try:
        with os.fdopen(descriptor, "wb") as handle:
            buffer = bytearray()
            async for chunk in stream:
                buffer += chunk
                size += len(chunk)
                if len(buffer) >= WRITE_BUFFER:
                    await asyncio.to_thread(handle.write, bytes(buffer))
                    buffer.clear()
            if buffer:
                await asyncio.to_thread(handle.write, bytes(buffer))
    except BaseException:
        discard(path)
        raise
    return path, size


def discard(path: Path) -> None:
    """Remove a spooled file (quick and local: not worth a thread)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
