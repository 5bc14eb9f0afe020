"""Queries on assignments and scores (keyword-only; they never commit)."""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.auth import Caller
from svd_fund.assessment.models import assignment_table, moderated_table, score_table
from svd_fund.assessment.rules import mean, spread, weighted_score
from svd_fund.assessment.schemas import (
    AssessmentOut,
    AssessorScoresOut,
    AssignmentOut,
    ModeratedScoreOut,
    ScoreOut,
)
from svd_fund.bids.models import bid_table
from svd_fund.rounds.rules import Criterion

ACTIVE = ("assigned", "cleared", "scored")
"""An assessor who declared a conflict is off the bid."""


async def own_assignment(
    session: AsyncSession, *, assignment_id: uuid.UUID, caller: Caller, for_update: bool = False
) -> Any | None:
    """The caller's own assignment, with its bid's round."""
    statement = (
        select(assignment_table, bid_table.c.round_id)
        .join(bid_table, bid_table.c.id == assignment_table.c.bid_id)
        .where(
            assignment_table.c.id == assignment_id, assignment_table.c.assessor == caller.subject
        )
    )
    if for_update:
        statement = statement.with_for_update(of=assignment_table)
    return (await session.execute(statement)).first()


async def assignments_of(session: AsyncSession, *, bid_id: uuid.UUID) -> list[Any]:
    statement = (
        select(assignment_table)
        .where(assignment_table.c.bid_id == bid_id)
        .order_by(assignment_table.c.created_at, assignment_table.c.id)
    )
    return list((await session.execute(statement)).all())


async def scores_of(
    session: AsyncSession, *, assignment_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Any]]:
    scores: dict[uuid.UUID, list[Any]] = defaultdict(list)
    if assignment_ids:
        statement = select(score_table).where(score_table.c.assignment_id.in_(assignment_ids))
        for row in (await session.execute(statement)).all():
            scores[row.assignment_id].append(row)
    return scores


async def moderated_of(session: AsyncSession, *, bid_id: uuid.UUID) -> list[Any]:
    statement = select(moderated_table).where(moderated_table.c.bid_id == bid_id)
    return list((await session.execute(statement)).all())


def own_assignments(caller: Caller) -> Select[Any]:
    """The caller's assignments (as an assessor), with each bid's round."""
    return (
        select(assignment_table, bid_table.c.round_id)
        .join(bid_table, bid_table.c.id == assignment_table.c.bid_id)
        .where(assignment_table.c.assessor == caller.subject)
    )


async def assigned_bid(session: AsyncSession, *, assignment: Any) -> Any:
    return (
        await session.execute(select(bid_table).where(bid_table.c.id == assignment.bid_id))
    ).one()


def assignment_out(row: Any) -> AssignmentOut:
    return AssignmentOut.model_validate(row, from_attributes=True)


async def assessment_out(
    session: AsyncSession, *, bid: Any, criteria: list[Criterion]
) -> AssessmentOut:
    assignments = await assignments_of(session, bid_id=bid.id)
    scores = await scores_of(session, assignment_ids=[a.id for a in assignments])
    order = {criterion.code: index for index, criterion in enumerate(criteria)}
    assessors = []
    for assignment in assignments:
        given = sorted(scores[assignment.id], key=lambda s: order.get(s.criterion, len(order)))
        total = (
            weighted_score(criteria, {s.criterion: s.score for s in given})
            if assignment.status == "scored"
            else None
        )
        assessors.append(
            AssessorScoresOut(
                assessor=assignment.assessor,
                status=assignment.status,
                weighted_score=total,
                scores=[
                    ScoreOut(criterion=s.criterion, score=s.score, comment=s.comment) for s in given
                ],
            )
        )
    totals = [a.weighted_score for a in assessors if a.weighted_score is not None]
    moderated = await moderated_of(session, bid_id=bid.id)
    return AssessmentOut(
        bid_id=bid.id,
        status=bid.status,
        assessors=assessors,
        average=mean(totals) if totals else None,
        spread=spread(totals) if totals else None,
        final_score=bid.final_score,
        moderated=[
            ModeratedScoreOut(criterion=m.criterion, score=m.score, reason=m.reason)
            for m in sorted(moderated, key=lambda m: order.get(m.criterion, len(order)))
        ],
    )
