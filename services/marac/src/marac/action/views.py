"""`/v1/actions`: what agencies agreed to do, and whether they did it."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query

from csp_common.pagination import Page, PageRequest, signed_sort_params
from marac.access import Coordinator, MeetingReader, coordinator_scope
from marac.action import flows, service
from marac.action.schemas import ActionCompletionIn, ActionOut, ActionStatus
from marac.areas import check_marac_area
from marac.dependencies import UnitOfWork
from marac.fields import AgencyCode, AreaCode

router = APIRouter(prefix="/v1/actions", tags=["actions"])
ActionPages = Annotated[
    PageRequest, Depends(signed_sort_params(service.ACTIONS, default="due_on", max_limit=500))
]


@router.get(
    "",
    summary="List actions of an area",
    description=(
        "Scope `marac:coordinate` (area rule as `GET /v1/cases`). "
        "`overdue=true`: open and past due."
    ),
)
async def list_actions(
    work: UnitOfWork,
    caller: Coordinator,
    pages: ActionPages,
    area: Annotated[AreaCode | None, Query(examples=["york"])] = None,
    status: ActionStatus | None = None,
    owner_agency: Annotated[AgencyCode | None, Query()] = None,
    case_id: uuid.UUID | None = None,
    overdue: bool | None = None,
) -> Page[ActionOut]:
    if area is not None:
        check_marac_area(area)
    page = await service.list_actions(
        work.session,
        area=coordinator_scope(caller, area),
        status=status,
        owner_agency=owner_agency,
        case_id=str(case_id) if case_id else None,
        overdue=overdue,
        pages=pages,
    )
    work.audit(
        action="list", record_type="marac_case", record_ids=sorted({a.case_id for a in page.items})
    )
    return page


@router.get(
    "/{action_id}",
    summary="Read one action",
    description="The coordinator of the area, or the owner agency (`marac:research`).",
    responses={404: {"description": "Not visible to you"}},
)
async def read_action(action_id: uuid.UUID, work: UnitOfWork, caller: MeetingReader) -> ActionOut:
    row = await service.visible_action(work.session, caller=caller, action_id=action_id)
    work.audit(action="read", record_type="marac_case", record_ids=[row.case_id])
    return service.action_out(row)


@router.post(
    "/{action_id}/completion",
    summary="Complete an action",
    description=(
        "The coordinator of the area, or the owner agency (`marac:research`). `outcome` "
        "completed, or closed because circumstances changed, or agency_did_not_act."
    ),
    responses={404: {"description": "Not visible to you"}, 409: {"description": "Already done"}},
)
async def complete(
    action_id: uuid.UUID,
    work: UnitOfWork,
    caller: MeetingReader,
    body: Annotated[ActionCompletionIn, Body()],
) -> ActionOut:
    row = await service.visible_action(work.session, caller=caller, action_id=action_id)
    await flows.complete(work, action=row, outcome=body.outcome, on=body.completed_on)
    return service.action_out(await service.get_action(work.session, action_id=row.id))
