"""Agency attendance over HTTP."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from reporting.access import ReportReader
from reporting.attendance import service
from reporting.attendance.schemas import AttendanceStats
from reporting.dependencies import DbSession, LiveSlot, PeriodFilter
from reporting.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/stats", tags=["attendance"], responses=PROBLEM_RESPONSES)

MaracAreaFilter = Annotated[
    str | None,
    Query(
        max_length=64,
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="Only this MARAC area",
        examples=["scarborough-ryedale"],
    ),
]


@router.get(
    "/attendance",
    summary="Agency attendance at MARAC and MATAC meetings",
    response_model=AttendanceStats,
)
async def attendance(
    session: DbSession,
    slot: LiveSlot,
    caller: ReportReader,
    period: PeriodFilter,
    meeting_kind: Annotated[
        Literal["marac", "matac"] | None, Query(description="Only MARAC or only MATAC meetings")
    ] = None,
    marac_area: MaracAreaFilter = None,
) -> dict:
    """For each agency, the meetings in the period at which it was present, sent
    apologies, sent information only, or was absent, and the escalations raised about
    it. The seed report's concern: agencies that keep missing meetings."""
    return await service.attendance_by_agency(
        session=session, slot=slot, period=period, meeting_kind=meeting_kind, marac_area=marac_area
    )
