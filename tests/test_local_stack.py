"""`make run` in miniature: `csp up` starts the broker and every installed service and
simulator; each answers /healthz on its port; Ctrl-C stops them all."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from csp_common.registry import installed

OFFSET = 20_000


def test_csp_up_starts_everything_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    csp = Path(sys.executable).parent / "csp"
    process = subprocess.Popen(
        [str(csp), "up", "--no-demo", "--port-offset", str(OFFSET), "--state-dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
    )
    output: list[str] = []
    try:
        deadline = time.monotonic() + 180
        assert process.stdout is not None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            output.append(line)
            if line.startswith("ready"):
                break
        assert any(line.startswith("ready") for line in output), "".join(output)
        entries = installed("csp.services") + installed("csp.simulators")
        assert {"referral-hub", "marac", "reporting"} <= {e.name for e in entries}
        for entry in entries:
            url = f"http://127.0.0.1:{entry.port + OFFSET}/healthz"
            assert httpx.get(url, timeout=5).status_code == 200, entry.name
            assert f"127.0.0.1:{entry.port + OFFSET}" in "".join(output)
        tokens = [line for line in output if line.count(".") == 2 and len(line.strip()) > 100]
        assert tokens, "csp up printed no token"
        link = next(line.strip() for line in output if "/dashboard/login?token=" in line)
        with httpx.Client(follow_redirects=True, timeout=30) as browser:
            page = browser.get(link)
        assert page.status_code == 200
        assert "North Yorkshire" in page.text
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    for entry in installed("csp.services"):
        try:
            httpx.get(f"http://127.0.0.1:{entry.port + OFFSET}/healthz", timeout=2)
        except httpx.ConnectError:
            continue
        raise AssertionError(f"{entry.name} still answers after Ctrl-C")
