"""Spooling an upload to an anonymous temporary file as it streams in.

The file has no name (the operating system removes it when it is closed, or when the
process dies), so the raw bytes of an import, which may hold what no row may, are
never in the database, its write-ahead log or a file a crash leaves behind.
"""

import asyncio
import shutil
import tempfile
from collections.abc import AsyncIterator
from typing import IO, BinaryIO

WRITE_BUFFER = 1024 * 1024


async def spool(stream: AsyncIterator[bytes]) -> tuple[BinaryIO, int]:
    """The stream in a new temporary file (positioned at its start), and its size."""
    handle = tempfile.TemporaryFile(prefix="marac-import-")
    size = 0
    try:
        buffer = bytearray()
        async for chunk in stream:
            buffer += chunk
            size += len(chunk)
            if len(buffer) >= WRITE_BUFFER:
                await asyncio.to_thread(handle.write, bytes(buffer))
                buffer.clear()
        if buffer:
            await asyncio.to_thread(handle.write, bytes(buffer))
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return handle, size  # type: ignore[return-value]


async def spool_file(source: IO[bytes]) -> tuple[BinaryIO, int]:
    """A multipart part (already spooled by the form parser) copied to a file of ours."""
    handle = tempfile.TemporaryFile(prefix="marac-import-")
    try:
        await asyncio.to_thread(shutil.copyfileobj, source, handle, WRITE_BUFFER)
        size = handle.tell()
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return handle, size  # type: ignore[return-value]
