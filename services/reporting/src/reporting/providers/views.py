"""Commissioned services' performance over HTTP."""

from fastapi import APIRouter

from reporting.access import ReportReader
from reporting.dependencies import DbSession, LiveSlot, PeriodFilter, Settings
from reporting.hate_crime.views import AreaFilter
from reporting.problems import PROBLEM_RESPONSES
from reporting.providers import service
from reporting.providers.schemas import ProviderPerformance

router = APIRouter(prefix="/v1/stats", tags=["providers"], responses=PROBLEM_RESPONSES)


@router.get(
    "/providers",
    summary="Commissioned services: referrals received, accepted, contacted, engaged, closed",
    response_model=ProviderPerformance,
)
async def provider_performance(
    session: DbSession,
    slot: LiveSlot,
    caller: ReportReader,
    period: PeriodFilter,
    settings: Settings,
    area: AreaFilter = None,
) -> dict:
    """For the referrals routed to each provider and service in the period: how many
    were accepted or declined, contacted, engaged and closed (with their outcomes), and
    the median days from routing to first contact; and, beside them, what each service
    reported in its own quarterly returns (referrals from all sources, self-referrals,
    closures and their outcomes, caseload and waiting at the last quarter's end)."""
    return await service.provider_performance(
        session=session,
        slot=slot,
        period=period,
        threshold=settings.small_number_threshold,
        area=area,
    )
