"""The reviews that name a person among their `person_ids`. Never commits."""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dhr_tracker.record.models import Review
from dhr_tracker.record.service import moves_of

review_table = Review.__table__  # type: ignore[attr-defined]


async def reviews_naming(session: AsyncSession, *, person_id: uuid.UUID) -> Sequence[Any]:
    """Reviews are few (a partnership holds a handful a year), so their `person_ids`
    (a JSON list) are read and matched here rather than by each dialect's JSON operators."""
    wanted = str(person_id)
    rows = await session.execute(select(review_table).order_by(review_table.c.notified_on))
    return [row for row in rows if wanted in (str(p) for p in row.person_ids)]


async def moves_by_review(
    session: AsyncSession, *, review_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Any]]:
    return await moves_of(session, review_ids=review_ids) if review_ids else {}
