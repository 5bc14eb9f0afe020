"""Reading topics in tests."""

import asyncio
import uuid

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import ConsumerRecord

from csp_common.consumer import stop_quietly


async def read_topic(
    bootstrap_servers: str, topic: str, *, expect: int | None = None, timeout: float = 10.0
) -> list[ConsumerRecord]:
    """Every record of `topic` from offset zero (all partitions), without a consumer group.

    With `expect`, waits until at least that many records are there.
    """
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        client_id=f"test-reader-{uuid.uuid4().hex[:6]}",
    )
    await consumer.start()
    try:
        deadline = asyncio.get_running_loop().time() + timeout
        partitions: set[int] | None = None
        while partitions is None:
            await consumer.topics()
            partitions = consumer.partitions_for_topic(topic)
            if partitions is None:
                if asyncio.get_running_loop().time() > deadline:
                    return []
                await asyncio.sleep(0.1)
        assigned = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(assigned)
        for partition in assigned:  # an explicit offset: seek_to_beginning can race the fetcher
            consumer.seek(partition, 0)
        records: list[ConsumerRecord] = []
        while asyncio.get_running_loop().time() < deadline:
            batch = await consumer.getmany(timeout_ms=200)
            for items in batch.values():
                records.extend(items)
            if not batch:
                end = await consumer.end_offsets(assigned)
                positions = {tp: await consumer.position(tp) for tp in assigned}
                caught_up = all(positions[tp] >= end[tp] for tp in assigned)
                if caught_up and (expect is None or len(records) >= expect):
                    break
        return records
    finally:
        await stop_quietly(consumer)
