"""Spooling an upload to an anonymous temporary file as it streams in.

The file has no name (the operating system removes it when it is closed, or when the
process dies), so the raw bytes of an import, which may hold what no row may, are never
in the database, its write-ahead log or a file a crash leaves behind. Memory stays flat
in the upload's size, and an upload over the limit stops being read at the limit.
"""

import asyncio
import tempfile
from collections.abc import AsyncIterator
from typing import IO, BinaryIO

WRITE_BUFFER = 1024 * 1024


class TooLarge(ValueError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"the file is larger than {limit} bytes")
        self.limit = limit


def _new_file() -> BinaryIO:
    return tempfile.TemporaryFile(prefix="csp-import-")


async def spool(stream: AsyncIterator[bytes], *, limit: int) -> BinaryIO:
    """The stream in a new anonymous temporary file, positioned at its start.

    Raises `TooLarge` (the file removed) once more than `limit` bytes arrive."""
    handle = _new_file()
    size = 0
    try:
        buffer = bytearray()
        async for chunk in stream:
            size += len(chunk)
            if size > limit:
                raise TooLarge(limit)
            buffer += chunk
            if len(buffer) >= WRITE_BUFFER:
                await asyncio.to_thread(handle.write, bytes(buffer))
                buffer.clear()
        if buffer:
            await asyncio.to_thread(handle.write, bytes(buffer))
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return handle


def _copy(source: IO[bytes], target: BinaryIO, limit: int) -> None:
    source.seek(0)
    copied = 0
    while block := source.read(WRITE_BUFFER):
        copied += len(block)
        if copied > limit:
            raise TooLarge(limit)
        target.write(block)
    target.seek(0)


async def spool_part(source: IO[bytes], *, limit: int) -> BinaryIO:
    """A multipart part (already spooled by the form parser) copied to a file of ours,
    which outlives the request's form."""
    handle = _new_file()
    try:
        await asyncio.to_thread(_copy, source, handle, limit)
    except BaseException:
        handle.close()
        raise
    return handle
