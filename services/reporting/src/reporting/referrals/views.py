"""Referral figures over HTTP."""

from typing import Annotated

from fastapi import APIRouter, Query

from reporting.dependencies import (
    AppSettings,
    DbSession,
    LiveSlot,
    PeriodFilter,
    ReportReader,
    invalid_period,
)
from reporting.hate_crime.views import AreaFilter
from reporting.problems import PROBLEM_RESPONSES
from reporting.referrals import service
from reporting.referrals.schemas import ReferralStats

router = APIRouter(prefix="/v1/stats", tags=["referrals"], responses=PROBLEM_RESPONSES)


def parse_group_by(text: str | None) -> list[str]:
    if not text:
        return []
    dims = [d.strip() for d in text.split(",") if d.strip()]
    unknown = [d for d in dims if d not in service.DIMENSIONS]
    if unknown:
        raise invalid_group_by(
            f"cannot group by {', '.join(unknown)[:80]}; choose from "
            + ", ".join(service.DIMENSIONS)
        )
    if len(dims) > service.MAX_GROUP_BY or len(set(dims)) != len(dims):
        raise invalid_group_by("group_by takes one or two different dimensions")
    return dims


def invalid_group_by(detail: str):
    problem = invalid_period(detail)
    problem.title = "Invalid group_by"
    problem.type = "invalid-group-by"
    return problem


@router.get(
    "/referrals",
    summary="Referrals received in a period, grouped",
    response_model=ReferralStats,
)
async def referral_stats(
    session: DbSession,
    slot: LiveSlot,
    caller: ReportReader,
    period: PeriodFilter,
    settings: AppSettings,
    group_by: Annotated[
        str | None,
        Query(
            max_length=60,
            description="One or two of: " + ", ".join(service.DIMENSIONS) + " (comma-separated)",
            examples=["area", "area,risk_level"],
        ),
    ] = None,
    area: AreaFilter = None,
) -> dict:
    """Referrals received in the period (by the day referral-hub received them) against
    the same period a year earlier, grouped by one or two dimensions. `risk_level` is
    the latest DASH assessment, `status` the latest status, `provider` and `service`
    the commissioned services the referral was routed to. Counts from 1 to 4 show as
    "<5", and a group from which one could be worked out shows as "suppressed"."""
    return await service.referral_stats(
        session=session,
        slot=slot,
        period=period,
        group_by=parse_group_by(group_by),
        threshold=settings.small_number_threshold,
        area=area,
    )
