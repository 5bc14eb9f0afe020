"""Applying referral-hub's `RecordsErased`: dropping the links to the people and
referrals it erased. Never commits.

marac's copies of referral-hub's referrals (who referred, who it was sent to) go; its
cases and MATAC records stay for their own retention period, with each erased person's
id replaced by a new one (the same within one erasure, so a case's victim and their
other cases still line up) that leads back to no one.
"""

import uuid
from collections.abc import Mapping, Sequence

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.contracts.retention import RecordsErased
from marac.case.models import case_table
from marac.matac.models import incident_table, nomination_table
from marac.referral.models import referral_table, route_table


def pseudonyms(person_ids: Sequence[str]) -> dict[str, str]:
    return {person_id: str(uuid.uuid4()) for person_id in person_ids}


async def drop_referrals(session: AsyncSession, *, referral_ids: Sequence[str]) -> None:
    if not referral_ids:
        return
    await session.execute(delete(route_table).where(route_table.c.referral_id.in_(referral_ids)))
    await session.execute(delete(referral_table).where(referral_table.c.id.in_(referral_ids)))
    await session.execute(
        update(case_table)
        .where(case_table.c.referral_id.in_(referral_ids))
        .values(referral_id=None)
    )


async def replace_people(session: AsyncSession, *, replacements: Mapping[str, str]) -> None:
    columns = (
        referral_table.c.victim_id,
        referral_table.c.perpetrator_id,
        case_table.c.victim_id,
        case_table.c.perpetrator_id,
        nomination_table.c.subject_id,
        incident_table.c.subject_id,
        incident_table.c.victim_id,
    )
    for erased, replacement in replacements.items():
        for column in columns:
            await session.execute(
                update(column.table).where(column == erased).values({column.name: replacement})
            )


async def apply_erasure(session: AsyncSession, event: RecordsErased) -> None:
    """The consumer's step, in the transaction that records the event as processed."""
    await drop_referrals(session, referral_ids=[str(r) for r in event.referral_ids])
    await replace_people(session, replacements=pseudonyms([str(p) for p in event.person_ids]))
