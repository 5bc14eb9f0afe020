"""Keeping the local stack's processes running.

A process that exits is started again after a pause: 1 s, doubling with each exit that
follows soon after a start (up to 30 s), back to 1 s once a process has run for a
minute. Every exit, restart and recovery is said, so whoever watches `csp up` knows.
"""

import contextlib
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

FIRST_DELAY = 1.0
MAX_DELAY = 30.0
STABLE_AFTER = 60.0


@dataclass
class Child:
    """One supervised process: how to start it and how to tell it is ready."""

    name: str
    start: Callable[[], subprocess.Popen[bytes]]
    is_ready: Callable[[], bool]
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    restarts: int = 0
    delay: float = 0.0
    restart_at: float | None = None
    recovering: bool = False
    failure: str = ""


def describe_exit(returncode: int) -> str:
    if returncode < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-returncode).name}"
        return f"killed by signal {-returncode}"
    return f"exit code {returncode}"


class Supervisor:
    def __init__(
        self,
        children: list[Child],
        *,
        say: Callable[[str], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.children = children
        self.say = say
        self.clock = clock

    def run(self, stopping: threading.Event, *, interval: float = 0.5) -> None:
        """Check the children until `stopping` is set."""
        while not stopping.wait(interval):
            self.check()

    def check(self) -> None:
        """One look at every child: note an exit, restart when its pause is over, say
        when a restarted one is ready again."""
        for child in self.children:
            now = self.clock()
            if child.restart_at is not None:
                if now >= child.restart_at:
                    self._restart(child, now)
                continue
            if child.process is not None:
                returncode = child.process.poll()
                if returncode is None:
                    if child.recovering and child.is_ready():
                        child.recovering = False
                        self.say(f"{child.name} is back")
                    continue
                what = f"exited ({describe_exit(returncode)})"
            else:
                what = f"did not start ({child.failure})"
            quick = now - child.started_at < STABLE_AFTER and child.delay > 0
            child.delay = min(child.delay * 2, MAX_DELAY) if quick else FIRST_DELAY
            child.restart_at = now + child.delay
            self.say(f"{child.name} {what}; restarting it in {child.delay:.0f}s")

    def _restart(self, child: Child, now: float) -> None:
        child.restart_at = None
        child.restarts += 1
        child.started_at = now
        try:
            child.process = child.start()
        except Exception as exc:  # it did not come up: the next check pauses and retries
            child.process, child.failure = None, str(exc)
            return
        child.recovering = True
        self.say(f"{child.name} restarted (restart {child.restarts}, pid {child.process.pid})")
