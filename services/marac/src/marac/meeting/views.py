"""`/v1/meetings`: schedule, case list, pack and the record of a meeting."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel, Field
from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.audit import AuditTrail
from csp_common.auth import Caller
from csp_common.db import DbSession
from csp_common.errors import Problem, not_found
from marac.access import (
    COORDINATE,
    Coordinator,
    MeetingReader,
    area_not_visible,
    coordinates,
    coordinator_scope,
    may_see_meeting,
)
from marac.action.models import ActionOut, action_table
from marac.action.service import action_out, outstanding_for
from marac.attendance.models import attendance_table
from marac.case.models import CaseOut, case_table
from marac.case.service import case_out, case_with_meeting
from marac.common import AreaCode, InputDate
from marac.config.service import check_marac_area, get_area_config, get_area_configs, get_policy
from marac.dependencies import Settings
from marac.matac.models import NominationOut, nomination_table
from marac.matac.service import nomination_out
from marac.meeting.flows import cancel_meeting, record_meeting
from marac.meeting.models import (
    MeetingIn,
    MeetingKind,
    MeetingOut,
    MeetingRecordIn,
    MeetingRecordOut,
    MeetingStatus,
    meeting_table,
)
from marac.meeting.service import get_meeting, meeting_out, meeting_row, meeting_with_count
from marac.pagination import Page, page_of, paginate, sort_pattern
from marac.research.models import ResearchOut
from marac.research.service import research_for
from marac.settings import MaracSettings

router = APIRouter(prefix="/v1/meetings", tags=["meetings"])

MEETING_SORTS = {"held_on": meeting_table.c.held_on, "created_at": meeting_table.c.created_at}
NOT_FOUND = {404: {"description": "No such meeting, or not visible to you"}}


class CaseList(BaseModel):
    meeting: MeetingOut
    cases: list[CaseOut]


async def visible_meeting(
    session: AsyncSession, *, caller: Caller, meeting_id: uuid.UUID, settings: MaracSettings
) -> Row:
    row = await get_meeting(session, meeting_id=str(meeting_id))
    if row is None:
        raise not_found("meeting")
    config = await get_area_config(session, area=row.marac_area, settings=settings)
    if not may_see_meeting(
        caller, marac_area=row.marac_area, expected_agencies=config.expected_agencies
    ):
        raise not_found("meeting")
    return row


async def readable_areas(
    session: AsyncSession, *, caller: Caller, area: str | None, settings: MaracSettings
) -> list[str] | None:
    """Areas whose meetings the caller may list; None means every area."""
    if caller.has(COORDINATE):
        scope_area = coordinator_scope(caller, area)
        return None if scope_area is None else [scope_area]
    configs = await get_area_configs(session, settings=settings)
    expected_at = [a for a, (c, _) in configs.items() if caller.agency in c.expected_agencies]
    if area is not None:
        if area not in expected_at:
            raise area_not_visible(area)
        return [area]
    return expected_at


@router.get(
    "",
    summary="List meetings",
    description=(
        "Coordinators see their area's meetings (see `GET /v1/cases` for the area rule); "
        "agencies with `marac:research` see the meetings of the areas that expect them. "
        "Meetings are generated from each area's cadence as cases are listed."
    ),
)
async def list_meetings(
    session: DbSession,
    caller: MeetingReader,
    settings: Settings,
    area: Annotated[
        AreaCode | None, Query(description="MARAC area code", examples=["york"])
    ] = None,
    kind: MeetingKind | None = None,
    status: MeetingStatus | None = None,
    held_from: Annotated[InputDate | None, Query(alias="from", description="On or after")] = None,
    held_to: Annotated[InputDate | None, Query(alias="to", description="On or before")] = None,
    sort: Annotated[
        str, Query(max_length=40, pattern=sort_pattern(list(MEETING_SORTS)))
    ] = "held_on",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Page[MeetingOut]:
    if area is not None:
        check_marac_area(area)
    areas = await readable_areas(session, caller=caller, area=area, settings=settings)
    statement = meeting_with_count
    if areas is not None:
        statement = statement.where(meeting_table.c.marac_area.in_(areas))
    if kind is not None:
        statement = statement.where(meeting_table.c.kind == kind)
    if status is not None:
        statement = statement.where(meeting_table.c.status == status)
    if held_from is not None:
        statement = statement.where(meeting_table.c.held_on >= held_from)
    if held_to is not None:
        statement = statement.where(meeting_table.c.held_on <= held_to)
    statement = paginate(
        statement,
        sort=sort,
        columns=MEETING_SORTS,
        id_column=meeting_table.c.id,
        limit=limit,
        cursor=cursor,
    )
    rows = (await session.execute(statement)).all()
    return page_of(rows, sort=sort, limit=limit, key=sort.lstrip("-"), to_item=meeting_out)


@router.post(
    "",
    status_code=201,
    summary="Add a meeting outside the cadence",
    description="Scope `marac:coordinate` for the area. The regular schedule needs no call.",
    responses={409: {"description": "The area already has a meeting of that kind that day"}},
)
async def create_meeting(
    session: DbSession,
    caller: Coordinator,
    settings: Settings,
    meeting: Annotated[MeetingIn, Body()],
) -> MeetingOut:
    check_marac_area(meeting.area)
    if not coordinates(caller, meeting.area):
        raise area_not_visible(meeting.area)
    config = await get_area_config(session, area=meeting.area, settings=settings)
    exists = await session.scalar(
        select(meeting_table.c.id).where(
            meeting_table.c.kind == meeting.kind,
            meeting_table.c.marac_area == meeting.area,
            meeting_table.c.held_on == meeting.held_on,
        )
    )
    if exists:
        raise Problem(
            409,
            "Conflict",
            "There is already a meeting that day.",
            type="duplicate",
            meeting_id=exists,
        )
    row = meeting_row(
        area=meeting.area,
        held_on=meeting.held_on,
        kind=meeting.kind,
        capacity=meeting.capacity or config.case_cap,
        venue=meeting.venue,
    )
    await session.execute(meeting_table.insert().values(row))
    created = await get_meeting(session, meeting_id=row["id"])
    await session.commit()
    return meeting_out(created)


@router.get(
    "/{meeting_id}",
    summary="Read one meeting",
    description="Coordinators of the area and the agencies expected at its meetings.",
    responses=NOT_FOUND,
)
async def read_meeting(
    meeting_id: uuid.UUID, session: DbSession, caller: MeetingReader, settings: Settings
) -> MeetingOut:
    return meeting_out(
        await visible_meeting(session, caller=caller, meeting_id=meeting_id, settings=settings)
    )


@router.get(
    "/{meeting_id}/case-list",
    summary="The case list of a meeting",
    description=(
        "Urgent cases first, then by referral date. Bounded by the meeting's capacity, so "
        "not paginated. Coordinators of the area and the agencies expected at it."
    ),
    responses=NOT_FOUND,
)
async def case_list(
    meeting_id: uuid.UUID,
    session: DbSession,
    caller: MeetingReader,
    audit: AuditTrail,
    settings: Settings,
) -> CaseList:
    meeting = await visible_meeting(
        session, caller=caller, meeting_id=meeting_id, settings=settings
    )
    rows = (
        await session.execute(
            case_with_meeting.where(case_table.c.meeting_id == meeting.id).order_by(
                case_table.c.urgent.desc(), case_table.c.referred_on, case_table.c.id
            )
        )
    ).all()
    cases = [case_out(row) for row in rows]
    await audit.record(action="list", record_type="marac_case", record_ids=[c.id for c in cases])
    await session.commit()
    return CaseList(meeting=meeting_out(meeting), cases=cases)


class PackCase(CaseOut):
    research: list[ResearchOut]


class MeetingPack(BaseModel):
    meeting: MeetingOut
    expected_agencies: list[str]
    cases: list[PackCase] = Field(description="MARAC: the case list with research so far")
    outstanding_actions: list[ActionOut] = Field(description="MARAC: actions still open")
    nominations: list[NominationOut] = Field(description="MATAC: the subjects listed")


@router.get(
    "/{meeting_id}/pack",
    summary="The meeting pack",
    description=(
        "For the coordinator and the agencies expected at the meeting: the case list with "
        "the research returned so far, and the actions of earlier meetings still outstanding."
    ),
    responses=NOT_FOUND,
)
async def meeting_pack(
    meeting_id: uuid.UUID,
    session: DbSession,
    caller: MeetingReader,
    audit: AuditTrail,
    settings: Settings,
) -> MeetingPack:
    meeting = await visible_meeting(
        session, caller=caller, meeting_id=meeting_id, settings=settings
    )
    config = await get_area_config(session, area=meeting.marac_area, settings=settings)
    rows = (
        await session.execute(
            case_with_meeting.where(case_table.c.meeting_id == meeting.id).order_by(
                case_table.c.urgent.desc(), case_table.c.referred_on, case_table.c.id
            )
        )
    ).all()
    research = await research_for(session, meeting_id=meeting.id)
    cases = [PackCase(**case_out(r).model_dump(), research=research.get(r.id, [])) for r in rows]
    outstanding = []
    nominations = []
    if meeting.kind == "marac":
        outstanding = (
            await session.execute(
                outstanding_for(
                    area=meeting.marac_area, meeting_id=meeting.id, held_on=meeting.held_on
                ).order_by(action_table.c.due_on, action_table.c.id)
            )
        ).all()
    else:
        nominations = (
            await session.execute(
                select(nomination_table)
                .where(nomination_table.c.meeting_id == meeting.id)
                .order_by(nomination_table.c.entry_score.desc(), nomination_table.c.id)
            )
        ).all()
        await audit.record(
            action="pack",
            record_type="matac_subject",
            record_ids=[n.subject_id for n in nominations],
        )
    await audit.record(action="pack", record_type="marac_case", record_ids=[c.id for c in cases])
    await session.commit()
    return MeetingPack(
        meeting=meeting_out(meeting),
        expected_agencies=config.expected_agencies,
        cases=cases,
        outstanding_actions=[action_out(a) for a in outstanding],
        nominations=[nomination_out(n) for n in nominations],
    )


@router.put(
    "/{meeting_id}/record",
    summary="Record a meeting that was held",
    description=(
        "Scope `marac:coordinate` for the area. Stores chair, confidentiality statement, "
        "attendance (expected agencies not listed count as absent), the cases heard with "
        "information shared and actions agreed, and the review of outstanding actions. "
        "Listed cases not heard move to the next meeting; outstanding actions not completed "
        "carry to it, marked circumstances_changed or agency_did_not_act. May raise "
        "attendance escalations. A meeting is recorded once."
    ),
    responses={**NOT_FOUND, 409: {"description": "Already recorded or cancelled"}},
)
async def put_record(
    meeting_id: uuid.UUID,
    session: DbSession,
    caller: Coordinator,
    audit: AuditTrail,
    settings: Settings,
    record: Annotated[MeetingRecordIn, Body()],
) -> MeetingRecordOut:
    meeting = await visible_meeting(
        session, caller=caller, meeting_id=meeting_id, settings=settings
    )
    if not coordinates(caller, meeting.marac_area):
        raise not_found("meeting")
    configs = {a: c for a, (c, _) in (await get_area_configs(session, settings=settings)).items()}
    summary = await record_meeting(
        session,
        meeting=dict(meeting._mapping),
        record=record,
        config=configs[meeting.marac_area],
        policy=await get_policy(session, settings=settings),
        configs=configs,
    )
    await audit.record(
        action="record", record_type="marac_case", record_ids=[c.case_id for c in record.cases]
    )
    updated = await get_meeting(session, meeting_id=meeting.id)
    await session.commit()
    return MeetingRecordOut(meeting=meeting_out(updated), **summary.__dict__)


class AttendanceOut(BaseModel):
    agency: str
    status: str


@router.get(
    "/{meeting_id}/attendance",
    summary="Attendance at a held meeting",
    description="One row per agency: present, apologies, information_only or absent.",
    responses=NOT_FOUND,
)
async def meeting_attendance(
    meeting_id: uuid.UUID, session: DbSession, caller: MeetingReader, settings: Settings
) -> list[AttendanceOut]:
    meeting = await visible_meeting(
        session, caller=caller, meeting_id=meeting_id, settings=settings
    )
    rows = await session.execute(
        select(attendance_table.c.agency, attendance_table.c.status)
        .where(attendance_table.c.meeting_id == meeting.id)
        .order_by(attendance_table.c.agency)
    )
    return [AttendanceOut(agency=a, status=s) for a, s in rows]


@router.post(
    "/{meeting_id}/cancellation",
    summary="Cancel a scheduled meeting",
    description=(
        "Scope `marac:coordinate` for the area. Its listed cases move to the next meeting "
        "with room (a `case_listed` event each), and the cadence skips its date."
    ),
    responses={**NOT_FOUND, 409: {"description": "The meeting is held or cancelled"}},
)
async def cancel(
    meeting_id: uuid.UUID,
    session: DbSession,
    caller: Coordinator,
    settings: Settings,
) -> MeetingOut:
    meeting = await visible_meeting(
        session, caller=caller, meeting_id=meeting_id, settings=settings
    )
    if not coordinates(caller, meeting.marac_area):
        raise not_found("meeting")
    if meeting.status != "scheduled":
        raise Problem(409, "Conflict", f"The meeting is {meeting.status}.", type="invalid-state")
    configs = {a: c for a, (c, _) in (await get_area_configs(session, settings=settings)).items()}
    await cancel_meeting(session, meeting=dict(meeting._mapping), configs=configs)
    updated = await get_meeting(session, meeting_id=meeting.id)
    await session.commit()
    return meeting_out(updated)
