"""MARAC figures over HTTP."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from csp_common import clock
from reporting.access import ReportReader
from reporting.dependencies import DbSession, LiveSlot, Partnership, PeriodFilter, Settings
from reporting.marac import service
from reporting.marac.schemas import MaracActions, MaracStats
from reporting.problems import PROBLEM_RESPONSES
from reporting.schemas import PeriodOut

router = APIRouter(prefix="/v1/stats", tags=["marac"], responses=PROBLEM_RESPONSES)


@router.get(
    "/marac",
    summary="MARAC cases heard, year on year, by area",
    response_model=MaracStats,
)
async def marac_stats(
    session: DbSession,
    slot: LiveSlot,
    caller: ReportReader,
    period: PeriodFilter,
    settings: Settings,
    partnership: Partnership,
) -> dict:
    """Cases discussed at MARAC meetings in the period (by the date each was heard),
    against the same period a year earlier, with each MARAC area's cases and share of
    the total and the repeat rate. `?year=2023` gives the calendar year, as the
    committee report does. A small count, or one from which a small count could be
    worked out, shows as "suppressed"."""
    return await service.marac_stats(
        session=session,
        slot=slot,
        period=period,
        marac_areas=partnership.marac_area_codes,
        threshold=settings.small_number_threshold,
    )


@router.get(
    "/marac/actions",
    summary="MARAC actions falling due, by owner agency",
    response_model=MaracActions,
)
async def marac_actions(
    session: DbSession,
    slot: LiveSlot,
    caller: ReportReader,
    period: PeriodFilter,
    settings: Settings,
    partnership: Partnership,
    today: Annotated[
        date | None, Query(description="Count overdue actions as of this day (default today)")
    ] = None,
) -> dict:
    """Actions agreed at MARAC whose due date is in the period: how many each owner
    agency completed (on time or late), closed because circumstances changed, did not
    act on, or still has open, and of those open, once the period has ended, how many
    are overdue. An action is about a case, so these are protected: a small count, or
    one from which a small count could be worked out, shows as "suppressed"."""
    by_agency = await service.actions_by_agency(
        session=session,
        slot=slot,
        period=period,
        today=today or clock.today(),
        agencies=[agency.code for agency in partnership.agencies],
        threshold=settings.small_number_threshold,
    )
    return {
        "period": PeriodOut.of(period),
        "by_agency": by_agency,
        "threshold": settings.small_number_threshold,
    }
