"""Queries and rules on rounds (keyword-only; they never commit)."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from svd_fund.fields import LONDON
from svd_fund.problems import conflict
from svd_fund.rounds.models import round_table
from svd_fund.rounds.rules import RUBRIC, Criterion, EligibilityQuestion
from svd_fund.rounds.schemas import RoundOut, RoundStatus


async def find_round(
    session: AsyncSession, *, round_id: uuid.UUID, for_update: bool = False
) -> Any | None:
    statement = select(round_table).where(round_table.c.id == round_id)
    if for_update:
        statement = statement.with_for_update()
    return (await session.execute(statement)).first()


async def open_rounds(session: AsyncSession, *, at: datetime) -> list[Any]:
    """Rounds taking bids at `at`, the soonest to close first."""
    statement = (
        select(round_table)
        .where(round_table.c.opens_at <= at, round_table.c.closes_at > at)
        .order_by(round_table.c.closes_at)
    )
    return list((await session.execute(statement)).all())


def status_of(fund_round: Any, *, at: datetime) -> RoundStatus:
    if at < clock.as_utc(fund_round.opens_at):
        return "upcoming"
    if at < clock.as_utc(fund_round.closes_at):
        return "open"
    return "closed"


def require_open(fund_round: Any, *, at: datetime) -> None:
    """409 unless the round takes bids at `at` (now, or the moment history records): after
    its opening time, before its closing."""
    status = status_of(fund_round, at=at)
    if status == "closed":
        closes = clock.as_utc(fund_round.closes_at).astimezone(LONDON)
        raise conflict(
            "round-closed",
            f"The round closed at {closes:%H:%M on %d %B %Y} (UK time); it takes no more bids.",
        )
    if status == "upcoming":
        raise conflict("round-not-open", "The round has not opened yet.")


def questions_of(fund_round: Any) -> list[EligibilityQuestion]:
    return [EligibilityQuestion.model_validate(q) for q in fund_round.eligibility_questions]


def criteria_of(fund_round: Any) -> list[Criterion]:
    return [Criterion.model_validate(c) for c in fund_round.criteria]


def round_out(fund_round: Any) -> RoundOut:
    return RoundOut(
        id=fund_round.id,
        name=fund_round.name,
        budget=fund_round.budget,
        grant_cap=fund_round.grant_cap,
        awarded_total=fund_round.awarded_total,
        remaining=fund_round.budget - fund_round.awarded_total,
        opens_at=clock.as_utc(fund_round.opens_at).astimezone(LONDON),
        closes_at=clock.as_utc(fund_round.closes_at).astimezone(LONDON),
        status=status_of(fund_round, at=clock.now()),
        priorities=fund_round.priorities,
        activity_types=fund_round.activity_types,
        eligibility_questions=questions_of(fund_round),
        criteria=criteria_of(fund_round),
        rubric=RUBRIC,
        assessors_per_bid=fund_round.assessors_per_bid,
        moderation_spread=fund_round.moderation_spread,
    )
