"""Hate crime figures over HTTP."""

from typing import Annotated

from fastapi import APIRouter, Query

from reporting.access import ReportReader
from reporting.dependencies import DbSession, LiveSlot, Partnership, PeriodFilter, Settings
from reporting.hate_crime import service
from reporting.hate_crime.schemas import HateCrimeStats
from reporting.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/stats", tags=["hate crime"], responses=PROBLEM_RESPONSES)

AreaFilter = Annotated[
    str | None,
    Query(
        max_length=64,
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="Only this community safety hub area",
        examples=["york"],
    ),
]


@router.get(
    "/hate-crime",
    summary="Hate crimes in a period, year on year, by strand, hour and day of the week",
    response_model=HateCrimeStats,
)
async def hate_crime_stats(
    session: DbSession,
    slot: LiveSlot,
    caller: ReportReader,
    period: PeriodFilter,
    settings: Settings,
    partnership: Partnership,
    area: AreaFilter = None,
) -> dict:
    """Hate crimes reported in the period (`?fy=2023-24&quarter=3` for the third quarter
    of 2023/24) against the same period a year earlier; crimes against police officers
    on duty; each strand's count and share; the local hour of day and the day of the
    week they happened (Monday to Sunday, and weekdays against the weekend). Counts
    from 1 to 4, and any from which such a count could be worked out, show as
    "suppressed"."""
    return await service.hate_crime_stats(
        session=session,
        slot=slot,
        period=period,
        areas=partnership.area_codes,
        threshold=settings.small_number_threshold,
        area=area,
    )
