"""Queries on recommendations (keyword-only; they never commit)."""

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.auth import Caller
from dhr_tracker.access import CONTRIBUTE
from dhr_tracker.recommendation.models import action_table, recommendation_table
from dhr_tracker.recommendation.rules import FINISHED
from dhr_tracker.record.models import review_table
from dhr_tracker.record.service import visible_reviews

R = recommendation_table


def visible_recommendations(caller: Caller) -> ColumnElement[bool]:
    own = R.c.owner_agency == caller.agency if caller.has(CONTRIBUTE) else false()
    return or_(visible_reviews(caller), own)


def visible_statement(caller: Caller) -> Select[Any]:
    return (
        select(R, review_table.c.area, review_table.c.reference.label("review_reference"))
        .join(review_table, review_table.c.id == R.c.review_id)
        .where(visible_recommendations(caller))
    )


def overdue_condition(today: date) -> ColumnElement[bool]:
    late_action = exists(
        select(action_table.c.id).where(
            action_table.c.recommendation_id == R.c.id,
            action_table.c.completed_on.is_(None),
            action_table.c.due_on < today,
        )
    )
    return and_(
        R.c.status.notin_(FINISHED),
        or_(and_(R.c.due_on.isnot(None), R.c.due_on < today), late_action),
    )


def list_statement(
    caller: Caller,
    *,
    today: date,
    review_id: uuid.UUID | None,
    theme: str | None,
    status: str | None,
    level: str | None,
    owner_agency: str | None,
    overdue: bool | None,
) -> Select[Any]:
    statement = visible_statement(caller)
    for column, value in (
        (R.c.review_id, review_id),
        (R.c.theme, theme),
        (R.c.status, status),
        (R.c.level, level),
        (R.c.owner_agency, owner_agency),
    ):
        if value is not None:
            statement = statement.where(column == value)
    if overdue is True:
        statement = statement.where(overdue_condition(today))
    elif overdue is False:
        statement = statement.where(~overdue_condition(today))
    return statement


async def find_recommendation(
    session: AsyncSession, *, recommendation_id: uuid.UUID, caller: Caller, for_update: bool = False
) -> Any | None:
    statement = visible_statement(caller).where(R.c.id == recommendation_id)
    if for_update:
        statement = statement.with_for_update(of=R)
    return (await session.execute(statement)).first()


async def actions_of(
    session: AsyncSession, *, recommendation_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Any]]:
    found: dict[uuid.UUID, list[Any]] = {rid: [] for rid in recommendation_ids}
    if not recommendation_ids:
        return found
    rows = await session.execute(
        select(action_table)
        .where(action_table.c.recommendation_id.in_(recommendation_ids))
        .order_by(action_table.c.number)
    )
    for row in rows:
        found[row.recommendation_id].append(row)
    return found
