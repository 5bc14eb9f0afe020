"""HTTP for fund rounds."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Depends

from csp_common.errors import not_found
from csp_common.pagination import Keyset, PageRequest, signed_sort_params
from svd_fund.access import ROUND, Manager, RoundReader
from svd_fund.dependencies import Settings, UnitOfWork
from svd_fund.rounds import flows
from svd_fund.rounds.models import round_table
from svd_fund.rounds.schemas import RoundIn, RoundOut, RoundPage
from svd_fund.rounds.service import find_round, round_out

router = APIRouter(prefix="/v1/rounds", tags=["rounds"])

ROUNDS = Keyset(
    sorts={"closes_at": round_table.c.closes_at, "created_at": round_table.c.created_at},
    id_column=round_table.c.id,
)
RoundPages = Annotated[
    PageRequest, Depends(signed_sort_params(ROUNDS, default="-closes_at", max_limit=100))
]


@router.post("", status_code=201, summary="Set up a fund round")
async def create_round(
    work: UnitOfWork, caller: Manager, settings: Settings, body: Annotated[RoundIn, Body()]
) -> RoundOut:
    return await flows.create_round(work, settings=settings, caller=caller, body=body)


@router.get("", summary="Fund rounds, with their status (upcoming, open, closed)")
async def list_rounds(work: UnitOfWork, caller: RoundReader, pages: RoundPages) -> RoundPage:
    rows = (await work.session.execute(ROUNDS.select(round_table.select(), pages))).all()
    page = ROUNDS.page(rows, pages, round_out)
    return RoundPage(items=page.items, next_cursor=page.next_cursor)


@router.get("/{round_id}", summary="One fund round")
async def read_round(work: UnitOfWork, caller: RoundReader, round_id: uuid.UUID) -> RoundOut:
    fund_round = await find_round(work.session, round_id=round_id)
    if fund_round is None:
        raise not_found(ROUND)
    return round_out(fund_round)
