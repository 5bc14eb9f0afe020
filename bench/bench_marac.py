"""marac: how fast it applies referral-hub's `marac_referral_made` events.

The same events, on the same Tansu broker and PostgreSQL, are consumed twice: by the
platform's bare `EventConsumer` with a no-op handler (the floor: fetch, parse, dedupe
rows, offsets) and by marac's consumer (cases, repeat rule, listing at meetings, outbox
events). Each rate is measured from the first batch handed to the handler to the last.
"""

import asyncio
import random
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from aiokafka import AIOKafkaProducer

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


class Timed:
    """Wraps a handler: when it first ran, when it had applied `expected` events."""

    def __init__(self, handler, expected: int) -> None:  # type: ignore[no-untyped-def]
        self.handler = handler
        self.expected = expected
        self.applied = 0
        self.started: float | None = None
        self.finished = asyncio.Event()
        self.ended = 0.0

    async def __call__(self, session, events: Sequence[ReceivedEvent]) -> None:  # type: ignore[no-untyped-def]
        if self.started is None:
            self.started = time.perf_counter()
        await self.handler(session, events)
        self.applied += len(events)
        if self.applied >= self.expected:
            self.ended = time.perf_counter()
            self.finished.set()

    @property
    def rate(self) -> float:
        assert self.started is not None
        return self.applied / (self.ended - self.started)


async def _consume(name: str, handler, settings, session_factory, expected: int) -> Timed:  # type: ignore[no-untyped-def]
    timed = Timed(handler, expected)
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
    return timed


async def _noop(session, events) -> None:  # type: ignore[no-untyped-def]
    return None


async def run() -> Section:
    import tempfile
    from pathlib import Path

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
    return Section(
        measures=[measure],
        text=(
            "## marac: applying referral events\n\n"
            f"{EVENTS:,} `csp.referral.marac_referral_made.v1` events on one Tansu broker, consumed "
            "from offset zero into PostgreSQL, batches of up to 5,000 (the next gathered while one is applied). The bare consumer's handler "
            "does nothing (fetch, CloudEvents parse, dedupe rows, offset commit); marac's makes "
            "the case (Core multi-row insert), decides the repeat from the pair's history, lists it at "
            "its area's next meeting with room (creating meetings as needed) and writes two outbox "
            "events per case.\n\n"
            "| consumer | events/s | relative |\n|---|---:|---:|\n"
            f"| bare `EventConsumer` (no-op handler) | {bare.rate:,.0f} | 1.00 |\n"
            f"| marac referral consumer | {marac.rate:,.0f} | {marac.rate / bare.rate:.2f} |\n\n"
            f"marac made {cases:,} cases ({repeats:,} repeats) and {meetings:,} meetings.\n"
        ),
    )
