"""Handing a case over to another partnership's MARAC: the export package, the import
that answers with a receipt, and the receipt recorded by the sending side."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Path
from fastapi.responses import JSONResponse

from csp_common import idempotency
from csp_common.errors import not_found
from csp_common.idempotency import Created
from csp_common.unit_of_work import Work
from marac.access import Coordinator, coordinates
from marac.case import service as case_service
from marac.dependencies import Idempotent, Partnership, Settings, UnitOfWork
from marac.handover import flows, service
from marac.handover.schemas import ExportIn, ExportOut, ImportIn, ImportOut, Receipt

router = APIRouter(tags=["cases"])

ExportId = Annotated[uuid.UUID, Path(description="The package id of an export")]
NOT_FOUND = {404: {"description": "No such case or export visible to you"}}


async def _visible_export(work: Work, *, export_id: uuid.UUID, caller: object) -> object:
    """An export, for a coordinator of the area that sent it; else 404."""
    row = await service.get_export(work.session, export_id=str(export_id))
    if row is None or not coordinates(caller, row.marac_area):  # type: ignore[arg-type]
        raise not_found("export")
    return row


@router.post(
    "/v1/cases/{case_id}/exports",
    status_code=201,
    response_model=ExportOut,
    summary="Hand a case over to another partnership's MARAC",
    description=(
        "Scope `marac:coordinate` for the case's area. The victim moved out of the "
        "partnership: the answer's `package` (JSON: the case's codes, its actions and each "
        "agency's research; no name, no person id) is what the receiving partnership "
        "imports (`POST /v1/case-imports` there). It is kept as sent, and audited. The "
        "receiving side answers with a receipt: record it with "
        "`POST /v1/case-exports/{id}/receipt`. Within the partnership, transfer instead. "
        "`Idempotency-Key` is required."
    ),
    responses=idempotency.RESPONSES
    | NOT_FOUND
    | {
        409: {"description": "The case is closed, or the key was used with another body"},
        422: {"description": "Invalid body, or this partnership named as the receiver"},
    },
)
async def export_case(
    case_id: uuid.UUID,
    work: UnitOfWork,
    caller: Coordinator,
    settings: Settings,
    partnership: Partnership,
    keyed: Idempotent,
    body: Annotated[ExportIn, Body()],
) -> JSONResponse:
    async def export(work: Work) -> Created:
        case = await case_service.visible_case(
            work.session, caller=caller, case_id=case_id, settings=settings
        )
        if not coordinates(caller, case.marac_area):
            raise not_found("case")
        out = await flows.export_case(
            work, case=case, body=body, caller=caller, partnership=partnership.code
        )
        return Created(out, headers={"Location": f"/v1/case-exports/{out.id}"})

    return await keyed.create_once(work, agency=caller.agency, body=body, step=export)


@router.get(
    "/v1/case-exports/{export_id}",
    response_model=ExportOut,
    summary="A package sent to another partnership, and its receipt",
    description="Scope `marac:coordinate` for the area that sent it. Audited.",
    responses=NOT_FOUND,
)
async def read_export(export_id: ExportId, work: UnitOfWork, caller: Coordinator) -> ExportOut:
    row = await _visible_export(work, export_id=export_id, caller=caller)
    work.audit(action="read", record_type="marac_case", record_ids=[row.case_id])  # type: ignore[attr-defined]
    return flows.export_out(row)


@router.post(
    "/v1/case-exports/{export_id}/receipt",
    response_model=ExportOut,
    summary="Record the receiving partnership's receipt",
    description=(
        "Scope `marac:coordinate` for the area that sent it. The body is the `receipt` "
        "the receiving partnership's import answered, as it is. Once."
    ),
    responses=NOT_FOUND
    | {
        409: {"description": "A receipt was recorded already"},
        422: {"description": "A receipt for another package, or from another partnership"},
    },
)
async def record_receipt(
    export_id: ExportId,
    work: UnitOfWork,
    caller: Coordinator,
    receipt: Annotated[Receipt, Body()],
) -> ExportOut:
    row = await _visible_export(work, export_id=export_id, caller=caller)
    return await flows.record_receipt(work, export=row, receipt=receipt)


@router.post(
    "/v1/case-imports",
    status_code=201,
    response_model=ImportOut,
    summary="Receive a case handed over by another partnership's MARAC",
    description=(
        "Scope `marac:coordinate` for the area it is listed in. `package` is the sending "
        "partnership's export as it is; `victim_id` (and `perpetrator_id`) name the "
        "people in your referral-hub. The case is checked for a repeat and listed at the "
        "area's next meeting; its history (actions, research) is kept with it. The answer "
        "holds the `receipt` to send back. A package is received once (409 after). "
        "`Idempotency-Key` is required."
    ),
    responses=idempotency.RESPONSES
    | {
        404: {"description": "An area your token is not for"},
        409: {"description": "Received already, or the key was used with another body"},
        422: {"description": "Invalid body, or a package for another partnership"},
    },
)
async def import_case(
    work: UnitOfWork,
    caller: Coordinator,
    settings: Settings,
    partnership: Partnership,
    keyed: Idempotent,
    body: Annotated[ImportIn, Body()],
) -> JSONResponse:
    async def receive(work: Work) -> Created:
        out = await flows.import_case(
            work, caller=caller, body=body, settings=settings, partnership=partnership.code
        )
        return Created(out, headers={"Location": f"/v1/cases/{out.case.id}"})

    return await keyed.create_once(work, agency=caller.agency, body=body, step=receive)
