"""Bulk import of referrals on PostgreSQL: rows/s and the service's memory, 10,000 vs
100,000 rows, beside the one-referral-at-a-time intake flow on the same machine."""

import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from bench.summary import Measure, Section
from csp_common.db import create_engine, create_session_factory
from csp_common.migrations import upgrade
from csp_common.partnership import load_partnership
from csp_common.unit_of_work import Work
from csp_devtools.keys import generate_key_pair, mint_token
from csp_devtools.stack import stop_process, wait_for_port
from csp_devtools.testing.infra import create_database, drop_database, free_port
from referral_hub.intake.flows import take_referral
from referral_hub.migrations import MIGRATIONS
from referral_hub.referral.schemas import DASH_KEYS, ReferralIn
from referral_hub.settings import ReferralHubSettings

ROOT = Path(__file__).parent.parent
SIZES = (10_000, 100_000)
PER_ROW_ROWS = 3_000
AREAS = ["craven", "hambleton", "harrogate", "richmondshire", "ryedale", "scarborough",
         "selby", "york"]  # fmt: skip
OUTWARD = ["YO11", "YO12", "HG1", "HG2", "BD23", "DL6", "DL10", "YO8", "YO17", "YO31"]
AGENCIES = ["north-yorkshire-police"] * 6 + ["health", "probation", "north-yorkshire-council"]
SECRET = "bench-secret"


def referral_row(rng: random.Random, n: int, prefix: str) -> dict[str, Any]:
    """A distinct victim and perpetrator a row; scores across every band."""
    yes = rng.choice(range(25))
    incident = date(2022, 1, 1) + timedelta(days=rng.randrange(1000))
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return {
        "source_reference": f"{prefix}-{n:07d}",
        "referring_agency": rng.choice(AGENCIES),
        "area": rng.choice(AREAS),
        "incident_date": incident.isoformat(),
        "victim": {
            "given_name": f"Victim{n}",
            "family_name": rng.choice(["Smith", "Jones", "Taylor", "Brown", "Wilson"]),
            "date_of_birth": f"{rng.randint(1950, 2004)}-{rng.randint(1, 12):02d}-15",
            "gender": "female",
            "ethnicity": "white",
            "disability": False,
            "lgbt": False,
            "postcode": f"{rng.choice(OUTWARD)} {rng.randint(1, 9)}{rng.choice(letters)}A",
            "safe_contact": "07700 900123, after 6pm",
        },
        "perpetrator": {
            "given_name": f"Perp{n}",
            "family_name": "Jones",
            "date_of_birth": f"{rng.randint(1950, 2004)}-06-01",
            "gender": "male",
        },
        "relationship": rng.choice(["intimate_partner", "ex_partner", "family_member"]),
        "children_in_household": rng.randint(0, 3),
        "dash": {
            "answers": {k: "yes" if i < yes else "no" for i, k in enumerate(DASH_KEYS)},
            "incidents_last_12_months": rng.randint(0, 4),
        },
        "consent": {"status": "given"},
        "services_requested": rng.choice([[], [], ["idas_community_support"]]),
    }


def write_file(path: Path, rows: int, prefix: str) -> int:
    rng = random.Random(rows)
    with path.open("w") as handle:
        for n in range(rows):
            handle.write(json.dumps(referral_row(rng, n, prefix)) + "\n")
    return path.stat().st_size


@dataclass
class ImportRun:
    rows: int
    megabytes: float
    upload_s: float
    total_s: float
    peak_rss_mb: float
    cpu_s: float
    postgres_cpu_s: float

    @property
    def rate(self) -> float:
        return self.rows / self.total_s


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _postgres_cpu_s() -> float:
    """CPU time of every postgres process on this machine (backends, WAL, autovacuum)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, rest = text.split("(", 1)[1].rsplit(")", 1)
        if name.startswith("postgres"):
            fields = rest.split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


async def _chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            yield chunk


async def import_file(
    client: httpx.AsyncClient, path: Path, rows: int, size: int, pid: int
) -> ImportRun:
    peak = _rss_mb(pid)
    cpu, postgres_cpu = _cpu_s(pid), _postgres_cpu_s()
    started = time.perf_counter()
    answer = await client.post(
        "/v1/imports/referrals",
        content=_chunks(path),
        headers={"Content-Type": "application/x-ndjson"},
    )
    assert answer.status_code == 202, answer.text
    uploaded = time.perf_counter()
    while True:
        peak = max(peak, _rss_mb(pid))
        job = (await client.get(answer.headers["location"])).json()
        if job["status"] in {"completed", "failed"}:
            break
        await asyncio.sleep(0.05)
    done = time.perf_counter()
    assert job["status"] == "completed" and job["rows_imported"] == rows, job
    return ImportRun(
        rows=rows,
        megabytes=size / 1e6,
        upload_s=uploaded - started,
        total_s=done - started,
        peak_rss_mb=peak,
        cpu_s=_cpu_s(pid) - cpu,
        postgres_cpu_s=_postgres_cpu_s() - postgres_cpu,
    )


async def per_row_intake(database_url: str, public_key: Path) -> float:
    """The API's flow, `take_referral`, one row at a time (a commit every 500 rows)."""
    settings = ReferralHubSettings(
        database_url=database_url,
        auth_public_key_file=public_key,
        kafka_enabled=False,
        person_key_secret=SECRET,
    )
    engine = create_engine(settings)
    await upgrade(engine, MIGRATIONS)
    factory = create_session_factory(engine)
    partnership = load_partnership()
    rng = random.Random(7)
    bodies = []
    for n in range(PER_ROW_ROWS):
        row = referral_row(rng, n, "ROW")
        agency = row.pop("referring_agency")
        bodies.append((ReferralIn.model_validate(row), agency))
    started = time.perf_counter()
    for first in range(0, PER_ROW_ROWS, 500):
        async with factory() as session:
            work = Work(session)
            for body, agency in bodies[first : first + 500]:
                await take_referral(
                    work,
                    body=body,
                    agency=agency,
                    received_at=datetime.combine(body.incident_date, datetime.min.time(), UTC),
                    channel="import",
                    settings=settings,
                    partnership=partnership,
                )
                await work.flush()
            await session.commit()
    elapsed = time.perf_counter() - started
    await engine.dispose()
    return PER_ROW_ROWS / elapsed


def _start_service(port: int, *, database_url: str, public_key: Path) -> subprocess.Popen:  # type: ignore[type-arg]
    """referral-hub under uvicorn (one worker) in a subprocess, ready to serve."""
    env = os.environ | {
        "REFERRAL_HUB_DATABASE_URL": database_url,
        "REFERRAL_HUB_KAFKA_ENABLED": "false",
        "REFERRAL_HUB_AUTH_PUBLIC_KEY_FILE": str(public_key),
        "REFERRAL_HUB_PERSON_KEY_SECRET": SECRET,
        "REFERRAL_HUB_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "uvicorn", "--factory", "referral_hub.app:create_app",
               "--port", str(port), "--no-access-log", "--log-level", "warning"]  # fmt: skip
    service = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    wait_for_port(port, timeout=60)
    deadline = time.monotonic() + 60
    while httpx.get(f"http://127.0.0.1:{port}/readyz").status_code != 200:
        assert time.monotonic() < deadline, "referral-hub did not become ready"
        time.sleep(0.2)
    return service


async def run() -> Section:
    keys = generate_key_pair(ROOT / ".local" / "bench-keys")
    token = mint_token(  # rows of several agencies: a delegated migration
        keys[0].read_bytes(),
        agency="north-yorkshire-police",
        scopes="referrals:import referrals:migrate",
        ttl=7200,
    )
    service_url = await create_database("csp_bench_import")
    per_row_url = await create_database("csp_bench_import_rows")
    load_before = os.getloadavg()[0]
    runs: list[ImportRun] = []
    with tempfile.TemporaryDirectory() as scratch:
        files = []
        for rows in SIZES:
            path = Path(scratch) / f"referrals-{rows}.ndjson"
            files.append((path, rows, write_file(path, rows, f"B{rows}")))
        port = free_port()
        service = _start_service(port, database_url=service_url, public_key=keys[1])
        try:
            async with httpx.AsyncClient(
                base_url=f"http://127.0.0.1:{port}",
                headers={"Authorization": f"Bearer {token}"},
                timeout=600,
            ) as client:
                idle_rss = _rss_mb(service.pid)
                for path, rows, size in files:
                    runs.append(await import_file(client, path, rows, size, service.pid))
        finally:
            stop_process(service)
    per_row_rate = await per_row_intake(per_row_url, keys[1])
    await drop_database(service_url)
    await drop_database(per_row_url)
    return _report(runs, idle_rss, per_row_rate, load_before)


def _report(runs: list[ImportRun], idle_rss: float, per_row_rate: float, load: float) -> Section:
    small, large = runs
    cpu_us = 1e6 * large.cpu_s / large.rows
    pg_us = 1e6 * large.postgres_cpu_s / large.rows
    lines = [
        "## Bulk import of referrals",
        "",
        "`POST /v1/imports/referrals` with an NDJSON file on PostgreSQL: one uvicorn worker "
        "(a subprocess), the file streamed to disk, then imported by the platform's import "
        "engine in 500-row transactions, stored by the batched intake "
        "(`imports/service.py`: the same `plan_intake` as the API, "
        "one query for references already imported, one for people, one for MARAC "
        "history, COPY for the rows). Every row is a new victim and perpetrator, so each "
        "writes about 20 rows: 2 people with their match and candidate keys, the "
        "referral, its routes, 4 to 6 outbox events and an audit row. Time is from the "
        "start of the upload to the job's completion.",
        "",
        "| file | size | upload | total | rows/s | CPU a row: service | PostgreSQL | "
        "service peak RSS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run_ in runs:
        lines.append(
            f"| {run_.rows:,} rows | {run_.megabytes:.0f} MB | {run_.upload_s:.1f} s "
            f"| {run_.total_s:.1f} s | **{run_.rate:,.0f}** "
            f"| {1e6 * run_.cpu_s / run_.rows:.0f} µs "
            f"| {1e6 * run_.postgres_cpu_s / run_.rows:.0f} µs | {run_.peak_rss_mb:.0f} MB |"
        )
    lines += [
        "",
        f"- Memory: the service used {idle_rss:.0f} MB idle; its peak was "
        f"{small.peak_rss_mb:.0f} MB for {small.rows:,} rows and {large.peak_rss_mb:.0f} MB "
        f"for {large.rows:,} ({large.peak_rss_mb / small.peak_rss_mb:.2f}x, for a file "
        f"{large.megabytes / small.megabytes:.0f}x larger): flat in the file's size.",
        f"- Beside it, the API's flow `take_referral` one row at a time (about 6 "
        f"statements a row, {PER_ROW_ROWS:,} rows, in process): **{per_row_rate:,.0f} "
        f"rows/s**; the batched import is {large.rate / per_row_rate:.1f}x faster.",
        f"- Aim: 5,000 rows/s, not reached here. The service spends {cpu_us:.0f} µs of CPU a "
        f"row (validating the row, person match keys, DASH risk, routing, event payloads), "
        f"which alone caps one worker near {1e6 / cpu_us:,.0f} rows/s; PostgreSQL (all its "
        f"processes on the machine, so other work's too) spent {pg_us:.0f} µs a row on the "
        f"same {os.cpu_count()} cores (load average {load:.1f} from other work when the run "
        "started), writing some 20 rows and 35 index entries a referral; the two overlap "
        "only in part (the next chunk is validated while one is written). The larger file "
        "is slower as the person and candidate key indexes outgrow PostgreSQL's shared "
        "buffers.",
    ]
    measure = Measure(
        name=f"bulk import, {large.rows:,} rows",
        figure=f"{large.rate:,.0f} rows/s, peak RSS {large.peak_rss_mb:.0f} MB",
        baseline=(
            f"{per_row_rate:,.0f} rows/s (`take_referral` a row at a time); "
            f"peak RSS {small.peak_rss_mb:.0f} MB for {small.rows:,} rows"
        ),
        ratio=f"**{large.rate / per_row_rate:.1f}x**; memory {large.peak_rss_mb / small.peak_rss_mb:.2f}x",
        aim="≥ 5,000 rows/s, peak memory flat",
    )
    return Section(text="\n".join(lines) + "\n", measures=[measure])
