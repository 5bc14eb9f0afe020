"""HTTP for the round's 360Giving publication."""

import uuid

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from csp_common.errors import Problem, not_found
from svd_fund.access import ROUND, MeasuresReader
from svd_fund.dependencies import Partnership, Settings, UnitOfWork
from svd_fund.giving.rules import package_problems
from svd_fund.giving.service import grants_csv, grants_package
from svd_fund.rounds.service import find_round

router = APIRouter(tags=["360Giving"])

PACKAGE = {
    "description": "A 360Giving grants package",
    "content": {"application/json": {"schema": {"type": "object"}}},
}
SPREADSHEET = {
    "description": "The grants in 360Giving's spreadsheet layout",
    "content": {"text/csv": {"schema": {"type": "string"}}},
}


async def _package(work, settings, partnership, round_id: uuid.UUID) -> dict:
    fund_round = await find_round(work.session, round_id=round_id)
    if fund_round is None:
        raise not_found(ROUND)
    package = await grants_package(
        work.session, fund_round=fund_round, settings=settings, partnership=partnership
    )
    problems = package_problems(package, id_prefix=settings.grant_id_prefix)
    if problems:
        raise Problem(
            409,
            "Not publishable",
            "The round's grants are not valid 360Giving data yet.",
            type="not-publishable",
            errors=problems[:50],
        )
    return package


@router.get(
    "/v1/rounds/{round_id}/360giving.json",
    summary="The round's awards as 360Giving data (a grants package, validated)",
    response_class=JSONResponse,
    responses={200: PACKAGE},
)
async def giving_json(
    work: UnitOfWork,
    caller: MeasuresReader,
    settings: Settings,
    partnership: Partnership,
    round_id: uuid.UUID,
) -> JSONResponse:
    return JSONResponse(await _package(work, settings, partnership, round_id))


@router.get(
    "/v1/rounds/{round_id}/360giving.csv",
    summary="The round's awards as 360Giving data (the spreadsheet layout, validated)",
    response_class=Response,
    responses={200: SPREADSHEET},
)
async def giving_csv(
    work: UnitOfWork,
    caller: MeasuresReader,
    settings: Settings,
    partnership: Partnership,
    round_id: uuid.UUID,
) -> Response:
    package = await _package(work, settings, partnership, round_id)
    return Response(
        grants_csv(package),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="360giving-{round_id}.csv"'},
    )
