"""Assessment: assessors assigned to a bid, the conflict gate, blind scoring, and the
moderation panel when assessors disagree."""

import uuid
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import update

from csp_common import clock
from csp_common.auth import Caller
from csp_common.contracts.svd_fund import BidAssessed
from csp_common.db import RowsInsert
from csp_common.errors import not_found
from csp_common.unit_of_work import Work
from svd_fund.access import BID
from svd_fund.assessment.models import assignment_table, moderated_table, score_table
from svd_fund.assessment.rules import outcome, score_faults, weighted_score
from svd_fund.assessment.schemas import (
    AssessmentOut,
    AssignmentIn,
    AssignmentOut,
    DeclarationIn,
    ModerationIn,
    ScoresIn,
)
from svd_fund.assessment.service import (
    ACTIVE,
    assessment_out,
    assignment_out,
    assignments_of,
    own_assignment,
    scores_of,
)
from svd_fund.bids.models import bid_table
from svd_fund.bids.service import find_bid
from svd_fund.fields import hundredths
from svd_fund.problems import conflict, invalid_all, out_of_order
from svd_fund.rounds.service import criteria_of, find_round

ASSIGNMENT = "assignment"
ASSESSABLE = ("submitted",)


async def assign(
    work: Work, *, caller: Caller, bid_id: uuid.UUID, body: AssignmentIn, at: datetime
) -> AssignmentOut:
    """`at`: when the assessor was asked (each step's moment is now, or in the history
    being recorded, and never before the step it follows)."""
    bid = await find_bid(work.session, bid_id=bid_id, caller=caller, for_update=True)
    if bid is None:
        raise not_found(BID)
    if bid.status not in ASSESSABLE:
        raise conflict(
            "bid-not-assessable", "Only a submitted, eligible bid not yet assessed takes assessors."
        )
    fund_round = await find_round(work.session, round_id=bid.round_id)
    assignments = await assignments_of(work.session, bid_id=bid_id)
    if any(a.assessor == body.assessor for a in assignments):
        raise conflict("already-assigned", "That assessor has been asked to assess this bid.")
    if sum(a.status in ACTIVE for a in assignments) >= fund_round.assessors_per_bid:
        raise conflict(
            "assessors-complete",
            f"The bid has its {fund_round.assessors_per_bid} assessors.",
        )
    if at < clock.as_utc(bid.submitted_at):
        raise out_of_order("assignment", "bid's submission", bid.submitted_at)
    row = {
        "id": uuid.uuid4(),
        "bid_id": bid_id,
        "assessor": body.assessor,
        "status": "assigned",
        "conflict_reason": None,
        "declared_at": None,
        "scored_at": None,
        "assigned_by": caller.subject,
        "created_at": at,
    }
    work.add(RowsInsert(assignment_table, [row]))
    work.audit(action="assign", record_type="bid", record_ids=[str(bid_id)])
    return assignment_out(SimpleNamespace(**row, round_id=bid.round_id))


async def _own(work: Work, caller: Caller, assignment_id: uuid.UUID) -> Any:
    assignment = await own_assignment(
        work.session, assignment_id=assignment_id, caller=caller, for_update=True
    )
    if assignment is None or assignment.status == "conflicted":
        raise not_found(ASSIGNMENT)
    return assignment


async def declare(
    work: Work, *, caller: Caller, assignment_id: uuid.UUID, body: DeclarationIn, at: datetime
) -> AssignmentOut:
    assignment = await _own(work, caller, assignment_id)
    if assignment.status != "assigned":
        raise conflict("already-declared", "You have declared your interests in this bid.")
    if at < clock.as_utc(assignment.created_at):
        raise out_of_order("declaration", "assignment", assignment.created_at)
    values = {
        "status": "conflicted" if body.conflict else "cleared",
        "conflict_reason": body.reason if body.conflict else None,
        "declared_at": at,
    }
    await work.session.execute(
        update(assignment_table).where(assignment_table.c.id == assignment_id).values(**values)
    )
    work.audit(
        action="declare-conflict" if body.conflict else "declare-no-conflict",
        record_type="bid",
        record_ids=[str(assignment.bid_id)],
    )
    return assignment_out(SimpleNamespace(**{**assignment._asdict(), **values}))


async def cleared_bid(work: Work, *, caller: Caller, assignment_id: uuid.UUID) -> Any:
    """The bid behind the caller's assignment, only once they declared no conflict."""
    assignment = await own_assignment(work.session, assignment_id=assignment_id, caller=caller)
    if assignment is None or assignment.status == "conflicted":
        raise not_found(ASSIGNMENT)
    if assignment.status == "assigned":
        raise conflict(
            "declaration-needed",
            "Declare any conflict of interest (POST .../declaration) before the bid is shown.",
        )
    return assignment


async def score(
    work: Work, *, caller: Caller, assignment_id: uuid.UUID, body: ScoresIn, at: datetime
) -> AssessmentOut:
    assignment = await own_assignment(work.session, assignment_id=assignment_id, caller=caller)
    if assignment is None or assignment.status == "conflicted":
        raise not_found(ASSIGNMENT)
    # the bid's row is locked first, so the last of its assessors to score sees the others
    bid = (
        await work.session.execute(
            bid_table.select().where(bid_table.c.id == assignment.bid_id).with_for_update()
        )
    ).one()
    assignment = await _own(work, caller, assignment_id)
    if assignment.status == "assigned":
        raise conflict("declaration-needed", "Declare any conflict of interest before scoring.")
    if assignment.status == "scored":
        raise conflict("already-scored", "Your scores for this bid are in.")
    if at < clock.as_utc(assignment.declared_at):
        raise out_of_order("scoring", "declaration of interests", assignment.declared_at)
    fund_round = await find_round(work.session, round_id=bid.round_id)
    criteria = criteria_of(fund_round)
    faults = score_faults(criteria, [s.criterion for s in body.scores])
    if faults:
        raise invalid_all(faults)
    work.add(
        RowsInsert(
            score_table,
            [
                {"id": uuid.uuid4(), "assignment_id": assignment_id, **given.model_dump()}
                for given in body.scores
            ],
        )
    )
    await work.session.execute(
        update(assignment_table)
        .where(assignment_table.c.id == assignment_id)
        .values(status="scored", scored_at=at)
    )
    await work.flush()
    await _conclude_if_complete(work, bid=bid, fund_round=fund_round, at=at)
    work.audit(action="score", record_type="bid", record_ids=[str(bid.id)])
    bid = (await work.session.execute(bid_table.select().where(bid_table.c.id == bid.id))).one()
    return await assessment_out(work.session, bid=bid, criteria=criteria)


async def _conclude_if_complete(work: Work, *, bid: Any, fund_round: Any, at: datetime) -> None:
    """The bid's `updated_at` becomes the moment it was assessed (or sent to moderation):
    the step its decision follows."""
    assignments = [
        a for a in await assignments_of(work.session, bid_id=bid.id) if a.status in ACTIVE
    ]
    if len(assignments) < fund_round.assessors_per_bid or any(
        a.status != "scored" for a in assignments
    ):
        return
    criteria = criteria_of(fund_round)
    scores = await scores_of(work.session, assignment_ids=[a.id for a in assignments])
    totals = [
        weighted_score(criteria, {s.criterion: s.score for s in scores[a.id]}) for a in assignments
    ]
    status, final = outcome(totals, threshold=fund_round.moderation_spread)
    spread = max(totals) - min(totals)
    work.emit(
        BidAssessed(
            bid_id=bid.id,
            round_id=bid.round_id,
            outcome=status,
            final_score_hundredths=None if final is None else hundredths(final),
            spread_hundredths=hundredths(spread),
        ),
        key=str(bid.id),
    )
    await work.session.execute(
        update(bid_table)
        .where(bid_table.c.id == bid.id)
        .values(
            status=status,
            final_score=final,
            score_spread=spread,
            updated_at=at,
        )
    )


async def moderate(
    work: Work, *, caller: Caller, bid_id: uuid.UUID, body: ModerationIn, at: datetime
) -> AssessmentOut:
    bid = await find_bid(work.session, bid_id=bid_id, caller=caller, for_update=True)
    if bid is None:
        raise not_found(BID)
    if bid.status != "needs_moderation":
        raise conflict(
            "moderation-not-needed", "Only a bid whose assessors disagreed goes to moderation."
        )
    if at < clock.as_utc(bid.updated_at):
        raise out_of_order("moderation", "last assessor's scores", bid.updated_at)
    fund_round = await find_round(work.session, round_id=bid.round_id)
    criteria = criteria_of(fund_round)
    faults = score_faults(criteria, [s.criterion for s in body.scores])
    if faults:
        raise invalid_all(faults)
    work.add(
        RowsInsert(
            moderated_table,
            [
                {
                    "id": uuid.uuid4(),
                    "bid_id": bid_id,
                    **given.model_dump(),
                    "moderated_by": caller.subject,
                    "moderated_at": at,
                }
                for given in body.scores
            ],
        )
    )
    final = weighted_score(criteria, {s.criterion: s.score for s in body.scores})
    await work.session.execute(
        update(bid_table)
        .where(bid_table.c.id == bid_id)
        .values(status="assessed", final_score=final, updated_at=at)
    )
    work.emit(
        BidAssessed(
            bid_id=bid_id,
            round_id=bid.round_id,
            outcome="assessed",
            final_score_hundredths=hundredths(final),
            spread_hundredths=hundredths(bid.score_spread or 0),
            moderated=True,
        ),
        key=str(bid_id),
    )
    await work.flush()
    work.audit(action="moderate", record_type="bid", record_ids=[str(bid_id)])
    bid = (await work.session.execute(bid_table.select().where(bid_table.c.id == bid_id))).one()
    return await assessment_out(work.session, bid=bid, criteria=criteria)
