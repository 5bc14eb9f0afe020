"""The referrals API: /v1/referrals."""

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Header, Path, Query
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.errors import Problem, not_found
from csp_common.fields import StrictDate
from referral_hub.access import ReferralReader, Referrer
from referral_hub.codes import ReferralStatus, RiskLevel
from referral_hub.dependencies import Partnership, UnitOfWork
from referral_hub.index.models import Person
from referral_hub.index.service import people_by_id
from referral_hub.referral import flows, service
from referral_hub.referral.models import Referral
from referral_hub.referral.schemas import (
    ERRORS,
    ReferralOut,
    ReferralPage,
    ReferralStatusPatch,
    etag,
    referral_out,
    summary_out,
)

router = APIRouter(prefix="/v1/referrals", tags=["referrals"])

ReferralId = Annotated[uuid.UUID, Path(description="The referral's id")]


async def _load(
    session: AsyncSession, referral: Referral
) -> tuple[Person, Person | None, list[Any]]:
    people = await people_by_id(
        session, person_ids=[i for i in (referral.victim_id, referral.perpetrator_id) if i]
    )
    routes = await service.routes_of(session, referral_id=referral.id)
    perpetrator = people.get(referral.perpetrator_id) if referral.perpetrator_id else None
    return people[referral.victim_id], perpetrator, routes


@router.get(
    "/{referral_id}",
    response_model=ReferralOut,
    summary="Read a referral",
    description="Visible to the referring agency, providers it was routed to (once "
    "consent, the basis of sharing, is withdrawn: those that had acted on their route), and "
    "MARAC coordinators (`marac:coordinate` with an `area` claim) of its MARAC area once it "
    "is referred to MARAC; anyone else gets 404. Every read is audited (send `X-Purpose`).",
    responses=ERRORS | {404: {"description": "No such referral visible to you"}},
)
async def read_referral(
    referral_id: ReferralId,
    work: UnitOfWork,
    caller: ReferralReader,
    partnership: Partnership,
) -> JSONResponse:
    referral = await service.get_visible(
        work.session, referral_id=referral_id, caller=caller, partnership=partnership
    )
    if referral is None:
        raise not_found("referral")
    victim, perpetrator, routes = await _load(work.session, referral)
    work.audit(action="read", record_type="referral", record_ids=[str(referral.id)])
    out = referral_out(referral, victim=victim, perpetrator=perpetrator, routes=routes)
    return JSONResponse(out.model_dump(mode="json"), headers={"ETag": etag(referral.version)})


@router.get(
    "",
    response_model=ReferralPage,
    summary="List referrals visible to you",
    description="Filter by area, status, risk level and date received; sort and page with "
    "the opaque `cursor` of the previous page. Items carry ids and codes, no names.",
    responses=ERRORS | {400: {"description": "The cursor is not one this list gave out"}},
)
async def list_referrals(
    work: UnitOfWork,
    caller: ReferralReader,
    partnership: Partnership,
    area: Annotated[str | None, Query(max_length=50, examples=["scarborough"])] = None,
    status: Annotated[ReferralStatus | None, Query()] = None,
    level: Annotated[RiskLevel | None, Query(description="Risk level")] = None,
    received_from: Annotated[StrictDate | None, Query(description="On or after this date")] = None,
    received_to: Annotated[StrictDate | None, Query(description="On or before this date")] = None,
    sort: Annotated[Literal["received_at", "incident_date", "score"], Query()] = "received_at",
    order: Annotated[Literal["asc", "desc"], Query()] = "desc",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> ReferralPage:
    rows, next_cursor = await service.list_visible(
        work.session,
        caller=caller,
        partnership=partnership,
        area=area,
        status=status.value if status else None,
        level=level.value if level else None,
        received_from=received_from,
        received_to=received_to,
        sort=sort,
        descending=order == "desc",
        limit=limit,
        cursor=cursor,
    )
    work.audit(action="list", record_type="referral", record_ids=[str(r.id) for r in rows])
    return ReferralPage(items=[summary_out(r) for r in rows], next_cursor=next_cursor)


@router.patch(
    "/{referral_id}",
    response_model=ReferralOut,
    summary="Change a referral's status",
    description="Only the referring agency may. Send the `ETag` of your last read in "
    "`If-Match`: if the referral changed since, the answer is 412 and nothing changes. "
    "Closed and withdrawn referrals cannot change (409).",
    responses=ERRORS
    | {
        404: {"description": "No such referral visible to you"},
        409: {"description": "The referral is closed or withdrawn"},
        412: {"description": "The referral changed since your If-Match version"},
        428: {"description": "If-Match is required"},
    },
)
async def change_referral_status(
    referral_id: ReferralId,
    work: UnitOfWork,
    caller: Referrer,
    partnership: Partnership,
    body: Annotated[ReferralStatusPatch, Body()],
    if_match: Annotated[
        str | None, Header(alias="If-Match", max_length=50, description="The ETag you read")
    ] = None,
) -> JSONResponse:
    if not if_match:
        raise Problem(428, "If-Match required", "Send the ETag of the referral you read.")
    session = work.session
    referral = await service.get_visible(
        session, referral_id=referral_id, caller=caller, partnership=partnership
    )
    if referral is None:
        raise not_found("referral")
    if referral.referring_agency != caller.agency:
        raise Problem(403, "Forbidden", "Only the referring agency may change its status.")
    if if_match.strip() != etag(referral.version):
        raise Problem(412, "Precondition failed", "The referral changed since you read it.")
    await flows.change_status(work, referral=referral, status=body.status, reason=body.reason)
    await session.refresh(referral)
    victim, perpetrator, routes = await _load(session, referral)
    out = referral_out(referral, victim=victim, perpetrator=perpetrator, routes=routes)
    return JSONResponse(out.model_dump(mode="json"), headers={"ETag": etag(referral.version)})
