"""Queries on contributions (keyword-only; they never commit)."""

import uuid
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, or_, select

from csp_common.auth import Caller
from dhr_tracker.access import CONTRIBUTE
from dhr_tracker.contribution.models import contribution_table
from dhr_tracker.contribution.rules import WAITING
from dhr_tracker.record.models import review_table
from dhr_tracker.record.service import managed_reviews


def visible_contributions(caller: Caller) -> ColumnElement[bool]:
    """A manager sees the contributions of the reviews they manage; an agency its own."""
    own = contribution_table.c.agency == caller.agency if caller.has(CONTRIBUTE) else false()
    return or_(managed_reviews(caller), own)


def visible_statement(caller: Caller) -> Select[Any]:
    return (
        select(contribution_table, review_table.c.area)
        .join(review_table, review_table.c.id == contribution_table.c.review_id)
        .where(visible_contributions(caller))
    )


async def find_contribution(session: Any, *, contribution_id: uuid.UUID, caller: Caller) -> Any:
    statement = visible_statement(caller).where(contribution_table.c.id == contribution_id)
    return (await session.execute(statement.with_for_update(of=contribution_table))).first()


def list_statement(
    caller: Caller,
    *,
    today: date,
    review_id: uuid.UUID | None,
    agency: str | None,
    status: str | None,
    overdue: bool | None,
) -> Select[Any]:
    statement = visible_statement(caller)
    if review_id is not None:
        statement = statement.where(contribution_table.c.review_id == review_id)
    if agency is not None:
        statement = statement.where(contribution_table.c.agency == agency)
    if status is not None:
        statement = statement.where(contribution_table.c.status == status)
    late = and_(contribution_table.c.status.in_(WAITING), contribution_table.c.due_on < today)
    if overdue is True:
        statement = statement.where(late)
    elif overdue is False:
        statement = statement.where(~late)
    return statement
