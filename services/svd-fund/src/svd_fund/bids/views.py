"""HTTP for bids: drafts, submission, reading and listing."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query

from csp_common.errors import not_found
from csp_common.pagination import Keyset, PageRequest, signed_sort_params
from svd_fund.access import BID, Applicant, BidReader
from svd_fund.bids import flows
from svd_fund.bids.models import bid_table
from svd_fund.bids.schemas import BidIn, BidOut, BidStatus, BidSummaryPage
from svd_fund.bids.service import bid_out, bid_summary, find_bid, lines_of, list_statement
from svd_fund.dependencies import OccurredAt, Partnership, UnitOfWork
from svd_fund.rounds.service import find_round, questions_of

router = APIRouter(tags=["bids"])

BIDS = Keyset(
    sorts={"created_at": bid_table.c.created_at, "updated_at": bid_table.c.updated_at},
    id_column=bid_table.c.id,
)
BidPages = Annotated[
    PageRequest, Depends(signed_sort_params(BIDS, default="-created_at", max_limit=200))
]


@router.post("/v1/rounds/{round_id}/bids", status_code=201, summary="Start a bid (a draft)")
async def create_bid(
    work: UnitOfWork,
    caller: Applicant,
    partnership: Partnership,
    round_id: uuid.UUID,
    body: Annotated[BidIn, Body()],
    at: OccurredAt,
) -> BidOut:
    return await flows.create_draft(
        work, caller=caller, partnership=partnership, round_id=round_id, body=body, at=at
    )


@router.put("/v1/bids/{bid_id}", summary="Save a draft (replacing what it held)")
async def save_bid(
    work: UnitOfWork,
    caller: Applicant,
    partnership: Partnership,
    bid_id: uuid.UUID,
    body: Annotated[BidIn, Body()],
    at: OccurredAt,
) -> BidOut:
    return await flows.save_draft(
        work, caller=caller, partnership=partnership, bid_id=bid_id, body=body, at=at
    )


@router.post(
    "/v1/bids/{bid_id}/submission",
    summary="Submit a complete draft before the round closes (409 round-closed after)",
)
async def submit_bid(
    work: UnitOfWork, caller: Applicant, bid_id: uuid.UUID, at: OccurredAt
) -> BidOut:
    return await flows.submit(work, caller=caller, bid_id=bid_id, at=at)


@router.get("/v1/bids", summary="Bids the caller may read (an applicant: its own)")
async def list_bids(
    work: UnitOfWork,
    caller: BidReader,
    pages: BidPages,
    round_id: Annotated[uuid.UUID | None, Query()] = None,
    status: Annotated[BidStatus | None, Query()] = None,
) -> BidSummaryPage:
    statement = list_statement(caller, round_id=round_id, status=status)
    rows = (await work.session.execute(BIDS.select(statement, pages))).all()
    page = BIDS.page(rows, pages, bid_summary)
    work.audit(action="list", record_type="bid", record_ids=[str(bid.id) for bid in page.items])
    return BidSummaryPage(items=page.items, next_cursor=page.next_cursor)


@router.get("/v1/bids/{bid_id}", summary="One bid")
async def read_bid(work: UnitOfWork, caller: BidReader, bid_id: uuid.UUID) -> BidOut:
    bid = await find_bid(work.session, bid_id=bid_id, caller=caller)
    if bid is None:
        raise not_found(BID)
    fund_round = await find_round(work.session, round_id=bid.round_id)
    lines = (await lines_of(work.session, bid_ids=[bid_id]))[bid_id]
    work.audit(action="read", record_type="bid", record_ids=[str(bid_id)])
    return bid_out(bid, lines, questions_of(fund_round))
