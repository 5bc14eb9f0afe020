"""Research returns (`marac:research`) and who has not returned (`marac:coordinate`)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body

from csp_common.errors import Problem, not_found
from marac.access import Coordinator, Researcher
from marac.config.service import get_area_config
from marac.dependencies import Settings, UnitOfWork
from marac.meeting.service import coordinated_meeting, visible_meeting
from marac.research import service
from marac.research.schemas import ResearchIn, ResearchOut, ResearchStatusOut

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
    work: UnitOfWork,
    caller: Researcher,
    settings: Settings,
    research: Annotated[ResearchIn, Body()],
) -> ResearchOut:
    session = work.session
    meeting = await visible_meeting(
        session, caller=caller, meeting_id=meeting_id, settings=settings
    )
    config = await get_area_config(session, area=meeting.marac_area, settings=settings)
    if caller.agency not in config.expected_agencies:
        raise not_found("meeting")
    listed = await service.listed_case(session, case_id=str(case_id), meeting_id=meeting.id)
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
    await service.return_research(
        session,
        case_id=listed,
        meeting_id=meeting.id,
        agency=caller.agency,
        has_information=research.has_information,
        summary=research.summary,
    )
    work.audit(action="research", record_type="marac_case", record_ids=[listed])
    returned = await service.research_for(session, meeting_id=meeting.id)
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
    meeting_id: uuid.UUID, work: UnitOfWork, caller: Coordinator, settings: Settings
) -> ResearchStatusOut:
    session = work.session
    meeting = await coordinated_meeting(
        session, caller=caller, meeting_id=meeting_id, settings=settings
    )
    config = await get_area_config(session, area=meeting.marac_area, settings=settings)
    case_ids = await service.case_ids_at(session, meeting_id=meeting.id)
    returned = await service.research_for(session, meeting_id=meeting.id)
    work.audit(action="research-status", record_type="marac_case", record_ids=case_ids)
    return service.research_status(
        meeting_id=meeting.id,
        case_ids=case_ids,
        expected=config.expected_agencies,
        returned=returned,
    )
