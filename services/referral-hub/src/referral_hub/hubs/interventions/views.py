"""Interventions issued in a hub case and their breaches: /v1/hub-cases/{id}/interventions."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Path
from fastapi.responses import JSONResponse

from csp_common.errors import not_found
from csp_common.idempotency import RESPONSES as KEYED
from csp_common.idempotency import Created
from csp_common.unit_of_work import Work
from referral_hub.access import HubWriter
from referral_hub.dependencies import Idempotent, Partnership, UnitOfWork
from referral_hub.hubs.cases.reading import visible_case
from referral_hub.hubs.fields import CONFLICT, ERRORS, NOT_FOUND, CaseId
from referral_hub.hubs.interventions import flows, service
from referral_hub.hubs.interventions.schemas import (
    BreachIn,
    BreachOut,
    InterventionIn,
    InterventionOut,
)

router = APIRouter(prefix="/v1/hub-cases", tags=["hubs"])

InterventionId = Annotated[uuid.UUID, Path(description="The intervention's id")]


@router.post(
    "/{case_id}/interventions",
    status_code=201,
    response_model=InterventionOut,
    summary="Issue an intervention of the ASB toolkit",
    description="Against a subject of the case, or its place (closure, public spaces "
    "protection order). Unless the partnership allows skipping, each rung of the ladder "
    "needs the one below it first (409 `ladder-step-skipped` names it). The issuing "
    "agency is the token's `agency`.",
    responses=ERRORS | NOT_FOUND | CONFLICT | KEYED,
)
async def issue(
    case_id: CaseId,
    work: UnitOfWork,
    caller: HubWriter,
    partnership: Partnership,
    body: Annotated[InterventionIn, Body()],
    keyed: Idempotent,
) -> JSONResponse:
    async def create(work: Work) -> Created:
        case = await visible_case(
            work, case_id=case_id, caller=caller, partnership=partnership, lock=True
        )
        row = await flows.issue(
            work, case=case, body=body, agency=caller.agency, partnership=partnership
        )
        out = InterventionOut(**{k: row[k] for k in InterventionOut.model_fields if k in row})
        return Created(out)

    return await keyed.create_once(work, agency=caller.agency, body=body, step=create)


@router.post(
    "/{case_id}/interventions/{intervention_id}/breaches",
    status_code=201,
    response_model=BreachOut,
    summary="Record a breach of an intervention",
    description="On or after its issue and, if it expires, not after its expiry.",
    responses=ERRORS | NOT_FOUND | CONFLICT | KEYED,
)
async def record_breach(
    case_id: CaseId,
    intervention_id: InterventionId,
    work: UnitOfWork,
    caller: HubWriter,
    partnership: Partnership,
    body: Annotated[BreachIn, Body()],
    keyed: Idempotent,
) -> JSONResponse:
    async def create(work: Work) -> Created:
        case = await visible_case(
            work, case_id=case_id, caller=caller, partnership=partnership, lock=True
        )
        intervention = await service.get_intervention(
            work.session, case_id=case.id, intervention_id=intervention_id
        )
        if intervention is None:
            raise not_found("intervention")
        row = await flows.breach(work, case=case, intervention=intervention, body=body)
        out = BreachOut(**{k: row[k] for k in BreachOut.model_fields})
        return Created(out)

    return await keyed.create_once(work, agency=caller.agency, body=body, step=create)
