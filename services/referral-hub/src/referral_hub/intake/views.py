"""Taking a referral: POST /v1/referrals."""

from typing import Annotated

from fastapi import APIRouter, Body, Header
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.auth import Caller
from csp_common.errors import Problem
from csp_common.unit_of_work import Work
from referral_hub.access import Referrer
from referral_hub.dependencies import Partnership, Settings, UnitOfWork
from referral_hub.intake import service
from referral_hub.intake.flows import IntakeRefused, intake_out, take_referral
from referral_hub.problems import invalid_input
from referral_hub.referral.schemas import ERRORS, ReferralIn, ReferralOut, etag
from referral_hub.referral.service import find_by_source_reference

router = APIRouter(prefix="/v1/referrals", tags=["referrals"])


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
    responses=ERRORS
    | {
        409: {
            "description": "Idempotency-Key reused with another body, or duplicate source_reference"
        }
    },
)
async def create_referral(
    work: UnitOfWork,
    caller: Referrer,
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
    digest = service.request_hash(body.model_dump_json().encode())

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
            raise invalid_input(refused.pointer, refused.detail, code="unknown") from refused
        referral_id = str(intake.referral["id"])
        work.audit(action="create", record_type="referral", record_ids=[referral_id])
        answer = intake_out(intake).model_dump(mode="json")
        if idempotency_key:
            work.claim(
                service.claim(
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
            headers={"Location": f"/v1/referrals/{referral_id}", "ETag": etag(1)},
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
    earlier = await service.find(session, agency=caller.agency, key=key)
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
    existing = await find_by_source_reference(
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
