"""Prevention and Early Identification Fund figures over HTTP."""

from typing import Annotated

from fastapi import APIRouter, Query

from csp_common import clock
from reporting.access import ReportReader
from reporting.dependencies import DbSession, LiveSlot, Settings, invalid_period
from reporting.periods import InvalidPeriod, financial_year, financial_year_of, fy_code, parse_fy
from reporting.problems import PROBLEM_RESPONSES
from reporting.svd_fund import service
from reporting.svd_fund.schemas import SvdStats

router = APIRouter(prefix="/v1/stats", tags=["serious violence"], responses=PROBLEM_RESPONSES)

Year = Annotated[
    str | None,
    Query(
        max_length=16,
        description="The financial year the rounds opened in (default: the current one)",
        examples=["2023-24"],
    ),
]


@router.get(
    "/svd",
    summary="The Prevention and Early Identification Fund and the serious violence measures",
    response_model=SvdStats,
)
async def svd_stats(
    session: DbSession,
    slot: LiveSlot,
    caller: ReportReader,
    settings: Settings,
    year: Year = None,
) -> dict:
    """For the rounds opened in a financial year: bids and awards by priority, area and
    activity type, spend against budget, monitoring returns scheduled, due in the year,
    overdue (due before today and not submitted), on time, late and approved,
    outputs (people protected as small numbers) and outcomes by priority; and the latest
    serious violence measures published for a year not after it."""
    if year is None:
        start = financial_year_of(clock.today(settings.zone))
    else:
        try:
            start = parse_fy(year)
            financial_year(start)  # within the years figures are kept for
        except InvalidPeriod as exc:
            raise invalid_period(str(exc)) from exc
    return await service.svd_stats(
        session=session,
        slot=slot,
        year=fy_code(start),
        threshold=settings.small_number_threshold,
        today=clock.today(settings.zone),
    )
