"""The referral consumer over a real broker: idempotent, and every case gets its events."""

import asyncio
import uuid

from sqlalchemy import func, select

from csp_devtools.kits.marac import publish, referral_event
from csp_devtools.testing.infra import Broker, eventually
from csp_devtools.testing.kafka import read_topic
from marac.case.models import case_table


async def _cases(app, referral_id) -> int:  # type: ignore[no-untyped-def]
    async with app.state.session_factory() as session:
        return int(
            await session.scalar(
                select(func.count())
                .select_from(case_table)
                .where(case_table.c.referral_id == str(referral_id))
            )
            or 0
        )


async def test_the_same_referral_event_twice_makes_one_case(marac_app, marac_producer) -> None:  # type: ignore[no-untyped-def]
    event = referral_event()
    event_id = await publish(marac_producer, event)
    await eventually(lambda: _cases(marac_app, event.referral_id), timeout=20)
    await publish(marac_producer, event, event_id=event_id)  # redelivery
    await publish(marac_producer, event)  # the same referral under a new event id
    marker = referral_event()
    await publish(marac_producer, marker)
    await eventually(lambda: _cases(marac_app, marker.referral_id), timeout=20)
    assert await _cases(marac_app, event.referral_id) == 1


async def test_a_case_publishes_referred_and_listed_without_personal_data(
    marac_app, marac_producer, broker: Broker
) -> None:  # type: ignore[no-untyped-def]
    event = referral_event()
    await publish(marac_producer, event)
    await eventually(lambda: _cases(marac_app, event.referral_id), timeout=20)

    async def published() -> list:  # type: ignore[type-arg]
        records = await read_topic(broker.bootstrap_servers, "csp.marac", timeout=3)
        return [
            r
            for r in records
            if str(event.referral_id).encode() in r.value or _case_key(r, marac_app, event)
        ]

    async with marac_app.state.session_factory() as session:
        case_id = await session.scalar(
            select(case_table.c.id).where(case_table.c.referral_id == str(event.referral_id))
        )

    async def mine() -> list:  # type: ignore[type-arg]
        records = await read_topic(broker.bootstrap_servers, "csp.marac", timeout=3)
        return [r for r in records if r.key == case_id.encode()]

    records = await eventually(lambda: _at_least(mine, 2), timeout=20)
    types = sorted(dict(r.headers)["ce_type"].decode() for r in records)
    assert types == ["csp.marac.case_listed.v1", "csp.marac.case_referred.v1"]
    assert all(str(event.victim_id).encode() not in r.value for r in records)


def _case_key(record, app, event) -> bool:  # type: ignore[no-untyped-def]
    return False


async def _at_least(reader, n):  # type: ignore[no-untyped-def]
    records = await reader()
    return records if len(records) >= n else None


async def test_an_unknown_area_goes_to_the_dead_letter_topic(
    marac_app, marac_producer, broker: Broker
) -> None:  # type: ignore[no-untyped-def]
    bad = referral_event(marac_area="atlantis", area="atlantis")
    good = referral_event()
    await publish(marac_producer, bad)
    await publish(marac_producer, good)
    await eventually(lambda: _cases(marac_app, good.referral_id), timeout=20)
    assert await _cases(marac_app, bad.referral_id) == 0

    async def dead() -> bool:
        records = await read_topic(broker.bootstrap_servers, "csp.referrals.dlq", timeout=3)
        return any(str(bad.referral_id).encode() in r.value for r in records)

    assert await eventually(dead, timeout=20)
    await asyncio.sleep(0)
    _ = uuid
