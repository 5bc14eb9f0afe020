"""Applying referral-hub's `RecordsErased`: not a fact of its own (no figure counts it),
but an anonymisation of the facts already written. The live consumer applies it after
the facts of its batch; a rebuild after every partition is read, since the erasure
(keyed by the person) and the referral's events (keyed by the referral) may sit in
different partitions."""

import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.contracts.retention import RecordsErased
from csp_common.events import ReceivedEvent
from reporting.erasure.service import anonymise_referrals
from reporting.projection import ignore
from reporting.read_models import Slot

ignore(RecordsErased)


def erased_referrals(events: Iterable[ReceivedEvent]) -> list[uuid.UUID]:
    return [
        referral_id
        for event in events
        if isinstance(event.payload, RecordsErased)
        for referral_id in event.payload.referral_ids
    ]


async def apply_erasures(
    session: AsyncSession, *, referral_ids: Sequence[uuid.UUID], slots: Sequence[Slot]
) -> int:
    if not referral_ids:
        return 0
    return await anonymise_referrals(session, referral_ids=referral_ids, slots=slots)
