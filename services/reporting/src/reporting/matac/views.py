"""MATAC figures over HTTP."""

from fastapi import APIRouter

from reporting.access import ReportReader
from reporting.dependencies import DbSession, LiveSlot, Partnership, PeriodFilter, Settings
from reporting.matac import service
from reporting.matac.schemas import MatacStats
from reporting.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/stats", tags=["matac"], responses=PROBLEM_RESPONSES)


@router.get(
    "/matac",
    summary="MATAC nominations, interventions and score changes",
    response_model=MatacStats,
)
async def matac_stats(
    session: DbSession,
    slot: LiveSlot,
    caller: ReportReader,
    period: PeriodFilter,
    settings: Settings,
    partnership: Partnership,
) -> dict:
    """Perpetrators nominated to MATAC in the period by area and how many are serial
    perpetrators; interventions started by kind; and for subjects who exited in the
    period, how many left with a lower RFGV score than they entered with."""
    return await service.matac_stats(
        session=session,
        slot=slot,
        period=period,
        marac_areas=partnership.marac_area_codes,
        threshold=settings.small_number_threshold,
    )
