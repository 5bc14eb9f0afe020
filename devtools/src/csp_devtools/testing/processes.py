"""The platform's services as real processes on PostgreSQL, for the runs that kill them.

Each installed service (`csp.services` entry points) gets a fresh database and one or
more uvicorn processes (replicas share the database and the consumer group, as in a
deployment). A replica can be killed with SIGKILL and started again.
"""

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from csp_common.registry import ServiceEntry, installed
from csp_devtools.stack import stop_process
from csp_devtools.testing.durable_broker import kill_hard
from csp_devtools.testing.infra import create_database, drop_database, free_port


@dataclass
class ServiceProcess:
    """One replica of a service: `uvicorn --factory <app factory>` in a session of its own."""

    entry: ServiceEntry
    replica: int
    env: dict[str, str]
    log_dir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    kills: int = 0

    @property
    def name(self) -> str:
        return f"{self.entry.name}-{self.replica}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_file(self) -> Path:
        return self.log_dir / f"{self.name}.log"

    def start(self) -> "ServiceProcess":
        self.process = subprocess.Popen(  # noqa: S603 - this interpreter's uvicorn
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                self.entry.app_factory,
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--no-access-log",
            ],
            env={**os.environ, **self.env},
            stdout=self.log_file.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def wait_ready(self, timeout: float = 120) -> None:
        """Until /readyz answers 200 (database and broker reachable)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"{self.name} is not running; see {self.log_file}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        raise TimeoutError(f"{self.name} not ready after {timeout}s; see {self.log_file}")

    def kill(self) -> None:
        """SIGKILL: open transactions roll back, uncommitted offsets stay uncommitted."""
        if self.process is not None:
            kill_hard(self.process)
            self.process = None
            self.kills += 1

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process, timeout=15)
            self.process = None


@dataclass
class Platform:
    """Every installed service on a database of its own, with `replicas` processes each."""

    bootstrap_servers: str
    public_key_file: Path
    log_dir: Path
    replicas: Mapping[str, int] = field(default_factory=dict)
    env: Mapping[str, str] = field(default_factory=dict)
    """Settings for every service, without the prefix (`OUTBOX_POLL_INTERVAL_SECONDS`)."""
    service_env: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Settings of one service, without its prefix."""
    databases: dict[str, str] = field(default_factory=dict)
    services: dict[str, list[ServiceProcess]] = field(default_factory=dict)

    async def create_databases(self, prefix: str = "csp_reliability") -> "Platform":
        for entry in installed("csp.services"):
            name = f"{prefix}_{entry.name.replace('-', '_')}"
            self.databases[entry.name] = await create_database(name)
            self.services[entry.name] = [
                ServiceProcess(
                    entry=entry,
                    replica=number,
                    env=self._env(entry),
                    log_dir=self.log_dir,
                )
                for number in range(1, self.replicas.get(entry.name, 1) + 1)
            ]
        return self

    def _env(self, entry: ServiceEntry) -> dict[str, str]:
        values = {
            "DATABASE_URL": self.databases[entry.name],
            "KAFKA_BOOTSTRAP_SERVERS": self.bootstrap_servers,
            "KAFKA_IDEMPOTENT_PRODUCER": "false",
            "AUTH_PUBLIC_KEY_FILE": str(self.public_key_file),
            "AUTH_ISSUER": "csp-local",
            **self.env,
            **self.service_env.get(entry.name, {}),
        }
        return {f"{entry.env_prefix}{key}": value for key, value in values.items()}

    def start(self, timeout: float = 180) -> None:
        """The first replica of each service first (it runs the migrations), then the rest."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        first = [replicas[0] for replicas in self.services.values()]
        rest = [r for replicas in self.services.values() for r in replicas[1:]]
        for group in (first, rest):
            for replica in group:
                replica.start()
            for replica in group:
                replica.wait_ready(timeout)

    def replica(self, service: str, number: int = 1) -> ServiceProcess:
        return self.services[service][number - 1]

    def url(self, service: str) -> str:
        return self.replica(service).url

    @property
    def processes(self) -> list[ServiceProcess]:
        return [r for replicas in self.services.values() for r in replicas]

    def stop(self) -> None:
        for replica in reversed(self.processes):
            replica.stop()

    async def drop_databases(self) -> None:
        for url in self.databases.values():
            await drop_database(url)
        self.databases.clear()
