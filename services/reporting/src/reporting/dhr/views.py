"""Domestic Homicide Review figures over HTTP."""

from typing import Annotated

from fastapi import APIRouter, Query

from reporting.access import ReportReader
from reporting.dependencies import DbSession, LiveSlot, Settings
from reporting.dhr import service
from reporting.dhr.schemas import DhrStats
from reporting.periods import MAX_YEAR, MIN_YEAR
from reporting.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/stats", tags=["dhr"], responses=PROBLEM_RESPONSES)

Since = Annotated[
    int | None,
    Query(
        ge=MIN_YEAR,
        le=MAX_YEAR,
        description="Reviews notified from 1 January of this year (default: the settings')",
        examples=[2018],
    ),
]


@router.get("/dhr", summary="Domestic Homicide Reviews since a year", response_model=DhrStats)
async def dhr_stats(
    session: DbSession,
    slot: LiveSlot,
    caller: ReportReader,
    settings: Settings,
    since: Since = None,
) -> dict:
    """Reviews notified since a year: notified, commissioned, published, awaiting
    publication, in progress and overdue; each review's stage now and the circumstances
    of the death; the median days spent in each stage; the recommendations by theme and
    status. Reviews are counted as they are (each published report is public); the
    victims' age band, gender and ethnic group are protected as small numbers."""
    return await service.dhr_stats(
        session=session,
        slot=slot,
        since=since or settings.dhr_since,
        stages=settings.dhr_stages,
        threshold=settings.small_number_threshold,
    )
