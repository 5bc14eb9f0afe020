"""marac: how fast it applies referral-hub's `marac_referral_made` events.

The same events, on the same Tansu broker and PostgreSQL, are consumed twice: by the
platform's bare `EventConsumer` with a no-op handler (the floor: fetch, parse, dedupe
rows, offsets) and by marac's consumer (cases, repeat rule, listing at meetings, outbox
events). Each rate is measured from the first batch handed to the handler to the last.
"""

import asyncio
import os
import random
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from aiokafka import AIOKafkaProducer
from sqlalchemy import text

from bench.summary import Measure, Section
from csp_common.consumer import ConsumerSpec, EventConsumer
from csp_common.contracts.referrals import REFERRALS, MaracReferralMade
from csp_common.events import ReceivedEvent, to_kafka
from csp_devtools.keys import generate_key_pair
from csp_devtools.testing.infra import Broker, create_database, drop_database

EVENTS = 20_000
HUBS = {
    "scarborough": "scarborough-ryedale",
    "ryedale": "scarborough-ryedale",
    "harrogate": "harrogate-craven",
    "craven": "harrogate-craven",
    "york": "york",
    "hambleton": "hambleton-richmondshire",
    "richmondshire": "hambleton-richmondshire",
    "selby": "selby",
}


def _events(count: int) -> list[MaracReferralMade]:
    rng = random.Random(7)
    pairs: list[tuple[uuid.UUID, uuid.UUID]] = []
    today = date.today()
    events = []
    for _ in range(count):
        if pairs and rng.random() < 0.3:
            victim, perpetrator = rng.choice(pairs)
        else:
            victim, perpetrator = uuid.uuid4(), uuid.uuid4()
            pairs.append((victim, perpetrator))
        hub = rng.choice(list(HUBS))
        events.append(
            MaracReferralMade(
                referral_id=uuid.uuid4(),
                victim_id=victim,
                perpetrator_id=perpetrator,
                area=hub,
                marac_area=HUBS[hub],
                referring_agency="north-yorkshire-police",
                referrer_kind="police",
                criteria=["visible_high_risk"],
                repeat=False,
                score=rng.randint(14, 24),
                level="high",
                children_in_household=rng.randint(0, 3),
                referred_on=today - timedelta(days=rng.randint(0, 300)),
                victim_age_band="25_34",
                victim_gender="female",
                victim_ethnicity="white",
            )
        )
    return events


async def _produce(bootstrap: str, events: list[MaracReferralMade]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5, max_batch_size=512 * 1024)
    await producer.start()
    try:
        deliveries = []
        for event in events:
            key = str(event.referral_id)
            value, headers = to_kafka(
                event_id=str(uuid.uuid4()),
                source=REFERRALS.source,
                event_type=event.type,
                time=datetime.now(UTC),
                key=key,
                data=event.model_dump_json().encode(),
            )
            deliveries.append(
                await producer.send(REFERRALS.name, value=value, key=key.encode(), headers=headers)
            )
        await asyncio.gather(*deliveries)
    finally:
        await producer.stop()


@dataclass
class Cpu:
    """CPU seconds the run took: this process (the consumer) and the database's backends."""

    process_s: float
    postgres_s: float


class Timed:
    """Wraps a handler: when it first ran, when it had applied `expected` events."""

    def __init__(self, handler, expected: int) -> None:  # type: ignore[no-untyped-def]
        self.handler = handler
        self.expected = expected
        self.applied = 0
        self.started: float | None = None
        self.finished = asyncio.Event()
        self.ended = 0.0
        self.cpu = Cpu(0.0, 0.0)
        self.batches = 0

    async def __call__(self, session, events: Sequence[ReceivedEvent]) -> None:  # type: ignore[no-untyped-def]
        if self.started is None:
            self.started = time.perf_counter()
        await self.handler(session, events)
        self.batches += 1
        self.applied += len(events)
        if self.applied >= self.expected:
            self.ended = time.perf_counter()
            self.finished.set()

    @property
    def rate(self) -> float:
        assert self.started is not None
        return self.applied / (self.ended - self.started)


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _backends_cpu_s(session_factory) -> dict[int, float]:  # type: ignore[no-untyped-def]
    """CPU time of each PostgreSQL backend serving the bench's database (its pool's
    connections), not the other work on the machine's."""
    async with session_factory() as session:
        pids = (
            await session.execute(
                text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
            )
        ).scalars()
        found = {}
        for pid in pids:
            try:
                found[pid] = _cpu_s(pid)
            except OSError:  # PostgreSQL on another machine, or the backend just ended
                continue
        return found


async def _consume(name: str, handler, settings, session_factory, expected: int) -> Timed:  # type: ignore[no-untyped-def]
    timed = Timed(handler, expected)
    before = await _backends_cpu_s(session_factory)
    process = time.process_time()
    consumer = EventConsumer(
        spec=ConsumerSpec(name=name, topics=(REFERRALS,), handler=timed),
        settings=settings,
        session_factory=session_factory,
    )
    task = asyncio.create_task(consumer.run())
    try:
        await asyncio.wait_for(timed.finished.wait(), timeout=300)
    finally:
        await consumer.stop()
        await asyncio.wait_for(task, timeout=30)
    process = time.process_time() - process
    after = await _backends_cpu_s(session_factory)
    timed.cpu = Cpu(
        process_s=process,
        postgres_s=sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items()),
    )
    return timed


async def _noop(session, events) -> None:  # type: ignore[no-untyped-def]
    return None


async def run() -> Section:
    import tempfile

    from marac.app import create_app
    from marac.case.flows import referral_handler
    from marac.settings import MaracSettings

    broker = Broker().start()
    url = await create_database("csp_bench_marac")
    try:
        with tempfile.TemporaryDirectory() as keys:
            _, public = generate_key_pair(Path(keys))
            settings = MaracSettings(
                database_url=url,
                kafka_bootstrap_servers=broker.bootstrap_servers,
                kafka_enabled=False,  # the app only migrates; the consumers below are measured
                auth_public_key_file=public,
                log_level="WARNING",
            )
            app = create_app(settings)
            async with app.router.lifespan_context(app):
                events = _events(EVENTS)
                await _produce(broker.bootstrap_servers, events)
                factory = app.state.session_factory
                bare = await _consume("bench-bare", _noop, settings, factory, EVENTS)
                marac = await _consume(
                    "bench-marac", referral_handler(settings), settings, factory, EVENTS
                )
                async with factory() as session:
                    from sqlalchemy import func, select

                    from marac.case.models import case_table
                    from marac.meeting.models import meeting_table

                    cases = await session.scalar(select(func.count()).select_from(case_table))
                    repeats = await session.scalar(
                        select(func.count()).select_from(case_table).where(case_table.c.repeat)
                    )
                    meetings = await session.scalar(select(func.count()).select_from(meeting_table))
    finally:
        await drop_database(url)
        broker.stop()
    measure = Measure(
        name="marac referral consumer / bare consumer",
        figure=f"{marac.rate:,.0f} events/s",
        baseline=f"{bare.rate:,.0f} events/s (`EventConsumer`, no-op handler)",
        ratio=f"**{marac.rate / bare.rate:.0%}**",
        aim="≥ 35%",
    )

    def cpu_us(timed: Timed) -> tuple[float, float]:
        return 1e6 * timed.cpu.process_s / timed.applied, 1e6 * timed.cpu.postgres_s / timed.applied

    (bare_py, bare_pg), (marac_py, marac_pg) = cpu_us(bare), cpu_us(marac)
    return Section(
        measures=[measure],
        text=(
            "## marac: applying referral events\n\n"
            f"{EVENTS:,} `csp.referral.marac_referral_made.v1` events on one Tansu broker, "
            "consumed from offset zero into PostgreSQL, batches of up to 5,000 (the next "
            "gathered while one is applied). The bare consumer's handler does nothing (fetch, "
            "CloudEvents parse, dedupe rows, offset commit); marac's makes the case, decides "
            "the repeat from the pair's history, lists it at its area's next meeting with room "
            "(creating meetings as needed) and writes two outbox events per case. A batch is "
            "a few statements whatever its size: the policy and area settings, one query for "
            "the stored cases and the pairs' histories, a lock per area and one query for the "
            "areas' meetings from the earliest listing date on (with their listed counts), "
            "one for the ordinary cases of each full meeting an urgent case pushes on, one "
            "statement for the referrals and new meetings, COPY for the cases and for the "
            "outbox rows, one update of the cases pushed on.\n\n"
            "| consumer | events/s | relative | CPU an event: consumer process | "
            "PostgreSQL backends |\n|---|---:|---:|---:|---:|\n"
            f"| bare `EventConsumer` (no-op handler) | {bare.rate:,.0f} | 1.00 | "
            f"{bare_py:.0f} µs | {bare_pg:.0f} µs |\n"
            f"| marac referral consumer | {marac.rate:,.0f} | {marac.rate / bare.rate:.2f} | "
            f"{marac_py:.0f} µs | {marac_pg:.0f} µs |\n\n"
            f"marac made {cases:,} cases ({repeats:,} repeats) and {meetings:,} meetings in "
            f"{marac.batches} batches. The CPU columns are the consumer's process time and "
            "that of the PostgreSQL backends serving the bench's database, each divided by "
            "the events: they depend much less than the rates on the other work sharing the "
            f"machine ({os.cpu_count()} cores; the load average is in the summary). marac's "
            f"handler adds {marac_py - bare_py:.0f} µs of the consumer's CPU and "
            f"{marac_pg - bare_pg:.0f} µs of PostgreSQL's an event.\n"
        ),
    )
