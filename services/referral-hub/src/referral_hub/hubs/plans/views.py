"""A hub case's problem-solving plan and its actions: /v1/hub-cases/{id}/plan."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Path
from fastapi.responses import JSONResponse

from csp_common.idempotency import RESPONSES as KEYED
from csp_common.idempotency import Created
from csp_common.unit_of_work import Work
from referral_hub.access import HubWriter
from referral_hub.dependencies import Idempotent, Partnership, UnitOfWork
from referral_hub.hubs.cases.reading import visible_case
from referral_hub.hubs.fields import CONFLICT, ERRORS, NOT_FOUND, CaseId
from referral_hub.hubs.plans import flows
from referral_hub.hubs.plans.schemas import ActionCompletionIn, ActionIn, ActionOut, PlanIn

router = APIRouter(prefix="/v1/hub-cases", tags=["hubs"])

ActionId = Annotated[uuid.UUID, Path(description="The action's id")]


@router.put(
    "/{case_id}/plan",
    status_code=204,
    summary="Make or change the case's problem-solving plan (SARA)",
    description="Scanning, analysis, response and assessment, the stage the plan is at, "
    "and its next review date. Replaces the plan as a whole.",
    responses=ERRORS | NOT_FOUND | {412: {"description": "Changed by another at the same time"}},
)
async def save_plan(
    case_id: CaseId,
    work: UnitOfWork,
    caller: HubWriter,
    partnership: Partnership,
    body: Annotated[PlanIn, Body()],
) -> None:
    case = await visible_case(
        work, case_id=case_id, caller=caller, partnership=partnership, lock=True
    )
    await flows.save_plan(work, case=case, body=body)


@router.post(
    "/{case_id}/plan/actions",
    status_code=201,
    response_model=ActionOut,
    summary="Add an action to the plan, owned by a partner agency",
    description="The owning agency becomes involved in the case (and so sees it).",
    responses=ERRORS | NOT_FOUND | CONFLICT | KEYED,
)
async def add_action(
    case_id: CaseId,
    work: UnitOfWork,
    caller: HubWriter,
    partnership: Partnership,
    body: Annotated[ActionIn, Body()],
    keyed: Idempotent,
) -> JSONResponse:
    async def create(work: Work) -> Created:
        case = await visible_case(work, case_id=case_id, caller=caller, partnership=partnership)
        row = await flows.add_action(work, case=case, body=body, partnership=partnership)
        out = ActionOut(**{k: row[k] for k in ActionOut.model_fields})
        return Created(out)

    return await keyed.create_once(work, agency=caller.agency, body=body, step=create)


@router.post(
    "/{case_id}/plan/actions/{action_id}/completion",
    status_code=204,
    summary="Complete an action",
    responses=ERRORS | NOT_FOUND | CONFLICT,
)
async def complete_action(
    case_id: CaseId,
    action_id: ActionId,
    work: UnitOfWork,
    caller: HubWriter,
    partnership: Partnership,
    body: Annotated[ActionCompletionIn, Body()],
) -> None:
    case = await visible_case(work, case_id=case_id, caller=caller, partnership=partnership)
    await flows.complete(work, case=case, action_id=action_id, body=body)
