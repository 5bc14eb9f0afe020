"""Real infrastructure for tests: a Tansu broker, PostgreSQL databases, uvicorn servers."""

import asyncio
import contextlib
import os
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import uvicorn
from fastapi import FastAPI
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import async_sessionmaker

from csp_common.settings import ServiceSettings
from csp_devtools.stack import start_broker, stop_process

POSTGRES_ENV = "CSP_TEST_POSTGRES_URL"
DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Broker:
    """A Tansu broker on a free port; `stop()` and `start()` simulate an outage."""

    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> "Broker":
        self.process = start_broker(port=self.port)
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None


class TcpProxy:
    """Forwards a port to a target; `cut()` makes the target unreachable, `restore()` heals it.

    Used to take a broker away from its clients and give it back with its data, which is
    what a restarted Apache Kafka broker does (Tansu keeps messages in memory only).
    """

    def __init__(self, *, target_port: int, port: int | None = None) -> None:
        self.target_port = target_port
        self.port = port or free_port()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def restore(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)

    async def cut(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._writers):
            writer.close()
        self._writers.clear()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        self._writers |= {writer, up_writer}
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()
            self._writers.discard(writer)


class FlakyBroker:
    """A Tansu broker reachable only through a proxy that can be cut and restored."""

    def __init__(self) -> None:
        self.proxy = TcpProxy(target_port=free_port())
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.proxy.port}"

    async def start(self) -> "FlakyBroker":
        await self.proxy.restore()
        self.process = start_broker(port=self.proxy.target_port, advertised_port=self.proxy.port)
        return self

    async def stop(self) -> None:
        await self.proxy.cut()
        if self.process is not None:
            stop_process(self.process)


def postgres_server_url() -> str:
    return os.environ.get(POSTGRES_ENV, DEFAULT_POSTGRES)


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def create_database(prefix: str) -> str:
    """Create a fresh database; returns its SQLAlchemy URL."""
    server = postgres_server_url()
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(_asyncpg_dsn(server))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


async def drop_database(url: str) -> None:
    name = make_url(url).database
    conn = await asyncpg.connect(_asyncpg_dsn(postgres_server_url()))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


class UvicornServer:
    """Runs an ASGI app as a real HTTP server on a free port, in the test's event loop."""

    def __init__(self, app: FastAPI, *, port: int | None = None) -> None:
        self.port = port or free_port()
        self.server = uvicorn.Server(
            uvicorn.Config(
                app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on"
            )
        )
        self.task: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> "UvicornServer":
        self.task = asyncio.create_task(self.server.serve())
        while not self.server.started:
            if self.task.done():
                self.task.result()
                raise RuntimeError("server stopped before it started")
            await asyncio.sleep(0.02)
        return self

    async def stop(self) -> None:
        self.server.should_exit = True
        if self.task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(self.task, timeout=15)

    async def __aenter__(self) -> "UvicornServer":
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()


async def eventually(check, *, timeout: float = 15.0, interval: float = 0.05):
    """Await `check()` until it returns a truthy value; return it, or fail after `timeout`."""
    deadline = asyncio.get_running_loop().time() + timeout
    last = None
    while asyncio.get_running_loop().time() < deadline:
        last = await check()
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s (last value: {last!r})")


@contextlib.asynccontextmanager
async def rolled_back(app: FastAPI) -> AsyncIterator[None]:
    """Every session the app opens joins one outer transaction, rolled back at the end.

    Views still call `commit()`: it releases a savepoint. Requests inside must not run
    concurrently (they share one connection).
    """
    engine = app.state.engine
    async with engine.connect() as connection:
        transaction = await connection.begin()
        original = app.state.session_factory
        app.state.session_factory = async_sessionmaker(
            bind=connection,
            expire_on_commit=False,
            autoflush=False,
            join_transaction_mode="create_savepoint",
        )
        try:
            yield
        finally:
            app.state.session_factory = original
            await transaction.rollback()


@contextlib.contextmanager
def server_in_thread(app: FastAPI, *, timeout: float = 30) -> Iterator[str]:
    """Run an app as a real server in a thread of its own (for synchronous clients such
    as schemathesis); yields its base URL."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def openapi_document(create_app: Callable[[ServiceSettings], FastAPI], settings: type) -> dict:
    """An app's OpenAPI document, built without a database or a broker (for fuzzing)."""
    from csp_devtools.keys import generate_key_pair

    with tempfile.TemporaryDirectory() as keys:
        _, public_key = generate_key_pair(Path(keys))
        return create_app(settings(auth_public_key_file=public_key, kafka_enabled=False)).openapi()
