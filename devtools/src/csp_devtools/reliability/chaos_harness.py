"""The chaos harness: referrals posted while the broker and the services are killed.

Every service runs as a real process on PostgreSQL (two replicas each of marac and
reporting, in their consumer groups), the broker is Tansu on S3 storage (it survives
`kill -9`, as Apache Kafka does). Concurrent clients post a realistic mix of referrals
(`referral_mix`), retrying with the same Idempotency-Key on any error. While they do,
the broker, referral-hub and one replica each of marac and reporting are killed with
SIGKILL and restarted. Once everything has settled the harness counts, per service,
what it holds against what it was sent: every referral answered 201 exists once in
referral-hub, every MARAC referral is one case in marac, and reporting's read models
and published figures equal the truth computed from what was sent.

    python -m csp_devtools.reliability.chaos_harness --referrals 10000 --report docs/reliability.md

`make reliability` runs that; tests/reliability/test_chaos.py runs a small version.
"""

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from csp_devtools.keys import generate_key_pair, mint_token
from csp_devtools.reliability.referral_mix import (
    DIMENSIONS,
    DOUBLE_SHARE,
    Referral,
    Truth,
    every,
    make_referrals,
)
from csp_devtools.testing.durable_broker import DurableBroker
from csp_devtools.testing.kafka import read_topic
from csp_devtools.testing.processes import Platform
from csp_devtools.testing.report import RELIABILITY_HEADER, write_section

TOPICS = ("csp.referrals", "csp.marac")
PARTITIONS = 6

NOT_RETRIED = ("idempotency-key-reused", "duplicate-source-reference")
DOWN_SECONDS = 1.0
"""How long a killed process stays dead before it is started again."""


@dataclass(frozen=True)
class Kill:
    at: float
    """When: the share of referrals answered."""
    target: str
    """`broker`, or a replica: `marac-1`."""


FULL_KILLS = (
    Kill(0.15, "broker"),
    Kill(0.30, "referral-hub-1"),
    Kill(0.45, "marac-1"),
    Kill(0.60, "broker"),
    Kill(0.75, "reporting-2"),
)
ONE_OF_EACH = (
    Kill(0.2, "broker"),
    Kill(0.4, "referral-hub-1"),
    Kill(0.6, "marac-1"),
    Kill(0.8, "reporting-2"),
)


@dataclass(frozen=True)
class Scenario:
    referrals: int
    rate: float
    """Referrals a second the clients aim at, so that the kills fall during the run."""
    clients: int = 12
    kills: tuple[Kill, ...] = FULL_KILLS
    settle_timeout: float = 600.0
    seed: int = 9
    double_share: float = DOUBLE_SHARE
    """Referrals sent twice at once with the same key."""


@dataclass
class KillRecord:
    target: str
    at_seconds: float
    answered: int
    back_after: float
    """Seconds from the SIGKILL until the process was ready again."""


@dataclass
class ServiceCount:
    service: str
    what: str
    expected: int
    stored: int
    lost: int
    duplicated: int
    """Rows beyond one per expected item (a second row for it, or one for nothing sent)."""


@dataclass
class Observation:
    counts: list[ServiceCount]
    mismatches: list[str]
    pending: dict[str, int]

    @property
    def settled(self) -> bool:
        clean = all(c.lost == 0 and c.duplicated == 0 for c in self.counts)
        return clean and not self.mismatches and not any(self.pending.values())


@dataclass
class Result:
    scenario: Scenario
    referrals: list[Referral]
    requests: int
    retries: int
    kills: list[KillRecord]
    observation: Observation
    dead_letters: dict[str, int]
    post_seconds: float
    settle_seconds: float | None
    """From the last answer (and the last restart) until every count was right; None if
    that did not happen within the scenario's settle_timeout."""
    finished_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def accepted(self) -> int:
        return sum(r.accepted for r in self.referrals)

    @property
    def refused(self) -> list[str]:
        return [f"referral {r.index}: {answer}" for r in self.referrals for answer in r.refused]

    @property
    def lost(self) -> int:
        return sum(c.lost for c in self.observation.counts)

    @property
    def duplicated(self) -> int:
        return sum(c.duplicated for c in self.observation.counts)

    @property
    def clean(self) -> bool:
        return (
            self.accepted == len(self.referrals)
            and self.observation.settled
            and not any(self.dead_letters.values())
            and self.settle_seconds is not None
        )

    def markdown(self) -> str:
        s = self.scenario
        marac = sum(r.marac for r in self.referrals)
        repeats = sum(r.repeat_of is not None for r in self.referrals)
        doubled = sum(r.doubled for r in self.referrals)
        resent = sum(r.resent for r in self.referrals)
        no_reference = sum("source_reference" not in r.body for r in self.referrals)
        settle = f"{self.settle_seconds:.1f} s" if self.settle_seconds is not None else "did not"
        lines = [
            "## Chaos: SIGKILL during intake",
            "",
            f"Run {self.finished_at:%Y-%m-%d %H:%M} UTC by `make reliability` "
            "(`csp_devtools.reliability.chaos_harness`). Every service a real process on "
            "PostgreSQL: referral-hub, two replicas each of marac and reporting (sharing a "
            "consumer group); the broker Tansu on S3 storage (moto's S3 server), "
            f"{PARTITIONS} partitions a topic. {s.clients} concurrent clients aiming at "
            f"{s.rate:g} referrals/s, each retrying with the same `Idempotency-Key` on any "
            "error (connection refused or reset, timeout, 5xx, 409 conflict).",
            "",
            f"The mix: {marac:,} MARAC referrals (high risk, professional judgement, "
            f"escalation or repeat), {repeats:,} repeats of an earlier victim and "
            f"perpetrator (sent after the first was answered), {doubled:,} sent twice at "
            f"once with the same key, {resent:,} sent again after their 201 (as if the "
            f"answer was lost), {no_reference:,} without a `source_reference`.",
            "",
            "| | |",
            "|---|---:|",
            f"| referrals sent | {len(self.referrals):,} |",
            f"| POST requests (retries, doubled and resent included) | {self.requests:,} |",
            f"| retries | {self.retries:,} |",
            f"| answered 201 | {self.accepted:,} |",
            f"| refused (not 201, not retried) | {len(self.refused):,} |",
            f"| kills (SIGKILL) | {len(self.kills)} |",
            f"| lost | **{self.lost}** |",
            f"| duplicated | **{self.duplicated}** |",
            f"| dead-lettered events | {sum(self.dead_letters.values())} |",
            f"| posting took | {self.post_seconds:.1f} s |",
            f"| time to settle (after the last answer and the last restart) | {settle} |",
            "",
            "The kills, each followed by a restart:",
            "",
            "| # | killed | at | referrals answered by then | ready again after |",
            "|---:|---|---:|---:|---:|",
        ]
        for number, kill in enumerate(self.kills, 1):
            lines.append(
                f"| {number} | {kill.target} | {kill.at_seconds:.1f} s | {kill.answered:,} "
                f"| {kill.back_after:.1f} s |"
            )
        lines += [
            "",
            "Counted per service once it settled:"
            if self.settle_seconds is not None
            else f"Counted per service when the harness stopped waiting ({s.settle_timeout:g} s):",
            "",
            "| service | what | expected | stored | lost | duplicated |",
            "|---|---|---:|---:|---:|---:|",
        ]
        for c in self.observation.counts:
            lines.append(
                f"| {c.service} | {c.what} | {c.expected:,} | {c.stored:,} | {c.lost} "
                f"| {c.duplicated} |"
            )
        figures = (
            "equal the harness's truth"
            if not self.observation.mismatches
            else "differ from the truth: " + "; ".join(self.observation.mismatches[:10])
        )
        lines += [
            "",
            "reporting's published figures (`GET /v1/stats/referrals` grouped by "
            f"{', '.join(DIMENSIONS)}) {figures}.",
        ]
        return "\n".join(lines) + "\n"


# ---- sending -------------------------------------------------------------------------


class Pacer:
    """Hands out send times `1/rate` apart."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self.next = time.monotonic()

    async def wait(self) -> None:
        now = time.monotonic()
        slot = max(self.next, now)
        self.next = slot + self.interval
        await asyncio.sleep(slot - now)


def _retryable(response: httpx.Response) -> bool:
    if response.status_code >= 500 or response.status_code in (408, 425, 429):
        return True
    if response.status_code == 409:
        kind = str(response.json().get("type", ""))
        return not kind.endswith(NOT_RETRIED)
    return False


class Sender:
    def __init__(self, *, url: str, tokens: dict[str, str], scenario: Scenario) -> None:
        self.url = url
        self.tokens = tokens
        self.scenario = scenario
        self.pacer = Pacer(scenario.rate)
        self.queue: asyncio.Queue[Referral | None] = asyncio.Queue()
        self.answered = 0
        self.requests = 0
        self.retries = 0
        self.total = 0
        self.done = asyncio.Event()
        self._progress = asyncio.Condition()

    async def wait_answered(self, count: float) -> None:
        async with self._progress:
            await self._progress.wait_for(lambda: self.answered >= count)

    async def send_all(self, referrals: list[Referral]) -> None:
        self.total = len(every(referrals))
        for referral in referrals:
            self.queue.put_nowait(referral)
        limits = httpx.Limits(max_connections=self.scenario.clients * 2)
        async with httpx.AsyncClient(base_url=self.url, timeout=15, limits=limits) as http:
            clients = [
                asyncio.create_task(self._client(http)) for _ in range(self.scenario.clients)
            ]
            await self.done.wait()
            for _ in clients:
                self.queue.put_nowait(None)
            await asyncio.gather(*clients)

    async def _client(self, http: httpx.AsyncClient) -> None:
        while (referral := await self.queue.get()) is not None:
            await self.pacer.wait()
            if referral.doubled:
                await asyncio.gather(self._post(http, referral), self._post(http, referral))
            else:
                await self._post(http, referral)
            if referral.resent:
                await self._post(http, referral)
            for repeat in referral.repeats:
                self.queue.put_nowait(repeat)
            async with self._progress:
                self.answered += 1
                self._progress.notify_all()
            if self.answered == self.total:
                self.done.set()

    async def _post(self, http: httpx.AsyncClient, referral: Referral) -> None:
        headers = {
            "Authorization": f"Bearer {self.tokens[referral.agency]}",
            "Idempotency-Key": referral.idempotency_key,
        }
        delay = 0.05
        while True:
            referral.attempts += 1
            self.requests += 1
            response: httpx.Response | None
            try:
                response = await http.post("/v1/referrals", json=referral.body, headers=headers)
            except httpx.HTTPError:
                response = None
            if response is not None and response.status_code == 201:
                answer = response.json()
                referral.answers.append(answer["id"])
                referral.answer = referral.answer or answer
                return
            if response is not None and not _retryable(response):
                referral.refused.append(f"{response.status_code} {response.text[:300]}")
                return
            self.retries += 1
            await asyncio.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 2.0)


# ---- killing -------------------------------------------------------------------------


async def _chaos(
    kills: tuple[Kill, ...],
    *,
    sender: Sender,
    broker: DurableBroker,
    platform: Platform,
    started: float,
) -> list[KillRecord]:
    records = []
    replicas = {replica.name: replica for replica in platform.processes}
    for kill in kills:
        await sender.wait_answered(kill.at * sender.total)
        killed_at = time.monotonic()
        answered = sender.answered
        if kill.target == "broker":
            broker.kill()
            await asyncio.sleep(DOWN_SECONDS)
            await asyncio.to_thread(broker.start)
        else:
            replica = replicas[kill.target]
            replica.kill()
            await asyncio.sleep(DOWN_SECONDS)
            replica.start()
            await asyncio.to_thread(replica.wait_ready)
        records.append(
            KillRecord(
                target=kill.target,
                at_seconds=killed_at - started,
                answered=answered,
                back_after=time.monotonic() - killed_at,
            )
        )
    return records


# ---- counting ------------------------------------------------------------------------


def count(service: str, what: str, expected: set[str], stored: list[str]) -> ServiceCount:
    seen = Counter(stored)
    extra = sum(n - 1 for n in seen.values()) + len(seen.keys() - expected)
    return ServiceCount(
        service=service,
        what=what,
        expected=len(expected),
        stored=len(stored),
        lost=len(expected - seen.keys()),
        duplicated=extra,
    )


async def _column(url: str, sql: str) -> list[Any]:
    engine = create_async_engine(url, pool_size=1)
    try:
        async with engine.connect() as conn:
            return list((await conn.execute(text(sql))).scalars())
    finally:
        await engine.dispose()


def published_mismatch(what: str, shown: object, true: int) -> str | None:
    """A figure agrees with the true count: the number itself, or "suppressed" (reporting
    hides a figure that would cut through a block of records, whatever its count, even 0)."""
    if shown == true or shown == "suppressed":
        return None
    return f"{what}: shown {shown!r}, true {true}"


async def _figures(reporting_url: str, token: str, referrals: list[Referral]) -> list[str]:
    """reporting's referral figures of each calendar year the referrals were received in
    (a published period: arbitrary date ranges are not), against the truth."""
    mismatches: list[str] = []
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=reporting_url, timeout=30) as http:
        for year in sorted({r.received_on.year for r in referrals if r.received_on}):
            truth = Truth.of([r for r in referrals if r.received_on and r.received_on.year == year])
            for dimension in DIMENSIONS:
                response = await http.get(
                    "/v1/stats/referrals",
                    params={"year": year, "group_by": dimension},
                    headers=headers,
                )
                if response.status_code != 200:
                    mismatches.append(f"{year} by {dimension}: HTTP {response.status_code}")
                    continue
                body = response.json()
                total = len(truth.referrals)
                if problem := published_mismatch(f"{year} referrals", body["referrals"], total):
                    mismatches.append(problem)
                groups = {key: group["count"] for key, group in body["groups"].items()}
                for key in sorted(set(groups) | set(truth.by[dimension])):
                    true = truth.by[dimension][key]
                    shown = groups.get(key, 0)
                    if problem := published_mismatch(f"{year} {dimension}={key}", shown, true):
                        mismatches.append(problem)
    return mismatches


async def observe(
    platform: Platform,
    referrals: list[Referral],
    *,
    report_token: str,
) -> Observation:
    truth = Truth.of(referrals)
    db = platform.databases
    hub = await _column(db["referral-hub"], "SELECT id::text FROM referral")
    hub_routes = await _column(
        db["referral-hub"],
        "SELECT referral_id::text || '/' || coalesce(service, provider) FROM route",
    )
    marac_cases = await _column(
        db["marac"], "SELECT referral_id::text FROM marac_case WHERE source = 'referral-hub'"
    )
    case_ids = set(await _column(db["marac"], "SELECT id::text FROM marac_case"))
    slot = (await _column(db["reporting"], "SELECT live_slot FROM read_model_state"))[0]
    rm_referrals = await _column(
        db["reporting"], f"SELECT referral_id::text FROM rm_referral_{slot}"
    )
    rm_marac_referrals = await _column(
        db["reporting"], f"SELECT referral_id::text FROM rm_marac_referral_{slot}"
    )
    rm_routes = await _column(
        db["reporting"],
        f"SELECT referral_id::text || '/' || service FROM rm_route_{slot}",
    )
    rm_cases = await _column(db["reporting"], f"SELECT case_id::text FROM rm_marac_case_{slot}")
    # Two 201 answers with different ids for one referral: a duplicate made by a retry.
    split_answers = sum(len(set(r.answers)) - 1 for r in referrals)
    hub_count = count("referral-hub", "referrals", truth.referrals, hub)
    hub_count.duplicated += split_answers
    counts = [
        hub_count,
        count("referral-hub", "routes", truth.routes, hub_routes),
        count("marac", "MARAC cases", truth.marac, marac_cases),
        count("reporting", "referrals (read model)", truth.referrals, rm_referrals),
        count("reporting", "routes (read model)", truth.routes, rm_routes),
        count("reporting", "MARAC referrals (read model)", truth.marac, rm_marac_referrals),
        count("reporting", "MARAC cases (read model, from marac's events)", case_ids, rm_cases),
    ]
    mismatches = _classification(referrals)
    mismatches += await _figures(platform.url("reporting"), report_token, referrals)
    pending = {}
    for service in ("referral-hub", "marac"):
        pending[service] = (
            await _column(db[service], "SELECT count(*) FROM outbox WHERE published_at IS NULL")
        )[0]
    return Observation(counts=counts, mismatches=mismatches, pending=pending)


def _classification(referrals: list[Referral]) -> list[str]:
    """referral-hub's answers against the rules the harness states (`referral_mix`)."""
    wrong = []
    for referral in referrals:
        answer = referral.answer
        if answer is None:
            continue
        services = sorted(r["service"] or r["provider"] for r in answer["routes"])
        got = (answer["risk"]["level"], answer["marac_referral"], services)
        want = (referral.shape.level, referral.marac, sorted(referral.services))
        if got != want:
            wrong.append(f"referral {referral.index} ({referral.shape.name}): {got} != {want}")
    return wrong[:20]


async def _dead_letters(bootstrap: str) -> dict[str, int]:
    return {
        f"{topic}.dlq": len(await read_topic(bootstrap, f"{topic}.dlq", timeout=10))
        for topic in TOPICS
    }


async def _create_topics(bootstrap: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        names = [*TOPICS, *(f"{t}.dlq" for t in TOPICS)]
        await admin.create_topics(
            [NewTopic(name=n, num_partitions=PARTITIONS, replication_factor=1) for n in names]
        )
    finally:
        await admin.close()


# ---- the run -------------------------------------------------------------------------


def _tokens(private_key: Path, referrals: list[Referral]) -> dict[str, str]:
    pem = private_key.read_bytes()
    agencies = {r.agency for r in referrals}
    return {
        agency: mint_token(pem, agency=agency, scopes=["referrals:write"], ttl=4 * 3600)
        for agency in agencies
    }


async def run(scenario: Scenario, work_dir: Path) -> Result:
    """Start everything, post with kills, wait for it to settle, count. Logs stay in
    `work_dir`."""
    private_key, public_key = await asyncio.to_thread(generate_key_pair, work_dir / "keys")
    report_token = mint_token(
        private_key.read_bytes(), agency="pfcc", scopes=["reports:read"], ttl=4 * 3600
    )
    referrals = make_referrals(
        scenario.referrals, seed=scenario.seed, double_share=scenario.double_share
    )
    broker = DurableBroker(log_dir=work_dir).start()
    platform = Platform(
        bootstrap_servers=broker.bootstrap_servers,
        public_key_file=public_key,
        log_dir=work_dir / "logs",
        replicas={"marac": 2, "reporting": 2},
        env={
            "OUTBOX_POLL_INTERVAL_SECONDS": "0.2",
            "DATABASE_POOL_SIZE": "4",
            "LOG_LEVEL": "WARNING",
        },
        service_env={
            "referral-hub": {"PERSON_KEY_SECRET": "chaos-person-key"},
            "reporting": {"DASHBOARD_SECRET": "chaos-dashboard-secret-0123456789"},
        },
    )
    try:
        await _create_topics(broker.bootstrap_servers)
        await platform.create_databases("csp_chaos")
        await asyncio.to_thread(platform.start)
        sender = Sender(
            url=platform.url("referral-hub"),
            tokens=_tokens(private_key, referrals),
            scenario=scenario,
        )
        started = time.monotonic()
        chaos = asyncio.create_task(
            _chaos(
                scenario.kills,
                sender=sender,
                broker=broker,
                platform=platform,
                started=started,
            )
        )
        await sender.send_all(referrals)
        post_seconds = time.monotonic() - started
        kills = await chaos
        everything = every(referrals)
        settling = time.monotonic()
        deadline = settling + scenario.settle_timeout
        settle_seconds = None
        while True:
            observation = await observe(platform, everything, report_token=report_token)
            if observation.settled:
                settle_seconds = time.monotonic() - settling
                break
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(1.0)
        return Result(
            scenario=scenario,
            referrals=everything,
            requests=sender.requests,
            retries=sender.retries,
            kills=kills,
            observation=observation,
            dead_letters=await _dead_letters(broker.bootstrap_servers),
            post_seconds=post_seconds,
            settle_seconds=settle_seconds,
        )
    finally:
        await asyncio.to_thread(platform.stop)
        await platform.drop_databases()
        broker.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--referrals", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=80.0, help="referrals per second")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--report", type=Path, help="write the figures into this Markdown file")
    parser.add_argument("--work-dir", type=Path, help="logs (default: a temporary directory)")
    args = parser.parse_args()
    scenario = Scenario(referrals=args.referrals, rate=args.rate, clients=args.clients)
    work_dir = args.work_dir or Path(tempfile.mkdtemp(prefix="csp-chaos-"))
    result = asyncio.run(run(scenario, work_dir))
    print(result.markdown())
    for problem in result.refused[:10] + result.observation.mismatches[:10]:
        print("  ", problem)
    print(f"logs: {work_dir}")
    if args.report:
        write_section(args.report, "chaos", result.markdown(), header=RELIABILITY_HEADER)
        print(f"wrote {args.report}")
    return 0 if result.clean else 1


if __name__ == "__main__":
    sys.exit(main())
