"""Applying referral-hub's `RecordsErased`: the consumer's handler. Every other referral
event is ignored (dhr-tracker asks referral-hub for a history over HTTP)."""

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.contracts.retention import RecordsErased
from csp_common.events import ReceivedEvent
from dhr_tracker.erasure.service import forget_people


async def apply_erasures(session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
    for event in events:
        if isinstance(event.payload, RecordsErased):
            await forget_people(session, person_ids=[str(p) for p in event.payload.person_ids])
