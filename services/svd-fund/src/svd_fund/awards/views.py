"""HTTP for decisions, grants (their agreement) and payments."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query

from csp_common.errors import not_found
from csp_common.pagination import Keyset, PageRequest, fixed_sort_params
from svd_fund.access import Applicant, BidReader, Manager
from svd_fund.awards import flows
from svd_fund.awards.models import grant_table
from svd_fund.awards.schemas import (
    AcceptanceIn,
    DecisionIn,
    DecisionOut,
    GrantOut,
    GrantPage,
    PaymentIn,
)
from svd_fund.awards.service import find_grant, grants_out, list_statement
from svd_fund.dependencies import OccurredAt, Settings, UnitOfWork

router = APIRouter(tags=["awards"])

GRANTS = Keyset(sorts={"created_at": grant_table.c.created_at}, id_column=grant_table.c.id)
GrantPages = Annotated[
    PageRequest, Depends(fixed_sort_params(GRANTS, sort="created_at", max_limit=200))
]


@router.post(
    "/v1/bids/{bid_id}/decision",
    summary="Award, reject or waitlist an assessed bid (409 over-budget past the round's budget)",
)
async def decide(
    work: UnitOfWork,
    caller: Manager,
    settings: Settings,
    bid_id: uuid.UUID,
    body: Annotated[DecisionIn, Body()],
    at: OccurredAt,
) -> DecisionOut:
    return await flows.decide(
        work, settings=settings, caller=caller, bid_id=bid_id, body=body, at=at
    )


@router.get("/v1/grants", summary="Grants (an applicant: its own)")
async def list_grants(
    work: UnitOfWork,
    caller: BidReader,
    pages: GrantPages,
    round_id: Annotated[uuid.UUID | None, Query()] = None,
) -> GrantPage:
    statement = list_statement(caller, round_id=round_id)
    rows = (await work.session.execute(GRANTS.select(statement, pages))).all()
    page = GRANTS.page(rows, pages, lambda row: row)
    return GrantPage(items=await grants_out(work.session, page.items), next_cursor=page.next_cursor)


@router.get("/v1/grants/{grant_id}", summary="One grant, its agreement and tranches")
async def read_grant(work: UnitOfWork, caller: BidReader, grant_id: uuid.UUID) -> GrantOut:
    grant = await find_grant(work.session, grant_id=grant_id, caller=caller)
    if grant is None:
        raise not_found(flows.GRANT)
    return (await grants_out(work.session, [grant]))[0]


@router.post(
    "/v1/grants/{grant_id}/acceptance",
    summary="The organisation accepts the grant agreement (its returns are scheduled)",
)
async def accept(
    work: UnitOfWork,
    caller: Applicant,
    settings: Settings,
    grant_id: uuid.UUID,
    body: Annotated[AcceptanceIn, Body()],
) -> GrantOut:
    return await flows.accept(work, settings=settings, caller=caller, grant_id=grant_id, body=body)


@router.post(
    "/v1/grants/{grant_id}/payments",
    summary="Pay a tranche (held until the agreement is accepted, the previous tranche paid "
    "and the return before it approved)",
)
async def pay(
    work: UnitOfWork, caller: Manager, grant_id: uuid.UUID, body: Annotated[PaymentIn, Body()]
) -> GrantOut:
    return await flows.pay(work, caller=caller, grant_id=grant_id, body=body)
