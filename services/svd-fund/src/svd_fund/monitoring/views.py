"""HTTP for monitoring returns."""

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query

from csp_common import clock
from csp_common.errors import not_found
from csp_common.pagination import Keyset, PageRequest, signed_sort_params
from svd_fund.access import Applicant, BidReader, Manager
from svd_fund.dependencies import OccurredAt, UnitOfWork
from svd_fund.fields import LONDON
from svd_fund.monitoring import flows
from svd_fund.monitoring.models import return_table
from svd_fund.monitoring.schemas import (
    ReturnDecisionIn,
    ReturnIn,
    ReturnOut,
    ReturnPage,
    ReturnStatus,
)
from svd_fund.monitoring.service import find_return, list_statement, return_out

router = APIRouter(tags=["monitoring"])

RETURNS = Keyset(sorts={"due_on": return_table.c.due_on}, id_column=return_table.c.id)
ReturnPages = Annotated[
    PageRequest, Depends(signed_sort_params(RETURNS, default="due_on", max_limit=200))
]


async def get_today() -> date:
    """Today in Europe/London: the day a return is due, late or overdue on."""
    return clock.today(LONDON)


Today = Annotated[date, Depends(get_today)]


@router.get("/v1/returns", summary="Monitoring returns (an applicant: its own); overdue ones")
async def list_returns(
    work: UnitOfWork,
    caller: BidReader,
    today: Today,
    pages: ReturnPages,
    grant_id: Annotated[uuid.UUID | None, Query()] = None,
    status: Annotated[ReturnStatus | None, Query()] = None,
    overdue: Annotated[bool | None, Query(description="Past their due date, not in")] = None,
) -> ReturnPage:
    statement = list_statement(
        caller, today=today, grant_id=grant_id, status=status, overdue=overdue
    )
    rows = (await work.session.execute(RETURNS.select(statement, pages))).all()
    page = RETURNS.page(rows, pages, lambda row: return_out(row, today=today))
    return ReturnPage(items=page.items, next_cursor=page.next_cursor)


@router.get("/v1/returns/{return_id}", summary="One monitoring return")
async def read_return(
    work: UnitOfWork, caller: BidReader, today: Today, return_id: uuid.UUID
) -> ReturnOut:
    found = await find_return(work.session, return_id=return_id, caller=caller)
    if found is None:
        raise not_found(flows.RETURN)
    return return_out(found, today=today)


@router.post(
    "/v1/returns/{return_id}/submission",
    summary="Submit a return: outputs, outcomes by priority (its due date never moves)",
)
async def submit_return(
    work: UnitOfWork,
    caller: Applicant,
    at: OccurredAt,
    return_id: uuid.UUID,
    body: Annotated[ReturnIn, Body()],
) -> ReturnOut:
    return await flows.submit(work, caller=caller, return_id=return_id, body=body, at=at)


@router.post(
    "/v1/returns/{return_id}/decision", summary="Approve a return, or return it with reasons"
)
async def decide_return(
    work: UnitOfWork,
    caller: Manager,
    at: OccurredAt,
    return_id: uuid.UUID,
    body: Annotated[ReturnDecisionIn, Body()],
) -> ReturnOut:
    return await flows.decide(work, caller=caller, return_id=return_id, body=body, at=at)
