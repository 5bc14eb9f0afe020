"""Attendance rates per agency over time, and escalations for the coordinator and partnership."""

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from csp_common import clock
from csp_common.errors import Problem, not_found
from csp_common.pagination import Page, PageRequest, signed_sort_params
from marac.access import Coordinator, coordinates, coordinator_scope
from marac.areas import check_marac_area
from marac.attendance import service
from marac.attendance.schemas import AttendanceRate, EscalationOut
from marac.dependencies import UnitOfWork
from marac.fields import AgencyCode, AreaCode, InputDate

router = APIRouter(tags=["attendance"])
EscalationPages = Annotated[
    PageRequest,
    Depends(signed_sort_params(service.ESCALATIONS, default="-raised_on", max_limit=500)),
]


@router.get(
    "/v1/attendance",
    summary="Attendance rate per agency per area over time",
    description=(
        "Scope `marac:coordinate` (area rule as `GET /v1/cases`; admin without an area sees "
        "every area: the partnership's view). One row per area, agency and period."
    ),
)
async def get_attendance(
    work: UnitOfWork,
    caller: Coordinator,
    area: Annotated[AreaCode | None, Query(examples=["selby"])] = None,
    kind: Literal["marac", "matac"] = "marac",
    start: Annotated[InputDate | None, Query(alias="from")] = None,
    end: Annotated[InputDate | None, Query(alias="to")] = None,
    period: Literal["month", "quarter", "year"] = "quarter",
    agency: Annotated[AgencyCode | None, Query()] = None,
) -> list[AttendanceRate]:
    if area is not None:
        check_marac_area(area)
    scope_area = coordinator_scope(caller, area)
    return await service.attendance_rates(
        work.session,
        areas=None if scope_area is None else [scope_area],
        kind=kind,
        start=start,
        end=end,
        period=period,
        agency=agency,
    )


@router.get(
    "/v1/escalations",
    summary="Agencies escalated for missing meetings",
    description=(
        "Raised when an agency misses N of its last M meetings (configurable). The "
        "coordinator sees their area's; a partnership token (admin, no area) sees all."
    ),
)
async def list_escalations(
    work: UnitOfWork,
    caller: Coordinator,
    pages: EscalationPages,
    area: Annotated[AreaCode | None, Query(examples=["selby"])] = None,
    status: Literal["open", "resolved"] | None = None,
) -> Page[EscalationOut]:
    if area is not None:
        check_marac_area(area)
    return await service.list_escalations(
        work.session, area=coordinator_scope(caller, area), status=status, pages=pages
    )


@router.post(
    "/v1/escalations/{escalation_id}/resolution",
    summary="Resolve an escalation",
    description="Scope `marac:coordinate` for the area, once the agency's engagement is restored.",
    responses={
        404: {"description": "Not visible to you"},
        409: {"description": "Already resolved"},
    },
)
async def resolve_escalation(
    escalation_id: uuid.UUID, work: UnitOfWork, caller: Coordinator
) -> EscalationOut:
    row = await service.get_escalation(work.session, escalation_id=str(escalation_id))
    if row is None or not coordinates(caller, row.marac_area):
        raise not_found("escalation")
    if row.status != "open":
        raise Problem(409, "Conflict", "The escalation is already resolved.", type="invalid-state")
    await service.resolve_escalation(work.session, escalation_id=row.id, on=clock.today())
    return service.escalation_out(await service.get_escalation(work.session, escalation_id=row.id))
