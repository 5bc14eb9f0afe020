"""reporting: how fast the read models are rebuilt from offset zero, beside a bare
aiokafka consumer reading the same topics, and how long a new event takes to change a
figure in the API.

Everything runs here, in one process: a Tansu broker, a PostgreSQL database, the
reporting service (with its consumer) under uvicorn and, when it is installed,
referral-hub, whose `POST /v1/referrals` starts the latency measurement.
"""

import asyncio
import contextlib
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from bench.summary import Measure, Section
from csp_common.contracts.marac import AttendanceRecorded, CaseHeard, CaseListed
from csp_common.contracts.referrals import (
    HateIncidentReported,
    MaracReferralMade,
    ProviderStatusChanged,
    ReferralReceived,
    ReferralRouted,
    RiskAssessed,
)
from csp_common.events import EventPayload, to_kafka
from csp_common.events.envelope import encode_payload
from csp_devtools.keys import generate_key_pair, mint_token
from csp_devtools.testing.infra import Broker, UvicornServer, create_database, drop_database

EVENTS = int(os.environ.get("BENCH_REPORTING_EVENTS", "500000"))
PARTITIONS = 6
WORKERS = max(2, min(4, os.cpu_count() or 2))
LATENCY_RATE = 20.0  # requests (or events) a second
LATENCY_SECONDS = 15.0
TOPICS = ("csp.referrals", "csp.marac")
AREAS = (
    "craven",
    "hambleton",
    "harrogate",
    "richmondshire",
    "ryedale",
    "scarborough",
    "selby",
    "york",
)
MARAC_AREAS = (
    "scarborough-ryedale",
    "harrogate-craven",
    "york",
    "hambleton-richmondshire",
    "selby",
)


# ---- the events -------------------------------------------------------------------


def _referral_events(rng: random.Random, day: date) -> Iterator[EventPayload]:
    """One referral's events: received, assessed, maybe routed and fed back, maybe MARAC."""
    referral_id = uuid.uuid4()
    area = rng.choice(AREAS)
    yield ReferralReceived(
        referral_id=referral_id,
        victim_id=uuid.uuid4(),
        area=area,
        referring_agency="north-yorkshire-police",
        referrer_kind="police",
        relationship="ex_partner",
        incident_date=day,
        received_on=day,
        children_in_household=rng.randint(0, 3),
        victim_age_band="25_34",
        victim_gender="female",
        victim_ethnicity="white",
    )
    level = rng.choice(("standard", "medium", "high"))
    yield RiskAssessed(
        referral_id=referral_id,
        area=area,
        score={"standard": 4, "medium": 11, "high": 16}[level],
        level=level,
        criteria=["visible_high_risk"] if level == "high" else [],
        marac_referral=level == "high",
        assessed_on=day,
    )
    if rng.random() < 0.6:
        routed_at = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
        route = ReferralRouted(
            referral_id=referral_id,
            route_id=uuid.uuid4(),
            area=area,
            provider="idas",
            service="idas_community_support",
            routed_at=routed_at,
        )
        yield route
        steps = (("sent", "accepted"), ("accepted", "contacted"), ("contacted", "engaged"))
        for n, (previous, status) in enumerate(steps[: rng.randint(0, 3)], start=1):
            yield ProviderStatusChanged(
                referral_id=referral_id,
                route_id=route.route_id,
                area=area,
                provider="idas",
                service="idas_community_support",
                previous_status=previous,
                status=status,
                routed_at=routed_at,
                occurred_at=routed_at + timedelta(days=n),
            )
    if level == "high":
        yield MaracReferralMade(
            referral_id=referral_id,
            victim_id=uuid.uuid4(),
            area=area,
            marac_area=rng.choice(MARAC_AREAS),
            referring_agency="north-yorkshire-police",
            referrer_kind="police",
            criteria=["visible_high_risk"],
            repeat=rng.random() < 0.3,
            score=16,
            level="high",
            children_in_household=1,
            referred_on=day,
            victim_age_band="25_34",
            victim_gender="female",
            victim_ethnicity="white",
        )
        case_id, meeting_id = uuid.uuid4(), uuid.uuid4()
        marac_area = rng.choice(MARAC_AREAS)
        yield CaseListed(
            case_id=case_id, meeting_id=meeting_id, marac_area=marac_area, meeting_date=day
        )
        yield CaseHeard(
            case_id=case_id,
            meeting_id=meeting_id,
            marac_area=marac_area,
            heard_on=day,
            repeat=rng.random() < 0.3,
            referring_agency="north-yorkshire-police",
            referrer_kind="police",
            children_in_household=1,
            victim_age_band="25_34",
            victim_gender="female",
            victim_ethnicity="white",
        )
    if rng.random() < 0.1:
        yield HateIncidentReported(
            report_id=uuid.uuid4(),
            kind="crime",
            strands=["race"],
            occurred_at=datetime(day.year, day.month, day.day, rng.randint(0, 23), tzinfo=UTC),
            area=area,
            victim_police_officer_on_duty=False,
            reporting_channel="police",
        )
    if rng.random() < 0.05:
        yield AttendanceRecorded(
            meeting_id=uuid.uuid4(),
            meeting_kind="marac",
            marac_area=rng.choice(MARAC_AREAS),
            meeting_date=day,
            agency="health",
            status=rng.choice(("present", "absent")),
        )


def _events(count: int) -> Iterator[tuple[str, bytes, bytes, list]]:
    rng = random.Random(2024)
    start = date(2021, 4, 1)
    made = 0
    now = datetime.now(UTC)
    while made < count:
        day = start + timedelta(days=rng.randint(0, 3 * 365))
        for payload in _referral_events(rng, day):
            key = str(
                getattr(payload, "referral_id", None)
                or getattr(payload, "case_id", None)
                or getattr(payload, "report_id", None)
                or getattr(payload, "meeting_id", None)
            )
            value, headers = to_kafka(
                event_id=str(uuid.uuid4()),
                source=payload.topic.source,
                event_type=payload.type,
                time=now,
                key=key,
                data=encode_payload(payload),
            )
            yield payload.topic.name, key.encode(), value, headers
            made += 1
            if made >= count:
                return


async def _ensure_topics(bootstrap: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics(
            [NewTopic(name=t, num_partitions=PARTITIONS, replication_factor=1) for t in TOPICS]
        )
    finally:
        await admin.close()


async def _produce(bootstrap: str, count: int) -> float:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, linger_ms=20, max_batch_size=1024 * 1024, acks=1
    )
    await producer.start()
    started = time.perf_counter()
    try:
        pending = []
        for topic, key, value, headers in _events(count):
            pending.append(await producer.send(topic, value=value, key=key, headers=headers))
            if len(pending) >= 20_000:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    return time.perf_counter() - started


# ---- the bare read ----------------------------------------------------------------


async def _bare_read(bootstrap: str, expected: int) -> tuple[int, float]:
    """A group-less aiokafka consumer reading every record of the topics from zero."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        fetch_max_bytes=32 * 1024 * 1024,
        max_partition_fetch_bytes=16 * 1024 * 1024,
    )
    await consumer.start()
    try:
        await consumer.topics()
        partitions = [
            TopicPartition(t, p) for t in TOPICS for p in consumer.partitions_for_topic(t) or ()
        ]
        consumer.assign(partitions)
        for tp, offset in (await consumer.beginning_offsets(partitions)).items():
            consumer.seek(tp, offset)
        read = 0
        started = time.perf_counter()
        while read < expected:
            batch = await consumer.getmany(timeout_ms=1000, max_records=5000)
            if not batch:
                break
            read += sum(len(records) for records in batch.values())
        return read, time.perf_counter() - started
    finally:
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await consumer.stop()


# ---- the latency ------------------------------------------------------------------


async def _figure(client: httpx.AsyncClient, headers: dict, params: dict) -> int | None:
    response = await client.get("/v1/stats/referrals", params=params, headers=headers)
    value = response.json().get("referrals")
    return value if isinstance(value, int) else None


async def _latency(
    *, reporting: UvicornServer, send, headers: dict, params: dict, baseline: int
) -> list[float]:
    """Send at a steady rate; a poller reads the figure and times each increment."""
    sent_at: list[float] = []
    latencies: list[float] = []
    stop = asyncio.Event()

    async def poll() -> None:
        async with httpx.AsyncClient(base_url=reporting.url, timeout=10) as client:
            seen = baseline
            while not stop.is_set() or seen - baseline < len(sent_at):
                value = await _figure(client, headers, params)
                now = time.perf_counter()
                if value is not None and value > seen:
                    for index in range(seen - baseline, min(value - baseline, len(sent_at))):
                        latencies.append(now - sent_at[index])
                    seen = value
                if stop.is_set() and now - sent_at[-1] > 20:
                    return
                await asyncio.sleep(0.005)

    poller = asyncio.create_task(poll())
    interval = 1.0 / LATENCY_RATE
    started = time.perf_counter()
    for n in range(int(LATENCY_RATE * LATENCY_SECONDS)):
        await asyncio.sleep(max(0.0, started + n * interval - time.perf_counter()))
        sent_at.append(time.perf_counter())
        await send(n)
    stop.set()
    await poller
    return latencies


async def _via_publish(bootstrap: str) -> tuple:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=0)
    await producer.start()
    day = date.today()

    async def send(n: int) -> None:
        payload = ReferralReceived(
            referral_id=uuid.uuid4(),
            victim_id=uuid.uuid4(),
            area="york",
            referring_agency="north-yorkshire-police",
            referrer_kind="police",
            relationship="ex_partner",
            incident_date=day,
            received_on=day,
            children_in_household=0,
            victim_age_band="25_34",
            victim_gender="female",
            victim_ethnicity="white",
        )
        value, headers = to_kafka(
            event_id=str(uuid.uuid4()),
            source=payload.topic.source,
            event_type=payload.type,
            time=datetime.now(UTC),
            key=str(payload.referral_id),
            data=encode_payload(payload),
        )
        await producer.send_and_wait(
            payload.topic.name, value=value, key=str(payload.referral_id).encode(), headers=headers
        )

    return send, producer.stop


@contextlib.asynccontextmanager
async def _referral_hub(bootstrap: str, public_key: Path):  # type: ignore[no-untyped-def]
    """referral-hub on its own database, if it is installed and starts."""
    try:
        from referral_hub.app import create_app
        from referral_hub.referral.schemas import REFERRAL_EXAMPLE
        from referral_hub.settings import ReferralHubSettings
    except ImportError:
        yield None
        return
    url = await create_database("bench_referral_hub")
    try:
        settings = ReferralHubSettings(
            database_url=url,
            kafka_bootstrap_servers=bootstrap,
            auth_public_key_file=public_key,
            outbox_poll_interval_seconds=0.05,
            log_level="WARNING",
        )
        server = await UvicornServer(create_app(settings)).start()
        try:
            yield server, REFERRAL_EXAMPLE
        finally:
            await server.stop()
    finally:
        await drop_database(url)


async def _via_post(hub: UvicornServer, example: dict, token: str) -> tuple:
    client = httpx.AsyncClient(base_url=hub.url, timeout=10)
    day = date.today()

    async def send(n: int) -> None:
        body = {
            **example,
            "area": "york",
            "incident_date": (day - timedelta(days=1)).isoformat(),
            "victim": {
                **example["victim"],
                "given_name": f"Bench{n}",
                "family_name": "Latency",
                "date_of_birth": f"19{60 + n % 39}-0{1 + n % 9}-1{n % 9}",
            },
            "perpetrator": {**example["perpetrator"], "given_name": f"P{n}"},
        }
        response = await client.post(
            "/v1/referrals",
            json=body,
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())},
        )
        response.raise_for_status()

    return send, client.aclose


# ---- the run ----------------------------------------------------------------------


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run() -> Section:
    from csp_common.db import create_engine, create_session_factory
    from csp_common.migrations import upgrade
    from reporting.app import MIGRATIONS, create_app
    from reporting.rebuild import flows
    from reporting.settings import ReportingSettings

    broker = Broker().start()
    database = await create_database("bench_reporting")
    keys = generate_key_pair(Path(tempfile.mkdtemp(prefix="bench-keys-")))
    token = mint_token(keys[0].read_bytes(), agency="pfcc", scopes="reports:read referrals:write")
    headers = {"Authorization": f"Bearer {token}"}
    try:
        bootstrap = broker.bootstrap_servers
        await _ensure_topics(bootstrap)
        settings = ReportingSettings(
            database_url=database,
            kafka_bootstrap_servers=bootstrap,
            auth_public_key_file=keys[1],
            log_level="WARNING",
            dashboard_secret="bench-only-secret-0123456789",
        )

        # 1. Latency, with the service and its consumer running.
        app = create_app(settings)
        reporting = await UvicornServer(app).start()
        source = "publish"
        try:
            await asyncio.wait_for(app.state.consumers[0].assigned.wait(), timeout=60)
            # The current financial year (figures are published for whole periods only).
            params: dict[str, str] = {}
            async with _referral_hub(bootstrap, keys[1]) as hub:
                if hub is not None:
                    source = "POST /v1/referrals (referral-hub)"
                    send, close = await _via_post(hub[0], hub[1], token)
                else:
                    send, close = await _via_publish(bootstrap)
                try:
                    for n in range(6):  # above the suppression threshold first
                        await send(10_000 + n)
                    async with httpx.AsyncClient(base_url=reporting.url) as client:
                        deadline = time.perf_counter() + 30
                        while (await _figure(client, headers, params) or 0) < 6:
                            if time.perf_counter() > deadline:
                                raise RuntimeError("the first referrals never reached the figures")
                            await asyncio.sleep(0.1)
                        baseline = await _figure(client, headers, params) or 0
                    latencies = await _latency(
                        reporting=reporting,
                        send=send,
                        headers=headers,
                        params=params,
                        baseline=baseline,
                    )
                finally:
                    await close()
        finally:
            await reporting.stop()

        # 2. Load the topics, read them bare, rebuild from them.
        produce_seconds = await _produce(bootstrap, EVENTS)
        on_topics = EVENTS + len(latencies) + 6
        bare_read, bare_seconds = await _bare_read(bootstrap, EVENTS)
        bare_read2, bare_seconds2 = await _bare_read(bootstrap, EVENTS)
        bare_rate = max(bare_read / bare_seconds, bare_read2 / bare_seconds2)

        engine = create_engine(settings)
        try:
            await upgrade(engine, MIGRATIONS)
            factory = create_session_factory(engine)
            job = await flows.start_rebuild(factory)
            result = await flows.run_rebuild(job=job, session_factory=factory, settings=settings)
            job = await flows.start_rebuild(factory)
            parallel = await flows.run_rebuild(
                job=job,
                session_factory=factory,
                settings=settings.model_copy(update={"rebuild_workers": WORKERS}),
            )
        finally:
            await engine.dispose()
    finally:
        await drop_database(database)
        broker.stop()

    rebuild_rate = result.events_per_second
    parallel_rate = parallel.events_per_second
    lines = [
        "## reporting",
        "",
        f"Rebuild of every read model from offset zero: {result.events_read:,} events on "
        f"`csp.referrals` and `csp.marac` ({PARTITIONS} partitions each; a realistic mix: "
        "received, assessed, routed, provider feedback, MARAC referral, listed, heard, hate "
        "incidents, attendance), into the spare slot of a PostgreSQL database, then the swap.",
        "",
        "| | events | seconds | events/s |",
        "|---|---:|---:|---:|",
        f"| bare aiokafka consumer (no parsing), best of 2 | {bare_read:,} | "
        f"{min(bare_seconds, bare_seconds2):.2f} | {bare_rate:,.0f} |",
        f"| rebuild in the service's process (parse, validate, project, upsert, swap) | "
        f"{result.events_read:,} | {result.seconds:.2f} | {rebuild_rate:,.0f} |",
        f"| rebuild over {WORKERS} processes (`REPORTING_REBUILD_WORKERS={WORKERS}`) | "
        f"{parallel.events_read:,} | {parallel.seconds:.2f} | {parallel_rate:,.0f} |",
        "",
        f"Rebuild at **{100 * rebuild_rate / bare_rate:.0f}%** of the bare read rate in one "
        f"process, **{100 * parallel_rate / bare_rate:.0f}%** over {WORKERS} (aim: 30% in one process; "
        f"{os.cpu_count()} cores here, shared with the broker and PostgreSQL; the worker "
        "processes take a few seconds to start). "
        f"{result.events_skipped:,} events were of types reporting builds nothing from "
        f"(read, not parsed); {result.facts_written:,} facts written. Loading the topics took "
        f"{produce_seconds:.1f}s ({on_topics:,} events).",
        "",
        f"Latency from {source} to the figure changing in `GET /v1/stats/referrals`, at "
        f"{LATENCY_RATE:.0f} a second for {LATENCY_SECONDS:.0f}s ({len(latencies)} samples; "
        "a poller reads the figure every few milliseconds):",
        "",
        "| p50 | p90 | p99 | max |",
        "|---:|---:|---:|---:|",
        f"| {1000 * statistics.median(latencies):.0f} ms | {1000 * _pct(latencies, 0.9):.0f} ms "
        f"| {1000 * _pct(latencies, 0.99):.0f} ms | {1000 * max(latencies):.0f} ms |",
        "",
        "The path: referral-hub's transaction with its outbox rows, its relay (woken by "
        "NOTIFY) publishing to the broker, reporting's consumer (a `getmany` of up to 200 ms "
        "when idle) applying the batch, and the next poll of the figure.",
    ]
    measures = [
        Measure(
            name="reporting rebuild, one process / bare read",
            figure=f"{rebuild_rate:,.0f} events/s",
            baseline=f"{bare_rate:,.0f} events/s",
            ratio=f"**{rebuild_rate / bare_rate:.0%}**",
            aim="≥ 30%",
        ),
        Measure(
            name=f"POST → figure latency, p99 at {LATENCY_RATE:.0f} req/s",
            figure=f"{1000 * _pct(latencies, 0.99):.0f} ms",
            baseline=f"p50 {1000 * statistics.median(latencies):.0f} ms",
            ratio="",
            aim="p99 < 250 ms at 200 req/s",
        ),
    ]
    return Section(text="\n".join(lines) + "\n", measures=measures)


if __name__ == "__main__":
    print(asyncio.run(run()))
