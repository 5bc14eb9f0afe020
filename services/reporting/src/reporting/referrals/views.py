"""Referral figures over HTTP."""

from typing import Annotated

from fastapi import APIRouter, Query

from reporting.access import ReportReader
from reporting.dependencies import (
    DbSession,
    LiveSlot,
    Partnership,
    PeriodFilter,
    Settings,
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
            + " (routes to commissioned services: /v1/stats/providers)"
        )
    if len(dims) > service.MAX_GROUP_BY or len(set(dims)) != len(dims):
        raise invalid_group_by("group_by takes one or two different dimensions")
    if len([d for d in dims if d not in service.PLACES]) > 1:
        raise invalid_group_by(
            "group_by takes one characteristic at a time, alone or with area, month or "
            "quarter: two characteristics crossed would give counts too small to publish"
        )
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
    settings: Settings,
    partnership: Partnership,
    group_by: Annotated[
        str | None,
        Query(
            max_length=60,
            description="One or two of: "
            + ", ".join(service.DIMENSIONS)
            + " (comma-separated; at most one besides area, month and quarter)",
            examples=["area", "area,risk_level"],
        ),
    ] = None,
    area: AreaFilter = None,
) -> dict:
    """Referrals received in the period (by the day referral-hub received them) against
    the same period a year earlier, grouped by a characteristic, by area, month or
    quarter, or by one of those within another. `risk_level` is the latest DASH
    assessment, `status` the latest status. A count that is small, or from which a
    small count could be worked out with any other figure, shows as "suppressed"."""
    return await service.referral_stats(
        session=session,
        slot=slot,
        period=period,
        group_by=parse_group_by(group_by),
        threshold=settings.small_number_threshold,
        area=area,
        areas=partnership.area_codes,
    )
