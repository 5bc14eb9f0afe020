"""Queries on grants (keyword-only; they never commit)."""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.auth import Caller
from svd_fund.access import manages
from svd_fund.awards.models import grant_table, tranche_table
from svd_fund.awards.schemas import CONDITIONS, GrantOut, TrancheOut, TrancheStatus
from svd_fund.monitoring.models import return_table
from svd_fund.organisations.models import organisation_table


def visible_grants(caller: Caller) -> ColumnElement[bool]:
    return true() if manages(caller) else own_grants(caller)


def own_grants(caller: Caller) -> ColumnElement[bool]:
    own = select(organisation_table.c.id).where(organisation_table.c.account == caller.agency)
    return grant_table.c.organisation_id.in_(own.scalar_subquery())


def list_statement(caller: Caller, *, round_id: uuid.UUID | None) -> Select[Any]:
    statement = select(grant_table).where(visible_grants(caller))
    if round_id is not None:
        statement = statement.where(grant_table.c.round_id == round_id)
    return statement


async def find_grant(
    session: AsyncSession,
    *,
    grant_id: uuid.UUID,
    caller: Caller,
    for_update: bool = False,
    to_write: bool = False,
) -> Any | None:
    condition = own_grants(caller) if to_write else visible_grants(caller)
    statement = select(grant_table).where(grant_table.c.id == grant_id, condition)
    if for_update:
        statement = statement.with_for_update(of=grant_table)
    return (await session.execute(statement)).first()


async def tranches_of(
    session: AsyncSession, *, grant_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Any]]:
    found: dict[uuid.UUID, list[Any]] = defaultdict(list)
    if grant_ids:
        statement = (
            select(tranche_table)
            .where(tranche_table.c.grant_id.in_(grant_ids))
            .order_by(tranche_table.c.grant_id, tranche_table.c.seq)
        )
        for row in (await session.execute(statement)).all():
            found[row.grant_id].append(row)
    return found


async def approved_returns(
    session: AsyncSession, *, grant_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, set[int]]:
    found: dict[uuid.UUID, set[int]] = defaultdict(set)
    if grant_ids:
        statement = select(return_table.c.grant_id, return_table.c.seq).where(
            return_table.c.grant_id.in_(grant_ids), return_table.c.status == "approved"
        )
        for grant_id, seq in (await session.execute(statement)).all():
            found[grant_id].add(seq)
    return found


async def approval_date(session: AsyncSession, *, grant_id: uuid.UUID, seq: int) -> date | None:
    """The day the grant's return `seq` was approved (None if it is not)."""
    statement = select(return_table.c.decided_on).where(
        return_table.c.grant_id == grant_id,
        return_table.c.seq == seq,
        return_table.c.status == "approved",
    )
    return (await session.execute(statement)).scalar_one_or_none()


def hold_reason(grant: Any, tranches: Sequence[Any], approved: set[int], seq: int) -> str | None:
    """Why tranche `seq` cannot be paid yet, or None. The first needs the agreement
    accepted; each later one the previous tranche paid and the return numbered one less
    than it approved."""
    if grant.status != "active":
        return "agreement-not-accepted"
    if seq > 1 and tranches[seq - 2].paid_on is None:
        return "previous-tranche-unpaid"
    if seq > 1 and (seq - 1) not in approved:
        return "return-not-approved"
    return None


def tranche_status(
    grant: Any, tranches: Sequence[Any], approved: set[int], seq: int
) -> TrancheStatus:
    if tranches[seq - 1].paid_on is not None:
        return "paid"
    return "held" if hold_reason(grant, tranches, approved, seq) else "payable"


def grant_out(grant: Any, tranches: Sequence[Any], approved: set[int]) -> GrantOut:
    return GrantOut(
        id=grant.id,
        bid_id=grant.bid_id,
        round_id=grant.round_id,
        organisation_id=grant.organisation_id,
        amount=grant.amount,
        awarded_on=grant.awarded_on,
        starts_on=grant.starts_on,
        ends_on=grant.ends_on,
        status=grant.status,
        accepted_on=grant.accepted_on,
        conditions=CONDITIONS,
        tranches=[
            TrancheOut(
                seq=t.seq,
                amount=t.amount,
                paid_on=t.paid_on,
                status=tranche_status(grant, tranches, approved, t.seq),
            )
            for t in tranches
        ],
    )


async def grants_out(session: AsyncSession, rows: Sequence[Any]) -> list[GrantOut]:
    ids = [row.id for row in rows]
    tranches = await tranches_of(session, grant_ids=ids)
    approved = await approved_returns(session, grant_ids=ids)
    return [grant_out(row, tranches[row.id], approved[row.id]) for row in rows]
