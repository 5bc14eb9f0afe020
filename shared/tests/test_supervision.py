"""The supervisor of `csp up`: what exits is restarted after a pause that doubles while
it keeps failing and starts again at 1 s once it has run for a minute; every step is
said. Real processes; the clock is the test's, so no test waits for a pause."""

import signal
import subprocess
import sys

from csp_common.supervision import Child, Supervisor, describe_exit


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _exits(code: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", f"raise SystemExit({code})"])


def _supervised(start) -> tuple[Supervisor, Child, list[str], Clock]:  # type: ignore[no-untyped-def]
    said: list[str] = []
    clock = Clock()
    child = Child(name="marac", start=start, is_ready=lambda: True)
    child.process, child.started_at = start(), clock.now
    return Supervisor([child], say=said.append, clock=clock), child, said, clock


def _let_it_exit(child: Child) -> None:
    assert child.process is not None
    child.process.wait(timeout=30)


def test_a_process_that_keeps_exiting_waits_longer_each_time_up_to_30s() -> None:
    supervisor, child, said, clock = _supervised(lambda: _exits(3))
    delays = []
    for _ in range(7):
        _let_it_exit(child)
        supervisor.check()
        delays.append(child.delay)
        assert child.restart_at == clock.now + child.delay
        supervisor.check()  # the pause is not over: nothing starts
        assert child.restart_at is not None
        clock.now += child.delay
        supervisor.check()
        assert child.restart_at is None
    assert delays == [1, 2, 4, 8, 16, 30, 30]
    assert said[0] == "marac exited (exit code 3); restarting it in 1s"
    assert said[1].startswith("marac restarted (restart 1, pid ")
    assert child.restarts == 7


def test_a_restarted_process_is_said_to_be_back_once_ready_and_a_stable_one_restarts_at_once() -> (
    None
):
    started: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        started.append(subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]))
        return started[-1]

    supervisor, child, said, clock = _supervised(start)
    ready = False
    child.is_ready = lambda: ready
    try:
        for _ in range(3):  # three quick deaths: the pause grows to 4 s
            started[-1].send_signal(signal.SIGKILL)
            _let_it_exit(child)
            supervisor.check()
            clock.now += child.delay
            supervisor.check()
        assert child.delay == 4
        assert "marac exited (killed by SIGKILL); restarting it in 1s" in said
        supervisor.check()
        assert not any(line == "marac is back" for line in said)
        ready = True
        supervisor.check()
        supervisor.check()
        assert said.count("marac is back") == 1

        clock.now += 61  # it ran for a minute: the next exit waits 1 s again
        started[-1].send_signal(signal.SIGKILL)
        _let_it_exit(child)
        supervisor.check()
        assert child.delay == 1
    finally:
        for process in started:
            process.kill()
            process.wait()


def test_a_process_that_cannot_start_is_retried_and_said_so() -> None:
    attempts = []

    def start() -> subprocess.Popen[bytes]:
        attempts.append(1)
        if len(attempts) > 1:
            raise TimeoutError("nothing listening on 127.0.0.1:9092 after 20s")
        return _exits(1)

    supervisor, child, said, clock = _supervised(start)
    _let_it_exit(child)
    supervisor.check()
    clock.now += child.delay
    supervisor.check()
    assert child.process is None
    supervisor.check()
    assert said[-1] == (
        "marac did not start (nothing listening on 127.0.0.1:9092 after 20s); restarting it in 2s"
    )


def test_exits_are_described() -> None:
    assert describe_exit(-9) == "killed by SIGKILL"
    assert describe_exit(2) == "exit code 2"
    assert describe_exit(-200) == "killed by signal 200"
