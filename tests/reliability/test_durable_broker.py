"""The broker the chaos harness kills: messages acknowledged before a `kill -9` are all
there after the restart, and the broker takes new ones."""

from pathlib import Path

from aiokafka import AIOKafkaProducer

from csp_devtools.testing.durable_broker import DurableBroker
from csp_devtools.testing.kafka import read_topic


async def _produce(bootstrap: str, topic: str, values: list[bytes]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        sent = [await producer.send(topic, value=v, key=v[-3:]) for v in values]
        for delivery in sent:
            await delivery
    finally:
        await producer.stop()


async def test_acknowledged_messages_survive_sigkill_of_the_broker(tmp_path: Path) -> None:
    broker = DurableBroker(log_dir=tmp_path).start()
    try:
        before = [f"before-{n:03d}".encode() for n in range(500)]
        await _produce(broker.bootstrap_servers, "durable", before)

        broker.kill()
        broker.start()

        after = [f"after-{n:03d}".encode() for n in range(50)]
        await _produce(broker.bootstrap_servers, "durable", after)
        records = await read_topic(
            broker.bootstrap_servers, "durable", expect=len(before) + len(after), timeout=30
        )
        assert sorted(r.value for r in records) == sorted(before + after)
        assert broker.kills == 1
    finally:
        broker.stop()
