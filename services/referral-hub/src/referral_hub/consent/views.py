"""A referral's consent and lawful basis: /v1/referrals/{id}/consent."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path
from fastapi.responses import JSONResponse

from csp_common.errors import Problem, not_found
from csp_common.idempotency import RESPONSES as KEYED
from csp_common.idempotency import Created
from csp_common.unit_of_work import Work
from referral_hub.access import ReferralReader, Referrer
from referral_hub.consent import flows, service
from referral_hub.consent.schemas import ConsentChangeIn, ConsentHistory, history_out
from referral_hub.dependencies import Idempotent, Partnership, UnitOfWork
from referral_hub.referral import service as referrals
from referral_hub.referral.schemas import ERRORS

router = APIRouter(prefix="/v1/referrals", tags=["referrals"])

ReferralId = Annotated[uuid.UUID, Path(description="The referral's id")]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such referral visible to you"}
}


@router.post(
    "/{referral_id}/consent",
    status_code=201,
    response_model=ConsentHistory,
    summary="Record a change of consent or lawful basis",
    description="Only the referring agency may (403 for others who can see the referral). "
    "`withdrawn` follows `given` and keeps the basis: when the basis is consent, sharing "
    "stops (webhooks not yet delivered are cancelled, the providers' inboxes stop offering "
    "routes not acted on). `overridden` shares without consent on another basis and needs "
    "a `reason` and `authorised_by`. The new status travels as a code in "
    "`csp.referral.consent_changed.v1`; the reason and authoriser stay here. 409 when the "
    "change cannot follow the current consent (`consent-not-given`, `consent-given`, "
    "`consent-unchanged`). Answers the consent now and its history; the referral's ETag "
    "changes.",
    responses=ERRORS
    | NOT_FOUND
    | KEYED
    | {
        403: {"description": "The token lacks the scope, or you are not the referring agency"},
        409: {"description": "The change cannot follow the referral's current consent"},
    },
)
async def change_consent(
    referral_id: ReferralId,
    work: UnitOfWork,
    caller: Referrer,
    partnership: Partnership,
    body: Annotated[ConsentChangeIn, Body()],
    keyed: Idempotent,
) -> JSONResponse:
    async def record(work: Work) -> Created:
        referral = await referrals.get_visible(
            work.session, referral_id=referral_id, caller=caller, partnership=partnership
        )
        if referral is None:
            raise not_found("referral")
        if referral.referring_agency != caller.agency:
            raise Problem(403, "Forbidden", "Only the referring agency may record its consent.")
        await flows.change_consent(work, referral=referral, caller=caller, body=body)
        await work.session.refresh(referral)
        changes = await service.changes_of(work.session, referral_id=referral.id)
        return Created(history_out(referral, changes))

    return await keyed.create_once(work, agency=caller.agency, body=body, step=record)


@router.get(
    "/{referral_id}/consent",
    response_model=ConsentHistory,
    summary="Read a referral's consent and its history",
    description="Visible to whoever may read the referral; every read is audited (send "
    "`X-Purpose`).",
    responses=ERRORS | NOT_FOUND,
)
async def read_consent(
    referral_id: ReferralId, work: UnitOfWork, caller: ReferralReader, partnership: Partnership
) -> ConsentHistory:
    referral = await referrals.get_visible(
        work.session, referral_id=referral_id, caller=caller, partnership=partnership
    )
    if referral is None:
        raise not_found("referral")
    changes = await service.changes_of(work.session, referral_id=referral.id)
    work.audit(action="read", record_type="referral", record_ids=[str(referral.id)])
    return history_out(referral, changes)
