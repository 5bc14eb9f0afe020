"""The governance view over HTTP: the priorities (reports:read) and a status set by the
priority's owner (reports:write, the owning agency). Its dashboard page is
reporting.dashboard.governance_page."""

from typing import Annotated

from fastapi import APIRouter, Path, Response

from csp_common import clock
from csp_common.errors import Problem, not_found
from csp_common.unit_of_work import UnitOfWork
from reporting.access import ReportReader, ReportWriter
from reporting.dependencies import DbSession, Partnership, PeriodFilter, Settings
from reporting.editions.rules import personal_data_warnings
from reporting.governance import service
from reporting.governance.rules import may_set_status
from reporting.governance.schemas import PriorityOut, StatusIn, StatusSetOut
from reporting.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/governance", tags=["governance"], responses=PROBLEM_RESPONSES)

PriorityCode = Annotated[
    str, Path(max_length=40, description="A priority's code", examples=["domestic-abuse"])
]


@router.get(
    "/priorities",
    summary="The partnership's priorities and their status",
    response_model=list[PriorityOut],
)
async def priorities(
    session: DbSession, caller: ReportReader, partnership: Partnership, period: PeriodFilter
) -> list[dict]:
    """Each priority with its objectives, owner, the live measures that track it (links
    for the period), the status its owner last set with the dated note, next steps, and
    every earlier status."""
    return await service.governance(
        session=session, partnership=partnership, period_code=period.code
    )


@router.put(
    "/priorities/{priority}/status",
    status_code=201,
    summary="Set a priority's status (its owner)",
    response_model=StatusSetOut,
    responses={
        403: {
            "description": "The token lacks reports:write, or its agency does not own the priority"
        },
        404: {"description": "No such priority", "content": {"application/problem+json": {}}},
    },
)
async def set_status(
    work: UnitOfWork,
    caller: ReportWriter,
    partnership: Partnership,
    settings: Settings,
    priority: PriorityCode,
    body: StatusIn,
    response: Response,
) -> dict:
    """On track, at risk or off track, with a dated note and next steps. Only the
    priority's owner sets it: the agency that owns it, or leads the board or group that
    does. Each status is kept; the newest is the priority's. The same status, note and
    next steps as the newest, on the same date, writes nothing (200)."""
    found = partnership.committee.priority(priority)
    if found is None:
        raise not_found("priority")
    if not may_set_status(found, agency=caller.agency):
        raise Problem(
            403,
            "Not the priority's owner",
            f"The status of {found.name} is set by its owner, {found.owner.name}.",
            type="not-owner",
        )
    set_on = body.set_on or clock.today(settings.zone)
    history = await service.statuses(session=work.session, priority=priority)
    latest = history[0] if history else None
    warnings = [w.as_dict() for w in personal_data_warnings(body.note)]
    if latest and (latest["status"], latest["note"], latest["next_steps"], latest["set_on"]) == (
        body.status,
        body.note,
        body.next_steps,
        set_on,
    ):
        response.status_code = 200
        return {**service.priority_view(found, history, ""), "warnings": warnings}
    row = service.status_row(
        priority=priority,
        status=body.status,
        note=body.note,
        next_steps=body.next_steps,
        set_on=set_on,
        caller=caller,
        now=clock.now(),
    )
    work.add(service.status_insert(row))
    view = service.priority_view(found, [row, *history], "")
    return {**view, "warnings": warnings}
