"""`/v1/actions`: what agencies agreed to do, and whether they did it."""

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Body, Query
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.audit import AuditTrail
from csp_common.auth import Caller
from csp_common.db import DbSession
from csp_common.errors import Problem, not_found
from csp_common.outbox import add_events
from marac.access import RESEARCH, Coordinator, MeetingReader, coordinates, coordinator_scope
from marac.action.models import ActionCompletionIn, ActionOut, ActionStatus, action_table
from marac.action.service import action_out, complete_action, mark_actions_complete
from marac.common import AgencyCode, AreaCode
from marac.config.service import check_marac_area
from marac.pagination import Page, page_of, paginate, sort_pattern

router = APIRouter(prefix="/v1/actions", tags=["actions"])
ACTION_SORTS = {"due_on": action_table.c.due_on, "created_at": action_table.c.created_at}


@router.get(
    "",
    summary="List actions of an area",
    description=(
        "Scope `marac:coordinate` (area rule as `GET /v1/cases`). "
        "`overdue=true`: open and past due."
    ),
)
async def list_actions(
    session: DbSession,
    caller: Coordinator,
    audit: AuditTrail,
    area: Annotated[AreaCode | None, Query(examples=["york"])] = None,
    status: ActionStatus | None = None,
    owner_agency: Annotated[AgencyCode | None, Query()] = None,
    case_id: uuid.UUID | None = None,
    overdue: bool | None = None,
    sort: Annotated[str, Query(max_length=40, pattern=sort_pattern(list(ACTION_SORTS)))] = "due_on",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Page[ActionOut]:
    if area is not None:
        check_marac_area(area)
    scope_area = coordinator_scope(caller, area)
    statement = select(action_table)
    if scope_area is not None:
        statement = statement.where(action_table.c.marac_area == scope_area)
    if status is not None:
        statement = statement.where(action_table.c.status == status)
    if owner_agency is not None:
        statement = statement.where(action_table.c.owner_agency == owner_agency)
    if case_id is not None:
        statement = statement.where(action_table.c.case_id == str(case_id))
    if overdue:
        statement = statement.where(
            action_table.c.status == "open", action_table.c.due_on < clock.today()
        )
    statement = paginate(
        statement,
        sort=sort,
        columns=ACTION_SORTS,
        id_column=action_table.c.id,
        limit=limit,
        cursor=cursor,
    )
    rows = (await session.execute(statement)).all()
    page = page_of(rows, sort=sort, limit=limit, key=sort.lstrip("-"), to_item=action_out)
    await audit.record(
        action="list", record_type="marac_case", record_ids=sorted({a.case_id for a in page.items})
    )
    await session.commit()
    return page


async def _visible_action(session: AsyncSession, *, caller: Caller, action_id: uuid.UUID):  # type: ignore[no-untyped-def]
    row = (
        await session.execute(select(action_table).where(action_table.c.id == str(action_id)))
    ).first()
    if row is None:
        raise not_found("action")
    owner = caller.has(RESEARCH) and caller.agency == row.owner_agency
    if not (coordinates(caller, row.marac_area) or owner):
        raise not_found("action")
    return row


@router.get(
    "/{action_id}",
    summary="Read one action",
    description="The coordinator of the area, or the owner agency (`marac:research`).",
    responses={404: {"description": "Not visible to you"}},
)
async def read_action(
    action_id: uuid.UUID, session: DbSession, caller: MeetingReader, audit: AuditTrail
) -> ActionOut:
    row = await _visible_action(session, caller=caller, action_id=action_id)
    await audit.record(action="read", record_type="marac_case", record_ids=[row.case_id])
    await session.commit()
    return action_out(row)


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
    session: DbSession,
    caller: MeetingReader,
    audit: AuditTrail,
    body: Annotated[ActionCompletionIn, Body()],
) -> ActionOut:
    row = await _visible_action(session, caller=caller, action_id=action_id)
    if row.status != "open":
        raise Problem(409, "Conflict", "The action is already done.", type="invalid-state")
    on: date = body.completed_on or clock.today()
    if on > clock.today():
        raise Problem(
            422, "Invalid date", "completed_on must not be in the future.", type="validation"
        )
    await add_events(
        session, [await complete_action(session, action=row, outcome=body.outcome, on=on)]
    )
    await mark_actions_complete(session, case_ids=[row.case_id])
    await audit.record(action="complete-action", record_type="marac_case", record_ids=[row.case_id])
    updated = (await session.execute(select(action_table).where(action_table.c.id == row.id))).one()
    await session.commit()
    return action_out(updated)
