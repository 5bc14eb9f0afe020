"""HTTP for assessment: the fund's team assigns assessors and moderates; an assessor
declares their interests, then reads the bid and scores it, blind to the others' scores
until their own are in."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Depends

from csp_common.errors import not_found
from csp_common.pagination import Keyset, PageRequest, fixed_sort_params
from svd_fund.access import BID, Assessor, Manager
from svd_fund.assessment import flows
from svd_fund.assessment.models import assignment_table
from svd_fund.assessment.schemas import (
    AssessmentOut,
    AssignmentIn,
    AssignmentOut,
    AssignmentPage,
    DeclarationIn,
    ModerationIn,
    ScoresIn,
)
from svd_fund.assessment.service import (
    assessment_out,
    assigned_bid,
    assignment_out,
    own_assignment,
    own_assignments,
)
from svd_fund.bids.schemas import BidOut
from svd_fund.bids.service import bid_out, find_bid, lines_of
from svd_fund.dependencies import OccurredAt, UnitOfWork
from svd_fund.problems import conflict
from svd_fund.rounds.service import criteria_of, find_round, questions_of

router = APIRouter(tags=["assessment"])

ASSIGNMENTS = Keyset(
    sorts={"created_at": assignment_table.c.created_at}, id_column=assignment_table.c.id
)
AssignmentPages = Annotated[
    PageRequest, Depends(fixed_sort_params(ASSIGNMENTS, sort="created_at", max_limit=200))
]


@router.post(
    "/v1/bids/{bid_id}/assignments", status_code=201, summary="Ask an assessor to assess a bid"
)
async def assign(
    work: UnitOfWork,
    caller: Manager,
    bid_id: uuid.UUID,
    body: Annotated[AssignmentIn, Body()],
    at: OccurredAt,
) -> AssignmentOut:
    return await flows.assign(work, caller=caller, bid_id=bid_id, body=body, at=at)


@router.get("/v1/bids/{bid_id}/assessment", summary="Every assessor's scores on a bid")
async def read_assessment(work: UnitOfWork, caller: Manager, bid_id: uuid.UUID) -> AssessmentOut:
    bid = await find_bid(work.session, bid_id=bid_id, caller=caller)
    if bid is None:
        raise not_found(BID)
    fund_round = await find_round(work.session, round_id=bid.round_id)
    work.audit(action="read-assessment", record_type="bid", record_ids=[str(bid_id)])
    return await assessment_out(work.session, bid=bid, criteria=criteria_of(fund_round))


@router.post(
    "/v1/bids/{bid_id}/moderation",
    summary="The moderation panel's final scores, with reasons (assessors disagreed)",
)
async def moderate(
    work: UnitOfWork,
    caller: Manager,
    bid_id: uuid.UUID,
    body: Annotated[ModerationIn, Body()],
    at: OccurredAt,
) -> AssessmentOut:
    return await flows.moderate(work, caller=caller, bid_id=bid_id, body=body, at=at)


@router.get("/v1/assignments", summary="The caller's own assignments (no bid content)")
async def list_assignments(
    work: UnitOfWork, caller: Assessor, pages: AssignmentPages
) -> AssignmentPage:
    statement = own_assignments(caller)
    rows = (await work.session.execute(ASSIGNMENTS.select(statement, pages))).all()
    page = ASSIGNMENTS.page(rows, pages, assignment_out)
    return AssignmentPage(items=page.items, next_cursor=page.next_cursor)


@router.get("/v1/assignments/{assignment_id}", summary="One of the caller's assignments")
async def read_assignment(
    work: UnitOfWork, caller: Assessor, assignment_id: uuid.UUID
) -> AssignmentOut:
    assignment = await own_assignment(work.session, assignment_id=assignment_id, caller=caller)
    if assignment is None:
        raise not_found(flows.ASSIGNMENT)
    return assignment_out(assignment)


@router.post(
    "/v1/assignments/{assignment_id}/declaration",
    summary="Declare any conflict of interest (before the bid is shown; a conflict takes "
    "the assessor off the bid)",
)
async def declare(
    work: UnitOfWork,
    caller: Assessor,
    assignment_id: uuid.UUID,
    body: Annotated[DeclarationIn, Body()],
    at: OccurredAt,
) -> AssignmentOut:
    return await flows.declare(work, caller=caller, assignment_id=assignment_id, body=body, at=at)


@router.get(
    "/v1/assignments/{assignment_id}/bid",
    summary="The bid to assess (409 declaration-needed until interests are declared)",
)
async def read_assigned_bid(work: UnitOfWork, caller: Assessor, assignment_id: uuid.UUID) -> BidOut:
    assignment = await flows.cleared_bid(work, caller=caller, assignment_id=assignment_id)
    bid = await assigned_bid(work.session, assignment=assignment)
    fund_round = await find_round(work.session, round_id=bid.round_id)
    lines = (await lines_of(work.session, bid_ids=[bid.id]))[bid.id]
    work.audit(action="read", record_type="bid", record_ids=[str(bid.id)])
    return bid_out(bid, lines, questions_of(fund_round))


@router.post(
    "/v1/assignments/{assignment_id}/scores",
    summary="Score every criterion with a comment (once); answers every score so far",
)
async def score(
    work: UnitOfWork,
    caller: Assessor,
    assignment_id: uuid.UUID,
    body: Annotated[ScoresIn, Body()],
    at: OccurredAt,
) -> AssessmentOut:
    return await flows.score(work, caller=caller, assignment_id=assignment_id, body=body, at=at)


@router.get(
    "/v1/assignments/{assignment_id}/assessment",
    summary="Every assessor's scores and the average: only once the caller's own are in",
)
async def read_panel_scores(
    work: UnitOfWork, caller: Assessor, assignment_id: uuid.UUID
) -> AssessmentOut:
    assignment = await own_assignment(work.session, assignment_id=assignment_id, caller=caller)
    if assignment is None or assignment.status == "conflicted":
        raise not_found(flows.ASSIGNMENT)
    if assignment.status != "scored":
        raise conflict("own-scores-first", "Submit your own scores before seeing anyone else's.")
    bid = await assigned_bid(work.session, assignment=assignment)
    fund_round = await find_round(work.session, round_id=bid.round_id)
    work.audit(action="read-assessment", record_type="bid", record_ids=[str(bid.id)])
    return await assessment_out(work.session, bid=bid, criteria=criteria_of(fund_round))
