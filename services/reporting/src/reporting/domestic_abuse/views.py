"""Police-recorded domestic abuse crimes over HTTP."""

from typing import Annotated

from fastapi import APIRouter, Query

from csp_common import clock
from reporting.access import ReportReader
from reporting.dependencies import DbSession, LiveSlot, Partnership, Settings, invalid_period
from reporting.domestic_abuse import service
from reporting.domestic_abuse.schemas import DomesticAbuseCrimes
from reporting.periods import InvalidPeriod, financial_year, financial_year_of, fy_code, parse_fy
from reporting.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/stats", tags=["domestic abuse"], responses=PROBLEM_RESPONSES)


@router.get(
    "/domestic-abuse-crimes",
    summary="Police-recorded domestic abuse crimes by financial year and area",
    response_model=DomesticAbuseCrimes,
)
async def domestic_abuse_crimes(
    session: DbSession,
    slot: LiveSlot,
    caller: ReportReader,
    settings: Settings,
    partnership: Partnership,
    year: Annotated[
        str | None,
        Query(
            max_length=16,
            description="The last financial year (default: the current one)",
            examples=["2023-24"],
        ),
    ] = None,
    years: Annotated[int, Query(ge=1, le=10, description="How many years up to it")] = 3,
) -> dict:
    """The crimes the police flagged as domestic abuse in each area, for the financial
    years up to `year` whose serious violence measures have been published, and the last
    year against the one before. Counts from 1 to 4, and any from which such a count could
    be worked out, show as "suppressed"."""
    try:
        start = financial_year_of(clock.today(settings.zone)) if year is None else parse_fy(year)
        financial_year(start)
    except InvalidPeriod as exc:
        raise invalid_period(str(exc)) from exc
    return await service.domestic_abuse_crimes(
        session=session,
        slot=slot,
        year=fy_code(start),
        years=years,
        area_order=partnership.area_codes,
        threshold=settings.small_number_threshold,
    )
