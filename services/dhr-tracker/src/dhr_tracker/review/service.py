"""Queries on reviews (keyword-only; they never commit)."""

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.auth import Caller
from csp_common.upsert import upsert
from dhr_tracker.access import visible_reviews
from dhr_tracker.review.models import counter_table, review_table


async def next_reference(session: AsyncSession, *, year: int, prefix: str) -> tuple[int, str]:
    """The next number of `year` (the counter row stays locked until the commit, so two
    notifications never get the same one)."""
    statement = upsert(
        session, counter_table, key=["year"], values={"last": counter_table.c.last + 1}
    ).values(year=year, last=1)
    number = (await session.execute(statement.returning(counter_table.c.last))).scalar_one()
    return number, f"{prefix}-{year}-{number:02d}"


async def find_review(
    session: AsyncSession, *, review_id: uuid.UUID, caller: Caller, for_update: bool = False
) -> Any | None:
    """The review if `caller` may read it (locked for the transaction with `for_update`)."""
    statement = select(review_table).where(review_table.c.id == review_id, visible_reviews(caller))
    if for_update:
        statement = statement.with_for_update(of=review_table)
    return (await session.execute(statement)).first()


def list_statement(
    caller: Caller,
    *,
    today: date,
    stage: str | None,
    area: str | None,
    circumstances: str | None,
    overdue: bool | None,
) -> Select[Any]:
    statement = select(review_table).where(visible_reviews(caller))
    if stage is not None:
        statement = statement.where(review_table.c.stage == stage)
    if area is not None:
        statement = statement.where(review_table.c.area == area)
    if circumstances is not None:
        statement = statement.where(review_table.c.circumstances == circumstances)
    if overdue is True:
        statement = statement.where(review_table.c.overdue_from <= today)
    elif overdue is False:
        statement = statement.where(
            or_(review_table.c.overdue_from.is_(None), review_table.c.overdue_from > today)
        )
    return statement


def due_for_check(today: date) -> Select[Any]:
    """Reviews whose clocks may have been missed without a notice yet."""
    return select(review_table.c.id).where(
        and_(review_table.c.check_from.isnot(None), review_table.c.check_from <= today)
    )
