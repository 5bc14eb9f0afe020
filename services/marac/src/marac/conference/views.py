"""`/v1/meetings`: schedule, case list, pack and the record of a meeting."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query

from csp_common.errors import Problem
from csp_common.pagination import Page, PageRequest, signed_sort_params
from marac.access import Coordinator, MeetingReader, coordinates
from marac.action.service import action_out
from marac.areas import check_marac_area
from marac.case.service import case_out
from marac.conference import service
from marac.conference.flows import add_meeting, cancel_meeting, record_meeting
from marac.conference.schemas import (
    AttendanceOut,
    CaseList,
    MeetingPack,
    MeetingRecordIn,
    MeetingRecordOut,
    PackCase,
)
from marac.config.service import get_area_config, get_area_configs, get_policy
from marac.dependencies import DbSession, Settings, UnitOfWork
from marac.fields import AreaCode, InputDate
from marac.matac.service import nomination_out
from marac.meeting.schemas import MeetingIn, MeetingKind, MeetingOut, MeetingStatus
from marac.meeting.service import coordinated_meeting, readable_areas, visible_meeting
from marac.problems import area_not_visible
from marac.research.service import research_for

router = APIRouter(prefix="/v1/meetings", tags=["meetings"])

MeetingPages = Annotated[
    PageRequest, Depends(signed_sort_params(service.MEETINGS, default="held_on", max_limit=500))
]
NOT_FOUND = {404: {"description": "No such meeting, or not visible to you"}}


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
    pages: MeetingPages,
    area: Annotated[
        AreaCode | None, Query(description="MARAC area code", examples=["york"])
    ] = None,
    kind: MeetingKind | None = None,
    status: MeetingStatus | None = None,
    held_from: Annotated[InputDate | None, Query(alias="from", description="On or after")] = None,
    held_to: Annotated[InputDate | None, Query(alias="to", description="On or before")] = None,
) -> Page[MeetingOut]:
    if area is not None:
        check_marac_area(area)
    areas = await readable_areas(session, caller=caller, area=area, settings=settings)
    return await service.list_meetings(
        session,
        areas=areas,
        kind=kind,
        status=status,
        held_from=held_from,
        held_to=held_to,
        pages=pages,
    )


@router.post(
    "",
    status_code=201,
    summary="Add a meeting outside the cadence",
    description="Scope `marac:coordinate` for the area. The regular schedule needs no call.",
    responses={409: {"description": "The area already has a meeting of that kind that day"}},
)
async def create_meeting(
    work: UnitOfWork,
    caller: Coordinator,
    settings: Settings,
    meeting: Annotated[MeetingIn, Body()],
) -> MeetingOut:
    check_marac_area(meeting.area)
    if not coordinates(caller, meeting.area):
        raise area_not_visible(meeting.area)
    config = await get_area_config(work.session, area=meeting.area, settings=settings)
    meeting_id = await add_meeting(work, body=meeting, config=config)
    return await service.meeting_listed(work.session, meeting_id=meeting_id)


@router.get(
    "/{meeting_id}",
    summary="Read one meeting",
    description="Coordinators of the area and the agencies expected at its meetings.",
    responses=NOT_FOUND,
)
async def read_meeting(
    meeting_id: uuid.UUID, session: DbSession, caller: MeetingReader, settings: Settings
) -> MeetingOut:
    meeting = await visible_meeting(
        session, caller=caller, meeting_id=meeting_id, settings=settings
    )
    return await service.meeting_listed(session, meeting_id=meeting.id)


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
    meeting_id: uuid.UUID, work: UnitOfWork, caller: MeetingReader, settings: Settings
) -> CaseList:
    meeting = await visible_meeting(
        work.session, caller=caller, meeting_id=meeting_id, settings=settings
    )
    cases = [case_out(row) for row in await service.cases_at(work.session, meeting_id=meeting.id)]
    work.audit(action="list", record_type="marac_case", record_ids=[c.id for c in cases])
    return CaseList(
        meeting=await service.meeting_listed(work.session, meeting_id=meeting.id), cases=cases
    )


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
    meeting_id: uuid.UUID, work: UnitOfWork, caller: MeetingReader, settings: Settings
) -> MeetingPack:
    session = work.session
    meeting = await visible_meeting(
        session, caller=caller, meeting_id=meeting_id, settings=settings
    )
    config = await get_area_config(session, area=meeting.marac_area, settings=settings)
    rows = await service.cases_at(session, meeting_id=meeting.id)
    research = await research_for(session, meeting_id=meeting.id)
    cases = [PackCase(**case_out(r).model_dump(), research=research.get(r.id, [])) for r in rows]
    outstanding = []
    nominations = []
    if meeting.kind == "marac":
        outstanding = await service.outstanding_at(session, meeting=meeting)
    else:
        nominations = await service.nominations_at(session, meeting_id=meeting.id)
        work.audit(
            action="pack",
            record_type="matac_subject",
            record_ids=[n.subject_id for n in nominations],
        )
    work.audit(action="pack", record_type="marac_case", record_ids=[c.id for c in cases])
    return MeetingPack(
        meeting=await service.meeting_listed(session, meeting_id=meeting.id),
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
    work: UnitOfWork,
    caller: Coordinator,
    settings: Settings,
    record: Annotated[MeetingRecordIn, Body()],
) -> MeetingRecordOut:
    session = work.session
    meeting = await coordinated_meeting(
        session, caller=caller, meeting_id=meeting_id, settings=settings
    )
    configs = {a: c for a, (c, _) in (await get_area_configs(session, settings=settings)).items()}
    summary = await record_meeting(
        work,
        meeting=dict(meeting._mapping),
        record=record,
        config=configs[meeting.marac_area],
        policy=await get_policy(session, settings=settings),
        configs=configs,
    )
    work.audit(
        action="record", record_type="marac_case", record_ids=[c.case_id for c in record.cases]
    )
    return MeetingRecordOut(
        meeting=await service.meeting_listed(session, meeting_id=meeting.id), **summary.__dict__
    )


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
    return await service.attendance_at(session, meeting_id=meeting.id)


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
    meeting_id: uuid.UUID, work: UnitOfWork, caller: Coordinator, settings: Settings
) -> MeetingOut:
    session = work.session
    meeting = await coordinated_meeting(
        session, caller=caller, meeting_id=meeting_id, settings=settings
    )
    if meeting.status != "scheduled":
        raise Problem(409, "Conflict", f"The meeting is {meeting.status}.", type="invalid-state")
    configs = {a: c for a, (c, _) in (await get_area_configs(session, settings=settings)).items()}
    await cancel_meeting(work, meeting=dict(meeting._mapping), configs=configs)
    return await service.meeting_listed(session, meeting_id=meeting.id)
