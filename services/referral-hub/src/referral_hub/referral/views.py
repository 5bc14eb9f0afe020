"""The referrals API: /v1/referrals."""

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Header, Path, Query
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.auth import Caller, require_scopes
from csp_common.contracts.referrals import ReferralStatusChanged
from csp_common.errors import Problem, not_found
from csp_common.fields import StrictDate
from csp_common.unit_of_work import Work
from referral_hub.dependencies import Partnership, Settings, UnitOfWork
from referral_hub.domain.codes import ReferralStatus, RiskLevel
from referral_hub.domain.schemas import ReferralIn, ReferralStatusPatch
from referral_hub.index.models import Person
from referral_hub.referral import idempotency, service
from referral_hub.referral.flows import IntakeRefused, take_referral
from referral_hub.referral.models import Referral
from referral_hub.referral.presenters import intake_out, referral_out, summary_out
from referral_hub.referral.schemas import ReferralOut, ReferralPage

router = APIRouter(prefix="/v1/referrals", tags=["referrals"])

ReferralId = Annotated[uuid.UUID, Path(description="The referral's id")]
TERMINAL = {ReferralStatus.CLOSED.value, ReferralStatus.WITHDRAWN.value}
_errors: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid access token"},
    403: {"description": "The token lacks the scope"},
    422: {"description": "The body or a parameter is not valid (problem+json with pointers)"},
}


def _etag(version: int) -> str:
    return f'"{version}"'


@router.post(
    "",
    status_code=201,
    response_model=ReferralOut,
    summary="Refer a victim (and perpetrator) with a DASH risk checklist",
    description=(
        "Scores the DASH checklist, matches the victim and perpetrator to the person index, "
        "detects repeats, routes the referral to commissioned services and MARAC, and "
        "answers with the risk and routes. The referring agency is the token's `agency`. "
        "Send an `Idempotency-Key`: a retry with the same key and body returns the first "
        "answer; the same key with another body is refused with 409."
    ),
    responses=_errors
    | {
        409: {
            "description": "Idempotency-Key reused with another body, or duplicate source_reference"
        }
    },
)
async def create_referral(
    work: UnitOfWork,
    caller: Annotated[Caller, require_scopes("referrals:write")],
    settings: Settings,
    partnership: Partnership,
    body: Annotated[ReferralIn, Body()],
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=200,
            description="A unique key per referral, reused on retries",
            examples=["3f0c3c1e-8f9a-4a55-9a49-1d1f5f3f7b10"],
        ),
    ] = None,
) -> JSONResponse:
    digest = idempotency.request_hash(body.model_dump_json().encode())

    async def take(work: Work) -> JSONResponse:
        try:
            intake = await take_referral(
                work,
                body=body,
                agency=caller.agency,
                received_at=clock.now(),
                channel="api",
                settings=settings,
                partnership=partnership,
            )
        except IntakeRefused as refused:
            raise Problem(
                422,
                "Invalid request",
                refused.detail,
                type="validation",
                errors=[{"pointer": refused.pointer, "detail": refused.detail, "code": "unknown"}],
            ) from refused
        referral_id = str(intake.referral["id"])
        work.audit(action="create", record_type="referral", record_ids=[referral_id])
        answer = intake_out(intake).model_dump(mode="json")
        if idempotency_key:
            work.claim(
                idempotency.claim(
                    agency=caller.agency,
                    key=idempotency_key,
                    digest=digest,
                    status_code=201,
                    response=answer,
                )
            )
        return JSONResponse(
            answer,
            status_code=201,
            headers={"Location": f"/v1/referrals/{referral_id}", "ETag": _etag(1)},
        )

    async def replay_or_refuse(work: Work, conflict: Exception) -> JSONResponse | None:
        # A twin request committed first: the same key, the same source reference, or a
        # new person both created. The unit of work rolled everything back; look at what
        # is there, and otherwise try again (matching now finds a concurrent person).
        replay = await _earlier_answer(
            work.session, caller=caller, key=idempotency_key, digest=digest
        )
        if replay is not None:
            return replay
        await _refuse_duplicate_reference(work.session, caller=caller, body=body)
        return None

    return await work.retry(take, on_conflict=replay_or_refuse)


async def _earlier_answer(
    session: AsyncSession, *, caller: Caller, key: str | None, digest: str
) -> JSONResponse | None:
    """The stored answer to an earlier request with this Idempotency-Key, if any."""
    if not key:
        return None
    earlier = await idempotency.find(session, agency=caller.agency, key=key)
    if earlier is None:
        return None
    if earlier.request_hash != digest:
        raise Problem(
            409,
            "Idempotency-Key reused",
            "This Idempotency-Key was used with a different body.",
            type="idempotency-key-reused",
        )
    return JSONResponse(
        earlier.response,
        status_code=earlier.status_code or 201,
        headers={"Idempotent-Replayed": "true"},
    )


async def _refuse_duplicate_reference(
    session: AsyncSession, *, caller: Caller, body: ReferralIn
) -> None:
    if not body.source_reference:
        return
    existing = await service.find_by_source_reference(
        session, agency=caller.agency, source_reference=body.source_reference
    )
    if existing is not None:
        raise Problem(
            409,
            "Duplicate referral",
            "Your agency already sent a referral with this source_reference.",
            type="duplicate-source-reference",
            existing_id=str(existing),
        )


async def _load(
    session: AsyncSession, referral: Referral
) -> tuple[Person, Person | None, list[Any]]:
    people = {
        p.id: p
        for p in (
            await session.execute(
                select(Person).where(
                    Person.id.in_([i for i in (referral.victim_id, referral.perpetrator_id) if i])  # type: ignore[union-attr]
                )
            )
        ).scalars()
    }
    routes = await service.routes_of(session, referral_id=referral.id)
    perpetrator = people.get(referral.perpetrator_id) if referral.perpetrator_id else None
    return people[referral.victim_id], perpetrator, routes


@router.get(
    "/{referral_id}",
    response_model=ReferralOut,
    summary="Read a referral",
    description="Visible to the referring agency, providers it was routed to, and MARAC "
    "coordinators (`marac:coordinate` with an `area` claim) of its MARAC area once it is "
    "referred to MARAC; anyone else gets 404. Every read is audited (send `X-Purpose`).",
    responses=_errors | {404: {"description": "No such referral visible to you"}},
)
async def read_referral(
    referral_id: ReferralId,
    work: UnitOfWork,
    caller: Annotated[Caller, require_scopes("referrals:read")],
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
    return JSONResponse(out.model_dump(mode="json"), headers={"ETag": _etag(referral.version)})


@router.get(
    "",
    response_model=ReferralPage,
    summary="List referrals visible to you",
    description="Filter by area, status, risk level and date received; sort and page with "
    "the opaque `cursor` of the previous page. Items carry ids and codes, no names.",
    responses=_errors | {400: {"description": "The cursor is not one this list gave out"}},
)
async def list_referrals(
    work: UnitOfWork,
    caller: Annotated[Caller, require_scopes("referrals:read")],
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
    responses=_errors
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
    caller: Annotated[Caller, require_scopes("referrals:write")],
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
    if if_match.strip() != _etag(referral.version):
        raise Problem(412, "Precondition failed", "The referral changed since you read it.")
    if referral.status in TERMINAL:
        raise Problem(409, "Conflict", f"The referral is {referral.status}; it cannot change.")
    previous = referral.status
    changed = await service.change_status(
        session,
        referral_id=referral.id,
        expected_version=referral.version,
        status=body.status.value,
        reason=body.reason,
    )
    if not changed:
        raise Problem(412, "Precondition failed", "The referral changed since you read it.")
    work.emit(
        ReferralStatusChanged(
            referral_id=referral.id,
            area=referral.area,
            previous_status=previous,
            status=body.status.value,
            changed_at=clock.now(),
        ),
        key=str(referral.id),
    )
    work.audit(action="update", record_type="referral", record_ids=[str(referral.id)])
    await session.refresh(referral)
    victim, perpetrator, routes = await _load(session, referral)
    out = referral_out(referral, victim=victim, perpetrator=perpetrator, routes=routes)
    return JSONResponse(out.model_dump(mode="json"), headers={"ETag": _etag(referral.version)})
