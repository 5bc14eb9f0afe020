"""`csp up` run as a user runs it, for tests of the local stack and of the tour."""

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from csp_common.registry import installed
from csp_devtools.keys import generate_key_pair, mint_token

CSP = Path(sys.executable).parent / "csp"


class CspUp:
    """`csp up` run as a user runs it; its output collected line by line as it comes."""

    def __init__(self, *args: str, state_dir: Path, offset: int) -> None:
        self.args = ["up", "--port-offset", str(offset), "--state-dir", str(state_dir), *args]
        self.state_dir = state_dir
        self.offset = offset
        self.lines: list[str] = []
        self.process: subprocess.Popen[str] | None = None
        self._changed = threading.Condition()

    def start(self) -> "CspUp":
        self.lines = []
        self.process = subprocess.Popen(  # noqa: S603 - our own csp command
            [str(CSP), *self.args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=os.environ | {"PYTHONUNBUFFERED": "1"},
        )
        threading.Thread(target=self._read, args=(self.process,), daemon=True).start()
        return self

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, wanted: Callable[[str], bool], *, timeout: float, after: int = 0) -> str:
        """The first line from `after` on that is `wanted`; fails if `csp up` ends first."""
        assert self.process is not None
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for line in self.lines[after:]:
                    if wanted(line):
                        return line
                remaining = deadline - time.monotonic()
                if self.process.poll() is not None or remaining <= 0:
                    raise AssertionError(f"not printed; csp up said:\n{self.output}")
                self._changed.wait(timeout=min(remaining, 1.0))

    def wait_ready(self, timeout: float = 600) -> None:
        self.wait_for(lambda line: line.startswith("ready"), timeout=timeout)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise

    def url(self, name: str) -> str:
        entry = next(e for e in installed("csp.services") if e.name == name)
        return f"http://127.0.0.1:{entry.port + self.offset}"

    def token(self, **claims: object) -> str:
        private_key, _ = generate_key_pair(self.state_dir / "keys")
        return mint_token(private_key.read_bytes(), **claims)  # type: ignore[arg-type]
