"""Queries on reviews' records (keyword-only; they never commit): the reviews a caller
may see, a review's moves, pauses and the clocks already reported missed."""

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.auth import Caller
from csp_common.upsert import upsert
from dhr_tracker.access import MANAGE, READ
from dhr_tracker.record.models import (
    counter_table,
    move_table,
    notice_table,
    panel_table,
    pause_table,
    review_table,
)


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


def visible_reviews(caller: Caller) -> ColumnElement[bool]:
    """The reviews `caller` may read, as a condition on the review table."""
    conditions: list[ColumnElement[bool]] = []
    if caller.has(MANAGE):
        conditions.append(
            review_table.c.area == caller.area
            if caller.area is not None
            else review_table.c.id.isnot(None)
        )
    if caller.has(READ):
        conditions.append(
            exists(
                select(panel_table.c.id).where(
                    panel_table.c.review_id == review_table.c.id,
                    panel_table.c.agency == caller.agency,
                )
            )
        )
    return or_(*conditions) if conditions else false()


def managed_reviews(caller: Caller) -> ColumnElement[bool]:
    if not caller.has(MANAGE):
        return false()
    return (
        review_table.c.area == caller.area
        if caller.area is not None
        else review_table.c.id.isnot(None)
    )


async def moves_of(
    session: AsyncSession, *, review_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Any]]:
    found: dict[uuid.UUID, list[Any]] = {review_id: [] for review_id in review_ids}
    rows = await session.execute(
        select(move_table).where(move_table.c.review_id.in_(review_ids)).order_by(move_table.c.seq)
    )
    for row in rows:
        found[row.review_id].append(row)
    return found


async def pauses_of(
    session: AsyncSession, *, review_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Any]]:
    found: dict[uuid.UUID, list[Any]] = {review_id: [] for review_id in review_ids}
    rows = await session.execute(
        select(pause_table)
        .where(pause_table.c.review_id.in_(review_ids))
        .order_by(pause_table.c.paused_on, pause_table.c.recorded_at)
    )
    for row in rows:
        found[row.review_id].append(row)
    return found


async def noticed_clocks(session: AsyncSession, *, review_id: uuid.UUID) -> set[str]:
    rows = await session.execute(
        select(notice_table.c.clock).where(notice_table.c.review_id == review_id)
    )
    return set(rows.scalars())
