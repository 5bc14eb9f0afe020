"""A Tansu broker that survives `kill -9`: its log lives in S3-compatible storage.

The storage is moto's S3 server (`moto[server]`, a dev dependency), run as a process of
its own so that it outlives the broker. Kill the broker with SIGKILL, start it again on
the same port and bucket, and every acknowledged message is still there, as with a
restarted Apache Kafka broker. The in-memory broker (`infra.Broker`) loses its log with
the process, so it cannot stand for Kafka after a crash.
"""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import boto3

from csp_devtools.stack import start_broker, stop_process, wait_for_port
from csp_devtools.testing.infra import free_port

REGION = "eu-west-2"


def _moto_server() -> str:
    beside = Path(sys.executable).parent / "moto_server"
    found = str(beside) if beside.exists() else shutil.which("moto_server")
    if found is None:
        raise RuntimeError("moto_server not found: install the dev dependencies (uv sync)")
    return found


def kill_hard(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL a process started in a session of its own (and its children), and reap it."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@dataclass
class S3Endpoint:
    """moto's S3 server on 127.0.0.1: a bucket store in a process of its own."""

    port: int = field(default_factory=free_port)
    log_file: Path | None = None
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        """What a client (Tansu) needs to reach this endpoint."""
        return {
            "AWS_ACCESS_KEY_ID": "csp-test",
            "AWS_SECRET_ACCESS_KEY": "csp-test-secret",
            "AWS_DEFAULT_REGION": REGION,
            "AWS_ENDPOINT": self.url,
            "AWS_ALLOW_HTTP": "true",
        }

    def start(self) -> "S3Endpoint":
        output = self.log_file.open("ab") if self.log_file else subprocess.DEVNULL
        self.process = subprocess.Popen(  # noqa: S603 - moto's console script
            [_moto_server(), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(self.port, timeout=30)
        return self

    def create_bucket(self, name: str) -> None:
        env = self.env
        client = boto3.client(
            "s3",
            endpoint_url=self.url,
            aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
            region_name=REGION,
        )
        client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None


@dataclass
class DurableBroker:
    """Tansu on `s3://BUCKET/` of its own S3 endpoint.

    `kill()` is `kill -9` of the broker alone (the storage stays up); `start()` after it
    brings the broker back on the same port with its log. `stop()` ends both.
    """

    port: int = field(default_factory=free_port)
    bucket: str = "tansu"
    log_dir: Path | None = None
    s3: S3Endpoint | None = None
    process: subprocess.Popen[bytes] | None = None
    kills: int = 0

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> "DurableBroker":
        if self.s3 is None:
            log = self.log_dir / "s3.log" if self.log_dir else None
            self.s3 = S3Endpoint(log_file=log).start()
            self.s3.create_bucket(self.bucket)
        self.process = start_broker(
            port=self.port,
            storage=f"s3://{self.bucket}/",
            env=self.s3.env,
            log_file=self.log_dir / "broker.log" if self.log_dir else None,
        )
        return self

    def kill(self) -> None:
        """SIGKILL the broker: no flush, no goodbye to its clients."""
        if self.process is not None:
            kill_hard(self.process)
            self.process = None
            self.kills += 1

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None
        if self.s3 is not None:
            self.s3.stop()
            self.s3 = None
