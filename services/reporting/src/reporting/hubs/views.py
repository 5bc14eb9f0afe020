"""Community safety hub figures over HTTP."""

from typing import Annotated

from fastapi import APIRouter, Query

from reporting.access import ReportReader
from reporting.dependencies import DbSession, LiveSlot, Partnership, PeriodFilter, Settings
from reporting.hubs import service
from reporting.hubs.schemas import HubStats
from reporting.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/stats", tags=["community safety hubs"], responses=PROBLEM_RESPONSES)

HubFilter = Annotated[
    str | None,
    Query(
        max_length=64,
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="Only this community safety hub area",
        examples=["scarborough"],
    ),
]


@router.get(
    "/hubs",
    summary="Community safety hub cases, interventions and ASB case reviews, year on year",
    response_model=HubStats,
)
async def hub_stats(
    session: DbSession,
    slot: LiveSlot,
    caller: ReportReader,
    period: PeriodFilter,
    settings: Settings,
    partnership: Partnership,
    hub: HubFilter = None,
) -> dict:
    """Hub cases opened and closed in the period (`?period=2023-24` for the financial
    year 2023/24) against the same period a year before, by hub and kind; the cases
    opened about a repeat location or with a repeat victim, and their risk levels; the
    incidents logged; interventions issued and breached by kind; the outcomes of the
    cases closed; and, for the ASB case review ("community trigger"), the applications
    received, those not meeting the threshold, the reviews held and those making
    recommendations. Counts from 1 to 4, and any from which such a count could be worked
    out, show as "suppressed"."""
    return await service.hub_stats(
        session=session,
        slot=slot,
        period=period,
        codes=service.HubCodes.of(partnership),
        threshold=settings.small_number_threshold,
        hub=hub,
    )
