"""Sustained load: 60 s of mixed traffic at 200 requests/s on PostgreSQL, with the outbox
relays and the consumers running, and the time from a POST to reporting's figure.

    python -m bench.sustained_load [--seconds 60] [--rate 200] [--report docs/reliability.md]

referral-hub, marac and reporting run as processes (one each) on their own PostgreSQL
databases and one Tansu broker. The load is open-loop: request i is due at `i / rate`
seconds whatever the answers before it, and its latency runs from when it was due, so a
slow server cannot slow the load down and hide its own queueing. The mix: 70% intake
(`POST /v1/referrals`), 20% reads (a referral, a list page, a figure), 10% provider
feedback (`POST /v1/routes/{id}/feedback`, each route moving one step along
accepted, contacted, engaged, closed).

POST-to-figure: throughout the run a probe referral from an agency and area nobody else
uses is posted, then reporting's figure for that area is polled until it counts it; the
time from the probe's 201 to the figure is one sample. The probes are part of the intake
share.
"""

import argparse
import asyncio
import copy
import random
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from csp_devtools.keys import generate_key_pair, mint_token
from csp_devtools.testing.infra import Broker
from csp_devtools.testing.processes import Platform
from csp_devtools.testing.report import RELIABILITY_HEADER, write_section
from referral_hub.referral.schemas import DASH_KEYS, REFERRAL_EXAMPLE

ROOT = Path(__file__).parent.parent
POLICE = "north-yorkshire-police"
PROBE_AGENCY = "fire-rescue"
PROBE_AREA = "richmondshire"
LOAD_AREAS = ("york", "scarborough", "harrogate", "selby", "hambleton", "craven", "ryedale")
PROBE_SEED = 6
"""Probe referrals sent before the run, so the probe figure is past small-number
protection (a figure of fewer than 5 records reads "suppressed")."""
PRELOAD = 300
"""Referrals posted before the run, so reads and feedback have something to find."""
FEEDBACK_STEPS = (
    {"status": "accepted"},
    {"status": "contacted"},
    {"status": "engaged"},
    {"status": "closed", "outcome_codes": ["risk_reduced", "safety_plan_in_place"]},
)


def _this_year() -> int:
    """The year reporting files a referral under (of referral-hub's receipt date, UTC);
    figures are published for whole periods only."""
    return datetime.now(UTC).year


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)

    def record(self, kind: str, due: float, response: httpx.Response | None, ok: bool) -> None:
        self.latencies[kind].append(time.monotonic() - due)
        if not ok:
            self.errors[kind] += 1
            if len(self.error_samples) < 10:
                detail = "no answer" if response is None else f"{response.status_code}"
                text = "" if response is None else response.text[:200]
                self.error_samples.append(f"{kind}: {detail} {text}")


class Traffic:
    def __init__(self, *, hub: str, reporting: str, tokens: dict[str, str]) -> None:
        self.hub = httpx.AsyncClient(
            base_url=hub, timeout=30, limits=httpx.Limits(max_connections=200)
        )
        self.reporting = httpx.AsyncClient(base_url=reporting, timeout=30)
        self.tokens = tokens
        self.rng = random.Random(200)
        self.referrals: list[str] = []
        self.readable: list[str] = []
        """Referrals the police token may read (the ones it made)."""
        self.routes: list[tuple[str, int]] = []
        """idas routes with the next feedback step to report; one request per route at once."""
        self.counter = 0
        self.tally = Tally()

    def _headers(self, who: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}", **extra}

    def body(self, *, area: str | None = None) -> dict[str, Any]:
        self.counter += 1
        n = self.counter
        body = copy.deepcopy(REFERRAL_EXAMPLE)
        yes = self.rng.choice((3, 5, 8, 11, 12, 15, 17))
        body.update(
            area=area or self.rng.choice(LOAD_AREAS),
            incident_date=(date.today() - timedelta(days=1)).isoformat(),
            source_reference=f"LOAD-{uuid.uuid4().hex[:12]}",
            children_in_household=n % 3,
        )
        body["victim"].update(
            given_name=f"Load{n}",
            family_name="Sustained",
            date_of_birth=f"19{60 + n % 39}-05-1{n % 9}",
        )
        body["perpetrator"].update(given_name=f"Per{n}", family_name="Sustained")
        body["dash"]["answers"] = {
            key: ("yes" if i < yes else "no") for i, key in enumerate(DASH_KEYS)
        }
        return body

    async def intake(self, *, agency: str = POLICE, area: str | None = None) -> httpx.Response:
        response = await self.hub.post(
            "/v1/referrals",
            json=self.body(area=area),
            headers=self._headers(agency, **{"Idempotency-Key": str(uuid.uuid4())}),
        )
        if response.status_code == 201:
            answer = response.json()
            self.referrals.append(answer["id"])
            if agency == POLICE:
                self.readable.append(answer["id"])
            self.routes += [(r["id"], 0) for r in answer["routes"] if r["provider"] == "idas"]
        return response

    async def read(self) -> httpx.Response:
        pick = self.rng.random()
        purpose = {"X-Purpose": "load test"}
        if pick < 0.6 and self.readable:
            referral = self.rng.choice(self.readable)
            return await self.hub.get(
                f"/v1/referrals/{referral}", headers=self._headers(POLICE, **purpose)
            )
        if pick < 0.8:
            return await self.hub.get(
                "/v1/referrals", params={"limit": 20}, headers=self._headers(POLICE, **purpose)
            )
        return await self.reporting.get(
            "/v1/stats/referrals",
            params={"year": _this_year(), "group_by": "area"},
            headers=self._headers("pfcc"),
        )

    async def feedback(self) -> httpx.Response | None:
        if not self.routes:
            return None
        route, step = self.routes.pop(self.rng.randrange(len(self.routes)))
        response = await self.hub.post(
            f"/v1/routes/{route}/feedback",
            json=FEEDBACK_STEPS[step],
            headers=self._headers("idas"),
        )
        if response.status_code == 200 and step + 1 < len(FEEDBACK_STEPS):
            self.routes.append((route, step + 1))
        return response

    async def one(self, kind: str, due: float) -> None:
        response: httpx.Response | None = None
        try:
            if kind == "intake":
                response = await self.intake()
                ok = response.status_code == 201
            elif kind == "read":
                response = await self.read()
                ok = response.status_code == 200
            else:
                response = await self.feedback()
                ok = response is None or response.status_code == 200
        except httpx.HTTPError:
            ok = False
        self.tally.record(kind, due, response, ok)

    async def probe_figure(self) -> int | None:
        response = await self.reporting.get(
            "/v1/stats/referrals",
            params={"year": _this_year(), "area": PROBE_AREA},
            headers=self._headers("pfcc"),
        )
        value = response.json().get("referrals") if response.status_code == 200 else None
        return value if isinstance(value, int) else None

    async def close(self) -> None:
        await self.hub.aclose()
        await self.reporting.aclose()


async def _probe(traffic: Traffic, stop: asyncio.Event, samples: list[float]) -> None:
    """One probe at a time: post it, poll the figure every 20 ms until it counts it."""
    seen = await traffic.probe_figure() or 0
    while not stop.is_set():
        response = await traffic.intake(agency=PROBE_AGENCY, area=PROBE_AREA)
        answered = time.monotonic()
        if response.status_code != 201:
            await asyncio.sleep(0.1)
            continue
        while True:
            value = await traffic.probe_figure()
            if value is not None and value > seen:
                samples.append(time.monotonic() - answered)
                seen = value
                break
            if time.monotonic() - answered > 60:
                return
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.2)


async def _load(traffic: Traffic, *, seconds: float, rate: float) -> float:
    """Open-loop: request i starts at i / rate whatever happened before; returns the
    seconds it took to start them all."""
    kinds = ["intake"] * 7 + ["read"] * 2 + ["feedback"]
    rng = random.Random(60)
    tasks = []
    started = time.monotonic()
    for i in range(int(seconds * rate)):
        due = started + i / rate
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        tasks.append(asyncio.create_task(traffic.one(rng.choice(kinds), due)))
    issued = time.monotonic() - started
    await asyncio.gather(*tasks)
    return issued


async def _catch_up(platform: Platform, traffic: Traffic, token: str) -> float:
    """Seconds from the end of the load until reporting counts every referral accepted."""
    started = time.monotonic()
    expected = len(traffic.referrals)
    params = {"year": _this_year()}
    async with httpx.AsyncClient(base_url=platform.url("reporting"), timeout=30) as client:
        while time.monotonic() - started < 300:
            response = await client.get(
                "/v1/stats/referrals", params=params, headers={"Authorization": f"Bearer {token}"}
            )
            if response.status_code == 200 and response.json().get("referrals") == expected:
                return time.monotonic() - started
            await asyncio.sleep(0.1)
    return float("nan")


async def run(*, seconds: float, rate: float, work_dir: Path) -> str:
    private_key, public_key = generate_key_pair(work_dir / "keys")
    pem = private_key.read_bytes()
    tokens = {
        POLICE: mint_token(pem, agency=POLICE, scopes=["referrals:write", "referrals:read"]),
        PROBE_AGENCY: mint_token(pem, agency=PROBE_AGENCY, scopes=["referrals:write"]),
        "idas": mint_token(pem, agency="idas", scopes=["provider:feedback"]),
        "pfcc": mint_token(pem, agency="pfcc", scopes=["reports:read"]),
    }
    broker = Broker().start()
    platform = Platform(
        bootstrap_servers=broker.bootstrap_servers,
        public_key_file=public_key,
        log_dir=work_dir / "logs",
        env={"LOG_LEVEL": "WARNING", "OUTBOX_POLL_INTERVAL_SECONDS": "0.5"},
        service_env={
            "referral-hub": {"PERSON_KEY_SECRET": "load-person-key"},
            "reporting": {"DASHBOARD_SECRET": "load-dashboard-secret-0123456789"},
        },
    )
    traffic: Traffic | None = None
    try:
        await platform.create_databases("csp_load")
        await asyncio.to_thread(platform.start)
        traffic = Traffic(
            hub=platform.url("referral-hub"), reporting=platform.url("reporting"), tokens=tokens
        )
        for _ in range(PROBE_SEED):
            (await traffic.intake(agency=PROBE_AGENCY, area=PROBE_AREA)).raise_for_status()
        await asyncio.gather(*(traffic.intake() for _ in range(PRELOAD)))
        await _wait_for(traffic, PROBE_SEED)
        traffic.tally = Tally()
        stop = asyncio.Event()
        samples: list[float] = []
        prober = asyncio.create_task(_probe(traffic, stop, samples))
        wall = time.monotonic()
        issued = await _load(traffic, seconds=seconds, rate=rate)
        wall = time.monotonic() - wall
        stop.set()
        await prober
        catch_up = await _catch_up(platform, traffic, tokens["pfcc"])
        return _markdown(
            traffic.tally,
            samples,
            seconds=seconds,
            rate=rate,
            issued=issued,
            wall=wall,
            catch_up=catch_up,
        )
    finally:
        if traffic is not None:
            await traffic.close()
        await asyncio.to_thread(platform.stop)
        await platform.drop_databases()
        broker.stop()


async def _wait_for(traffic: Traffic, count: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if (await traffic.probe_figure() or 0) >= count:
            return
        await asyncio.sleep(0.2)
    raise TimeoutError("reporting never counted the seed probes")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def _markdown(
    tally: Tally,
    samples: list[float],
    *,
    seconds: float,
    rate: float,
    issued: float,
    wall: float,
    catch_up: float,
) -> str:
    every = [v for values in tally.latencies.values() for v in values]
    total = len(every)
    errors = sum(tally.errors.values())
    lines = [
        "## Sustained load: mixed traffic on PostgreSQL",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `make reliability` "
        "(`bench/sustained_load.py`). referral-hub, marac and reporting one process each "
        "(uvicorn, one worker) on PostgreSQL, outbox relays and consumers running, one Tansu "
        "broker, the load generator on the same 2 shared cores. Open-loop: "
        f"{rate:g} requests/s for {seconds:g} s, each timed from when it was due. 70% intake "
        "(`POST /v1/referrals`, new victims, mixed risk), 20% reads (a referral by id, a "
        "list page, a figure from reporting), 10% provider feedback (one step of a route "
        "along accepted, contacted, engaged, closed).",
        "",
        "| traffic | requests | errors | p50 ms | p99 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind in ("intake", "read", "feedback"):
        values = tally.latencies.get(kind, [])
        lines.append(
            f"| {kind} | {len(values):,} | {tally.errors.get(kind, 0)} | {_ms(_pct(values, 0.5))} "
            f"| {_ms(_pct(values, 0.99))} |"
        )
    lines.append(
        f"| **all** | **{total:,}** | **{errors}** | **{_ms(_pct(every, 0.5))}** "
        f"| **{_ms(_pct(every, 0.99))}** |"
    )
    lines += [
        "",
        f"Achieved {total / wall:,.0f} requests/s over {wall:.1f} s (all {total:,} issued "
        f"within {issued:.1f} s).",
        "",
        "POST-to-figure latency during the load (from a probe's 201 to reporting's figure "
        f"counting it; {len(samples)} probes, one at a time):",
        "",
        "| p50 | p90 | p99 | max |",
        "|---:|---:|---:|---:|",
        f"| {_ms(_pct(samples, 0.5))} ms | {_ms(_pct(samples, 0.9))} ms "
        f"| {_ms(_pct(samples, 0.99))} ms | {_ms(max(samples, default=float('nan')))} ms |",
        "",
        f"After the load, reporting counted every accepted referral {catch_up:.1f} s after "
        "the last answer.",
    ]
    if tally.error_samples:
        lines += ["", "Errors seen: " + "; ".join(tally.error_samples)]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--report", type=Path)
    args = parser.parse_args()
    work_dir = Path(tempfile.mkdtemp(prefix="csp-load-"))
    text = asyncio.run(run(seconds=args.seconds, rate=args.rate, work_dir=work_dir))
    print(text)
    print(f"logs: {work_dir}")
    if args.report:
        write_section(args.report, "load", text, header=RELIABILITY_HEADER)
        print(f"wrote {args.report}")


if __name__ == "__main__":
    main()
