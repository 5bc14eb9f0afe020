"""Taking a referral: POST /v1/referrals."""

from typing import Annotated

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock, idempotency
from csp_common.auth import Caller
from csp_common.errors import Problem
from csp_common.idempotency import Created
from csp_common.unit_of_work import Work
from referral_hub.access import Referrer
from referral_hub.dependencies import Idempotent, Partnership, Settings, UnitOfWork
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
        "`Idempotency-Key` is required: a retry with the same key and body returns the "
        "first answer; the same key with another body is refused with 409."
    ),
    responses=ERRORS
    | idempotency.RESPONSES
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
    keyed: Idempotent,
    body: Annotated[ReferralIn, Body()],
) -> JSONResponse:
    async def take(work: Work) -> Created:
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
        return Created(
            intake_out(intake),
            headers={"Location": f"/v1/referrals/{referral_id}", "ETag": etag(1)},
        )

    async def refuse_duplicate_reference(work: Work, conflict: Exception) -> None:
        # A twin request committed first with the same source reference (or a new
        # person both created: trying again, matching finds the twin's person).
        await _refuse_duplicate_reference(work.session, caller=caller, body=body)

    return await keyed.create_once(
        work, agency=caller.agency, body=body, step=take, on_conflict=refuse_duplicate_reference
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
