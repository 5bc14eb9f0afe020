"""Research returns (`marac:research`) and who has not returned (`marac:coordinate`)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body
from sqlalchemy import select

from csp_common.audit import AuditTrail
from csp_common.db import DbSession
from csp_common.errors import Problem, not_found
from marac.access import Coordinator, Researcher, coordinates
from marac.case.models import case_table
from marac.config.service import get_area_config
from marac.dependencies import Settings
from marac.meeting.views import visible_meeting
from marac.research.models import ResearchIn, ResearchOut, ResearchStatusOut
from marac.research.service import research_for, research_status, return_research

router = APIRouter(prefix="/v1/meetings", tags=["research"])


@router.put(
    "/{meeting_id}/cases/{case_id}/research",
    summary="Return your agency's research for a listed case",
    description=(
        "Scope `marac:research`, for an agency expected at the meeting. Returning again "
        "replaces your earlier return. `summary` is required when `has_information` is true."
    ),
    responses={
        404: {"description": "No such meeting or case visible to you"},
        409: {"description": "The meeting has been held"},
    },
)
async def put_research(
    meeting_id: uuid.UUID,
    case_id: uuid.UUID,
    session: DbSession,
    caller: Researcher,
    audit: AuditTrail,
    settings: Settings,
    research: Annotated[ResearchIn, Body()],
) -> ResearchOut:
    meeting = await visible_meeting(
        session, caller=caller, meeting_id=meeting_id, settings=settings
    )
    config = await get_area_config(session, area=meeting.marac_area, settings=settings)
    if caller.agency not in config.expected_agencies:
        raise not_found("meeting")
    listed = await session.scalar(
        select(case_table.c.id).where(
            case_table.c.id == str(case_id), case_table.c.meeting_id == meeting.id
        )
    )
    if listed is None:
        raise not_found("case")
    if meeting.status != "scheduled":
        raise Problem(
            409, "Conflict", "The meeting has been held: research is closed.", type="invalid-state"
        )
    if research.has_information and not research.summary:
        raise Problem(
            422,
            "Invalid research",
            "summary is required when has_information is true.",
            type="validation",
        )
    await return_research(
        session,
        case_id=listed,
        meeting_id=meeting.id,
        agency=caller.agency,
        has_information=research.has_information,
        summary=research.summary,
    )
    await audit.record(action="research", record_type="marac_case", record_ids=[listed])
    returned = await research_for(session, meeting_id=meeting.id)
    await session.commit()
    return next(r for r in returned[listed] if r.agency == caller.agency)


@router.get(
    "/{meeting_id}/research-status",
    summary="Which expected agencies have not returned research",
    description=(
        "Scope `marac:coordinate` for the meeting's area: per listed case, the agencies "
        "that returned research and those that have not."
    ),
    responses={404: {"description": "No such meeting visible to you"}},
)
async def get_research_status(
    meeting_id: uuid.UUID,
    session: DbSession,
    caller: Coordinator,
    audit: AuditTrail,
    settings: Settings,
) -> ResearchStatusOut:
    meeting = await visible_meeting(
        session, caller=caller, meeting_id=meeting_id, settings=settings
    )
    if not coordinates(caller, meeting.marac_area):
        raise not_found("meeting")
    config = await get_area_config(session, area=meeting.marac_area, settings=settings)
    case_ids = list(
        (
            await session.execute(
                select(case_table.c.id)
                .where(case_table.c.meeting_id == meeting.id)
                .order_by(case_table.c.id)
            )
        ).scalars()
    )
    returned = await research_for(session, meeting_id=meeting.id)
    await audit.record(action="research-status", record_type="marac_case", record_ids=case_ids)
    await session.commit()
    return research_status(
        meeting_id=meeting.id,
        case_ids=case_ids,
        expected=config.expected_agencies,
        returned=returned,
    )
