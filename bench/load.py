"""HTTP load with wrk (Debian package `wrk`): N connections for a fixed time."""

import json
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LUA = """
local counter = 0
local thread_id = math.random(1, 1000000000)
wrk.method = "POST"
wrk.body = [==[{body}]==]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "{authorization}"
request = function()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = thread_id .. "-" .. counter
  return wrk.format(nil, nil, nil, nil)
end
"""


@dataclass
class LoadResult:
    rate: float
    p50_ms: float
    p99_ms: float
    non_2xx: int


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk_post(
    *, url: str, body: dict[str, Any], authorization: str, connections: int, seconds: int
) -> LoadResult:
    script = LUA.replace("{body}", json.dumps(body)).replace("{authorization}", authorization)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "post.lua"
        path.write_text(script)
        subprocess.run(  # warm-up
            ["wrk", "-t1", f"-c{connections}", "-d2s", "-s", str(path), url],
            check=True,
            capture_output=True,
        )
        output = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(path), url],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", output)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return LoadResult(
        rate=rate,
        p50_ms=_ms(*p50.groups()),  # type: ignore[union-attr]
        p99_ms=_ms(*p99.groups()),  # type: ignore[union-attr]
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
    )
