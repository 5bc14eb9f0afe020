"""`/v1/cases`: the contract other services read, direct referrals, transfer and closing."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query
from fastapi.responses import JSONResponse

from csp_common import clock, idempotency
from csp_common.errors import not_found
from csp_common.idempotency import Created
from csp_common.pagination import Page, PageRequest, signed_sort_params
from csp_common.unit_of_work import Work
from marac.access import CaseReader, Coordinator, Referrer, coordinates, coordinator_scope
from marac.areas import check_marac_area, hub_marac_area
from marac.case import flows, service
from marac.case.schemas import CaseOut, CaseStatus, CloseIn, DirectReferralIn, TransferIn
from marac.dependencies import Idempotent, Settings, UnitOfWork
from marac.fields import AreaCode, InputDate

router = APIRouter(prefix="/v1/cases", tags=["cases"])

CasePages = Annotated[
    PageRequest, Depends(signed_sort_params(service.CASES, default="-referred_on", max_limit=500))
]
NOT_FOUND = {404: {"description": "No such case, or not visible to you"}}


@router.get(
    "",
    summary="List the cases of a MARAC area",
    description=(
        "Scope `marac:coordinate`. The area is the token's `area` claim; a token without "
        "one needs `admin` and may pass `?area=` (or omit it for every area). Asking for "
        "another area than the token's answers 404. Cursor-paginated: pass `next_cursor` "
        "back as `cursor`."
    ),
    responses={403: {"description": "Missing scope, or a token with neither area nor admin"}},
)
async def list_cases(
    work: UnitOfWork,
    caller: Coordinator,
    pages: CasePages,
    area: Annotated[
        AreaCode | None, Query(description="MARAC area code", examples=["york"])
    ] = None,
    status: Annotated[
        list[CaseStatus] | None, Query(max_length=5, description="One or more statuses")
    ] = None,
    repeat: bool | None = None,
    urgent: bool | None = None,
    meeting_id: uuid.UUID | None = None,
    referred_from: Annotated[InputDate | None, Query(description="Referred on or after")] = None,
    referred_to: Annotated[InputDate | None, Query(description="Referred on or before")] = None,
) -> Page[CaseOut]:
    if area is not None:
        check_marac_area(area)
    page = await service.list_cases(
        work.session,
        area=coordinator_scope(caller, area),
        statuses=status,
        repeat=repeat,
        urgent=urgent,
        meeting_id=str(meeting_id) if meeting_id else None,
        referred_from=referred_from,
        referred_to=referred_to,
        pages=pages,
    )
    work.audit(action="list", record_type="marac_case", record_ids=[c.id for c in page.items])
    return page


@router.post(
    "",
    status_code=201,
    summary="Refer a case to MARAC directly",
    description=(
        "Scope `marac:refer`. For agencies that refer outside referral-hub, or that judge "
        "a referral of theirs high risk when referral-hub did not refer it to MARAC. The "
        "case is checked for a repeat (same victim and perpetrator within the configured "
        "window, 365 days by default) and listed at the area's next meeting with room.\n\n"
        "`referral_id` is optional. When given, it must name a referral your agency made "
        "or was sent, as referral-hub shows it to you (marac learns both from "
        "referral-hub's events), with the same victim (and perpetrator, if you send one). "
        "Any other id, including another agency's referral, answers 422 `unknown-referral`"
        ", exactly as an id that does not exist: a referral you may not see does not exist "
        "for you. 409 means a referral of yours already has a MARAC case.\n\n"
        "`Idempotency-Key` is required: a retry with the same key and body gets the "
        "first answer again; the same key with another body is refused with 409."
    ),
    response_model=CaseOut,
    responses=idempotency.RESPONSES
    | {
        409: {
            "description": "This referral of yours already has a MARAC case, or the "
            "Idempotency-Key was used with another body"
        },
        422: {"description": "Invalid body, or `unknown-referral` (see above)"},
    },
)
async def refer_case(
    work: UnitOfWork,
    caller: Referrer,
    settings: Settings,
    keyed: Idempotent,
    referral: Annotated[DirectReferralIn, Body()],
) -> JSONResponse:
    async def refer(work: Work) -> Created:
        case_id = await flows.refer_directly(
            work, caller=caller, referral=referral, settings=settings
        )
        return Created(
            await service.case_out_of(work.session, case_id=case_id),
            headers={"Location": f"/v1/cases/{case_id}"},
        )

    return await keyed.create_once(work, agency=caller.agency, body=referral, step=refer)


@router.get(
    "/{case_id}",
    summary="Read one case",
    description=(
        "Coordinators of the case's area, agencies expected at the meeting it is listed "
        "for (`marac:research`), and the agency that referred it (`marac:refer`)."
    ),
    responses=NOT_FOUND,
)
async def read_case(
    case_id: uuid.UUID, work: UnitOfWork, caller: CaseReader, settings: Settings
) -> CaseOut:
    row = await service.visible_case(
        work.session, caller=caller, case_id=case_id, settings=settings
    )
    work.audit(action="read", record_type="marac_case", record_ids=[row.id])
    return service.case_out(row)


@router.post(
    "/{case_id}/transfer",
    summary="Transfer a case to another area's MARAC",
    description=(
        "Scope `marac:coordinate` for the case's current area. The victim moved: the case "
        "is listed at the next meeting of the new area with room."
    ),
    responses={**NOT_FOUND, 409: {"description": "The case is closed or already there"}},
)
async def transfer(
    case_id: uuid.UUID,
    work: UnitOfWork,
    caller: Coordinator,
    settings: Settings,
    body: Annotated[TransferIn, Body()],
) -> CaseOut:
    row = await service.visible_case(
        work.session, caller=caller, case_id=case_id, settings=settings
    )
    if not coordinates(caller, row.marac_area):
        raise not_found("case")
    to_area = hub_marac_area(body.to_area) or check_marac_area(body.to_area, field="to_area")
    await flows.transfer(
        work, case=row, to_area=to_area, on=body.transferred_on or clock.today(), settings=settings
    )
    return await service.case_out_of(work.session, case_id=row.id)


@router.post(
    "/{case_id}/close",
    summary="Close a case",
    description="Scope `marac:coordinate`. A case closes once heard (actions complete or not).",
    responses={**NOT_FOUND, 409: {"description": "The case has not been heard, or is closed"}},
)
async def close(
    case_id: uuid.UUID,
    work: UnitOfWork,
    caller: Coordinator,
    settings: Settings,
    body: Annotated[CloseIn, Body()] = CloseIn(),
) -> CaseOut:
    row = await service.visible_case(
        work.session, caller=caller, case_id=case_id, settings=settings
    )
    if not coordinates(caller, row.marac_area):
        raise not_found("case")
    await flows.close(work, case=row, on=body.closed_on or clock.today())
    return await service.case_out_of(work.session, case_id=row.id)
