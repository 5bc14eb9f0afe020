"""Queries on bids (keyword-only; they never commit)."""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.auth import Caller
from svd_fund.access import manages
from svd_fund.bids.models import bid_table, budget_line_table
from svd_fund.bids.rules import budget_totals
from svd_fund.bids.schemas import BidOut, BidSummaryOut, BudgetLineOut, EligibilityOut
from svd_fund.organisations.models import organisation_table
from svd_fund.rounds.rules import EligibilityQuestion, eligibility


def visible_bids(caller: Caller) -> ColumnElement[bool]:
    """The bids `caller` may read: every one for the fund's team, its own for an applicant."""
    return true() if manages(caller) else own_bids(caller)


def own_bids(caller: Caller) -> ColumnElement[bool]:
    """The bids of the caller's organisation: the only ones it may write."""
    own = select(organisation_table.c.id).where(organisation_table.c.account == caller.agency)
    return bid_table.c.organisation_id.in_(own.scalar_subquery())


async def find_bid(
    session: AsyncSession,
    *,
    bid_id: uuid.UUID,
    caller: Caller,
    for_update: bool = False,
    to_write: bool = False,
) -> Any | None:
    """The bid if `caller` may read it (with `to_write`, if it is the caller's own)."""
    condition = own_bids(caller) if to_write else visible_bids(caller)
    statement = select(bid_table).where(bid_table.c.id == bid_id, condition)
    if for_update:
        statement = statement.with_for_update(of=bid_table)
    return (await session.execute(statement)).first()


async def own_bids_of(session: AsyncSession, *, caller: Caller) -> list[Any]:
    """The caller's organisation's bids, the newest first."""
    statement = select(bid_table).where(own_bids(caller)).order_by(bid_table.c.created_at.desc())
    return list((await session.execute(statement)).all())


def list_statement(
    caller: Caller, *, round_id: uuid.UUID | None, status: str | None
) -> Select[Any]:
    statement = select(bid_table).where(visible_bids(caller))
    if round_id is not None:
        statement = statement.where(bid_table.c.round_id == round_id)
    if status is not None:
        statement = statement.where(bid_table.c.status == status)
    return statement


async def lines_of(
    session: AsyncSession, *, bid_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Any]]:
    lines: dict[uuid.UUID, list[Any]] = defaultdict(list)
    if bid_ids:
        statement = (
            select(budget_line_table)
            .where(budget_line_table.c.bid_id.in_(bid_ids))
            .order_by(budget_line_table.c.bid_id, budget_line_table.c.seq)
        )
        for line in (await session.execute(statement)).all():
            lines[line.bid_id].append(line)
    return lines


def bid_out(bid: Any, lines: Sequence[Any], questions: list[EligibilityQuestion]) -> BidOut:
    if bid.status == "draft":
        eligible, reasons = eligibility(questions, bid.answers)
        decided = False
    else:
        eligible, reasons, decided = bool(bid.eligible), bid.eligibility_reasons, True
    return BidOut(
        id=bid.id,
        round_id=bid.round_id,
        organisation_id=bid.organisation_id,
        status=bid.status,
        title=bid.title,
        summary=bid.summary,
        amount=bid.amount,
        budget_lines=[
            BudgetLineOut(kind=line.kind, item=line.item, amount=line.amount) for line in lines
        ],
        budget_totals=budget_totals(lines),
        priorities=bid.priorities,
        activity_types=bid.activity_types,
        areas=bid.areas,
        planned_start=bid.planned_start,
        planned_end=bid.planned_end,
        outputs=bid.outputs,
        outcomes=bid.outcomes,
        answers=bid.answers,
        eligibility=EligibilityOut(eligible=eligible, reasons=reasons, decided=decided),
        submitted_at=bid.submitted_at,
        created_at=bid.created_at,
        updated_at=bid.updated_at,
    )


def bid_summary(bid: Any) -> BidSummaryOut:
    return BidSummaryOut.model_validate(bid, from_attributes=True)
