"""POST /v1/referrals on PostgreSQL, one uvicorn worker, beside a minimal endpoint."""

import copy
import os
import subprocess
import sys
from pathlib import Path

from bench.load import LoadResult, wrk_post
from bench.summary import Measure, Section
from csp_devtools.keys import generate_key_pair, mint_token
from csp_devtools.stack import stop_process, wait_for_port
from csp_devtools.testing.infra import create_database, drop_database, free_port
from referral_hub.referral.schemas import REFERRAL_EXAMPLE

CONCURRENCY = 16
SECONDS = 15
ROOT = Path(__file__).parent.parent


def _serve(factory: str, *, port: int, env: dict[str, str], is_factory: bool) -> subprocess.Popen:  # type: ignore[type-arg]
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        factory,
        "--port",
        str(port),
        "--workers",
        "1",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    if is_factory:
        command.insert(3, "--factory")
    process = subprocess.Popen(command, env=os.environ | env, cwd=ROOT, start_new_session=True)
    wait_for_port(port, timeout=60)
    return process


def _body() -> dict:  # type: ignore[type-arg]
    body = copy.deepcopy(REFERRAL_EXAMPLE)
    body["incident_date"] = "2026-11-20"
    return body


async def _measure(url: str, headers: dict[str, str]) -> LoadResult:
    return wrk_post(
        url=url,
        body=_body(),
        authorization=headers["Authorization"],
        connections=CONCURRENCY,
        seconds=SECONDS,
    )


async def run() -> Section:
    keys = generate_key_pair(ROOT / ".local" / "bench-keys")
    hub_url = await create_database("csp_bench_hub")
    minimal_url = await create_database("csp_bench_minimal")
    token = mint_token(
        keys[0].read_bytes(),
        agency="north-yorkshire-police",
        scopes="referrals:write referrals:read",
        ttl=3600,
    )
    headers = {"Authorization": f"Bearer {token}"}
    results: dict[str, LoadResult] = {}
    try:
        port = free_port()
        minimal = _serve(
            "bench.minimal_referral_app:app",
            port=port,
            is_factory=False,
            env={"MINIMAL_DSN": minimal_url.replace("postgresql+asyncpg", "postgresql")},
        )
        try:
            results["minimal"] = await _measure(f"http://127.0.0.1:{port}/v1/referrals", headers)
        finally:
            stop_process(minimal)
        port = free_port()
        hub = _serve(
            "referral_hub.app:create_app",
            port=port,
            is_factory=True,
            env={
                "REFERRAL_HUB_DATABASE_URL": hub_url,
                "REFERRAL_HUB_AUTH_PUBLIC_KEY_FILE": str(keys[1]),
                "REFERRAL_HUB_KAFKA_ENABLED": "false",
                "REFERRAL_HUB_LOG_LEVEL": "WARNING",
            },
        )
        try:
            results["hub"] = await _measure(f"http://127.0.0.1:{port}/v1/referrals", headers)
        finally:
            stop_process(hub)
    finally:
        await drop_database(hub_url)
        await drop_database(minimal_url)
    minimal_result, hub_result = results["minimal"], results["hub"]
    ratio = hub_result.rate / minimal_result.rate
    rows = "\n".join(
        f"| {name} | {r.rate:,.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.non_2xx} |"
        for name, r in [
            (
                "minimal endpoint: same body validated, referral row + one outbox row, raw asyncpg",
                minimal_result,
            ),
            (
                "`POST /v1/referrals` (JWT, idempotency key, person matching, repeat check, DASH, routing, referral + routes + 4-6 outbox rows + audit, one commit)",
                hub_result,
            ),
        ]
    )
    measures = [
        Measure(
            name="`POST /v1/referrals` / minimal endpoint",
            figure=f"{hub_result.rate:,.0f} req/s, p99 {hub_result.p99_ms:.0f} ms",
            baseline=f"{minimal_result.rate:,.0f} req/s, p99 {minimal_result.p99_ms:.0f} ms",
            ratio=f"**{ratio:.0%}**",
            aim="≥ 30%, p99 < 50 ms at 200 req/s",
        )
    ]
    text = f"""## Referral intake: `POST /v1/referrals`

PostgreSQL, one uvicorn worker each, `wrk` with {CONCURRENCY} connections for {SECONDS} s after a
2 s warm-up, on the same 2 cores. Every request has its own `Idempotency-Key`. The outbox relay is off during the run
(the minimal endpoint has none either); it publishes afterwards.

| endpoint | requests/s | p50 ms | p99 ms | errors |
|---|---:|---:|---:|---:|
{rows}

Throughput ratio: **{ratio:.0%}** of the minimal endpoint (aim: ≥ 30%).
"""
    return Section(text=text, measures=measures)
