"""Applying `RecordsErased` (referral-hub erased people and referrals): the consumer's
step, in the transaction that records the event as processed."""

from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.contracts.retention import RecordsErased
from marac.erasure import service


async def apply_erasure(session: AsyncSession, event: RecordsErased) -> None:
    await service.drop_referrals(session, referral_ids=[str(r) for r in event.referral_ids])
    await service.replace_people(
        session, replacements=service.pseudonyms([str(p) for p in event.person_ids])
    )
