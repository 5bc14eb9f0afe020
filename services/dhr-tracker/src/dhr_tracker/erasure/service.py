"""Dropping the links to people referral-hub erased. Never commits.

A review names the person index's ids of the people whose history its chronology asks
for; an erased person's id goes from every review (what the review itself records of
the victim is the review's, kept for the review's own retention period)."""

from collections.abc import Collection

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dhr_tracker.record.models import review_table


async def forget_people(session: AsyncSession, *, person_ids: Collection[str]) -> int:
    """How many reviews named one of them. Reviews are few, so they are read in full."""
    erased = set(person_ids)
    rows = (await session.execute(select(review_table.c.id, review_table.c.person_ids))).all()
    changed = 0
    for row in rows:
        kept = [p for p in row.person_ids if p not in erased]
        if len(kept) != len(row.person_ids):
            await session.execute(
                update(review_table).where(review_table.c.id == row.id).values(person_ids=kept)
            )
            changed += 1
    return changed


async def reviews_naming(
    session: AsyncSession, *, person_id: str, finished: Collection[str]
) -> int:
    """How many reviews not yet finished name the person."""
    rows = await session.execute(select(review_table.c.stage, review_table.c.person_ids))
    return sum(1 for row in rows if row.stage not in finished and person_id in row.person_ids)
