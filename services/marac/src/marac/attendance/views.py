"""Attendance rates per agency over time, and escalations for the coordinator and partnership."""

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from sqlalchemy import select, update

from csp_common import clock
from csp_common.db import DbSession
from csp_common.errors import Problem, not_found
from marac.access import Coordinator, coordinates, coordinator_scope
from marac.attendance.models import AttendanceRate, EscalationOut, escalation_table
from marac.attendance.service import attendance_rates
from marac.common import AgencyCode, AreaCode, InputDate
from marac.config.service import check_marac_area
from marac.pagination import Page, page_of, paginate, sort_pattern

router = APIRouter(tags=["attendance"])
ESCALATION_SORTS = {"raised_on": escalation_table.c.raised_on}


@router.get(
    "/v1/attendance",
    summary="Attendance rate per agency per area over time",
    description=(
        "Scope `marac:coordinate` (area rule as `GET /v1/cases`; admin without an area sees "
        "every area: the partnership's view). One row per area, agency and period."
    ),
)
async def get_attendance(
    session: DbSession,
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
    return await attendance_rates(
        session,
        areas=None if scope_area is None else [scope_area],
        kind=kind,
        start=start,
        end=end,
        period=period,
        agency=agency,
    )


def _escalation_out(row) -> EscalationOut:  # type: ignore[no-untyped-def]
    m = row._mapping
    return EscalationOut(
        id=m["id"],
        area=m["marac_area"],
        agency=m["agency"],
        missed=m["missed"],
        of_meetings=m["of_meetings"],
        raised_on=m["raised_on"],
        meeting_id=m["meeting_id"],
        status=m["status"],
        resolved_on=m["resolved_on"],
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
    session: DbSession,
    caller: Coordinator,
    area: Annotated[AreaCode | None, Query(examples=["selby"])] = None,
    status: Literal["open", "resolved"] | None = None,
    sort: Annotated[
        str, Query(max_length=40, pattern=sort_pattern(list(ESCALATION_SORTS)))
    ] = "-raised_on",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Page[EscalationOut]:
    if area is not None:
        check_marac_area(area)
    scope_area = coordinator_scope(caller, area)
    statement = select(escalation_table)
    if scope_area is not None:
        statement = statement.where(escalation_table.c.marac_area == scope_area)
    if status is not None:
        statement = statement.where(escalation_table.c.status == status)
    statement = paginate(
        statement,
        sort=sort,
        columns=ESCALATION_SORTS,
        id_column=escalation_table.c.id,
        limit=limit,
        cursor=cursor,
    )
    rows = (await session.execute(statement)).all()
    return page_of(rows, sort=sort, limit=limit, key=sort.lstrip("-"), to_item=_escalation_out)


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
    escalation_id: uuid.UUID, session: DbSession, caller: Coordinator
) -> EscalationOut:
    row = (
        await session.execute(
            select(escalation_table).where(escalation_table.c.id == str(escalation_id))
        )
    ).first()
    if row is None or not coordinates(caller, row.marac_area):
        raise not_found("escalation")
    if row.status != "open":
        raise Problem(409, "Conflict", "The escalation is already resolved.", type="invalid-state")
    await session.execute(
        update(escalation_table)
        .where(escalation_table.c.id == row.id)
        .values(status="resolved", resolved_on=clock.today())
    )
    updated = (
        await session.execute(select(escalation_table).where(escalation_table.c.id == row.id))
    ).one()
    await session.commit()
    return _escalation_out(updated)
