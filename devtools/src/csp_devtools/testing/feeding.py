"""Events on a real broker for a consumer under test: publish them as CloudEvents (the
envelope services write through the outbox) and wait until a consumer has applied them."""

import asyncio
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from csp_common import clock
from csp_common.events import EventPayload, ReceivedEvent, to_kafka
from csp_common.events.envelope import encode_payload
from csp_common.tables import processed_event_table
from csp_devtools.testing.infra import eventually

KEY_FIELDS = ("referral_id", "case_id", "report_id", "meeting_id", "nomination_id", "action_id")


@dataclass(frozen=True)
class Sent:
    payload: EventPayload
    event_id: str
    key: str


def key_of(payload: EventPayload) -> str:
    """The partition key a publishing service uses: the payload's record id."""
    for name in KEY_FIELDS:
        value = getattr(payload, name, None)
        if value is not None:
            return str(value)
    return str(uuid.uuid4())


def received(payload: EventPayload, *, event_id: str | None = None) -> ReceivedEvent:
    """`payload` as a consumer's handler gets it off the broker."""
    return ReceivedEvent(
        id=event_id or str(uuid.uuid4()),
        source=payload.topic.source,
        type=payload.type,
        time=clock.now(),
        key=key_of(payload),
        payload=payload,
    )


async def publish(
    producer: AIOKafkaProducer, payload: EventPayload, *, event_id: str | None = None
) -> str:
    """Send one event on its contract's topic; returns its id."""
    event_id = event_id or str(uuid.uuid4())
    key = key_of(payload)
    value, headers = to_kafka(
        event_id=event_id,
        source=payload.topic.source,
        event_type=payload.type,
        time=clock.now(),
        key=key,
        data=encode_payload(payload),
    )
    await producer.send_and_wait(payload.topic.name, value=value, key=key.encode(), headers=headers)
    return event_id


async def ensure_topics(bootstrap_servers: str, names: Iterable[str]) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [n for n in names if n not in existing]
        if missing:
            await admin.create_topics(
                [NewTopic(name=n, num_partitions=3, replication_factor=1) for n in missing]
            )
    finally:
        await admin.close()


class Feeder:
    """Publishes events as CloudEvents and waits until the consumer has applied them."""

    def __init__(self, producer: AIOKafkaProducer, engine: AsyncEngine, consumer: str) -> None:
        self.producer = producer
        self.engine = engine
        self.consumer = consumer

    async def send(
        self,
        payloads: Sequence[EventPayload],
        *,
        event_ids: Sequence[str] | None = None,
        time: datetime | None = None,
    ) -> list[Sent]:
        sent = []
        futures = []
        for index, payload in enumerate(payloads):
            event_id = event_ids[index] if event_ids else str(uuid.uuid4())
            key = key_of(payload)
            value, headers = to_kafka(
                event_id=event_id,
                source=payload.topic.source,
                event_type=payload.type,
                time=time or clock.now(),
                key=key,
                data=encode_payload(payload),
            )
            futures.append(
                await self.producer.send(
                    payload.topic.name, value=value, key=key.encode(), headers=headers
                )
            )
            sent.append(Sent(payload, event_id, key))
        await asyncio.gather(*futures)
        return sent

    async def applied(self, sent: Sequence[Sent]) -> int:
        ids = [s.event_id for s in sent]
        table = processed_event_table
        total = 0
        async with self.engine.connect() as conn:
            for start in range(0, len(ids), 1000):
                total += int(
                    await conn.scalar(
                        select(func.count())
                        .select_from(table)
                        .where(
                            table.c.consumer == self.consumer,
                            table.c.event_id.in_(ids[start : start + 1000]),
                        )
                    )
                    or 0
                )
        return total

    async def feed(self, payloads: Sequence[EventPayload], **kwargs: object) -> list[Sent]:
        """Send and wait until every one is applied."""
        sent = await self.send(payloads, **kwargs)  # type: ignore[arg-type]
        unique = len({s.event_id for s in sent})

        async def done() -> bool:
            return await self.applied(sent) >= unique

        await eventually(done, timeout=30, interval=0.1)
        return sent
