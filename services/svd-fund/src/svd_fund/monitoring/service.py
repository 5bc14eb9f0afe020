"""Queries on monitoring returns (keyword-only; they never commit)."""

import uuid
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.auth import Caller
from svd_fund.access import manages
from svd_fund.monitoring.models import return_table
from svd_fund.monitoring.rules import is_late, is_overdue
from svd_fund.monitoring.schemas import ReturnOut
from svd_fund.organisations.models import organisation_table


def visible_returns(caller: Caller, *, to_write: bool = False) -> ColumnElement[bool]:
    """Every return for the fund's team (reading); the organisation's own otherwise."""
    if manages(caller) and not to_write:
        return true()
    own = select(organisation_table.c.id).where(organisation_table.c.account == caller.agency)
    return return_table.c.organisation_id.in_(own.scalar_subquery())


async def find_return(
    session: AsyncSession,
    *,
    return_id: uuid.UUID,
    caller: Caller,
    for_update: bool = False,
    to_write: bool = False,
) -> Any | None:
    statement = select(return_table).where(
        return_table.c.id == return_id, visible_returns(caller, to_write=to_write)
    )
    if for_update:
        statement = statement.with_for_update(of=return_table)
    return (await session.execute(statement)).first()


def list_statement(
    caller: Caller,
    *,
    today: date,
    grant_id: uuid.UUID | None,
    status: str | None,
    overdue: bool | None,
) -> Select[Any]:
    statement = select(return_table).where(visible_returns(caller))
    if grant_id is not None:
        statement = statement.where(return_table.c.grant_id == grant_id)
    if status is not None:
        statement = statement.where(return_table.c.status == status)
    late = and_(return_table.c.status.in_(("due", "returned")), return_table.c.due_on < today)
    if overdue is True:
        statement = statement.where(late)
    elif overdue is False:
        statement = statement.where(~late)
    return statement


def return_out(row: Any, *, today: date) -> ReturnOut:
    return ReturnOut(
        id=row.id,
        grant_id=row.grant_id,
        seq=row.seq,
        kind=row.kind,
        period_start=row.period_start,
        period_end=row.period_end,
        due_on=row.due_on,
        status=row.status,
        overdue=is_overdue(status=row.status, due_on=row.due_on, today=today),
        late=is_late(due_on=row.due_on, submitted_on=row.submitted_on, today=today),
        submitted_on=row.submitted_on,
        decided_on=row.decided_on,
        decision_reasons=row.decision_reasons,
        outputs=row.outputs,
        outcomes=row.outcomes,
        summary=row.summary,
    )
