"""Retention and erasure over HTTP: the dry run of the retention job, and right-to-erasure
requests (scope `records:retention`, the partnership's data protection team)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Path, Query, Request
from fastapi.responses import JSONResponse

from csp_common.errors import problem_response
from referral_hub.access import RETENTION, RetentionOfficer
from referral_hub.dependencies import Partnership, Settings, UnitOfWork
from referral_hub.retention import flows
from referral_hub.retention.rules import today
from referral_hub.retention.schemas import ErasureOut, ErasureRequestIn, RefusalOut, RetentionDue

router = APIRouter(tags=["retention"])


@router.get(
    "/v1/retention/due",
    response_model=RetentionDue,
    summary="The retention job's dry run: who it would erase today",
    description=f"Scope `{RETENTION}`. Lists the people past their retention period (and "
    "their referrals), oldest first; changes nothing. Every person listed is audited.",
)
async def list_due(
    work: UnitOfWork,
    caller: RetentionOfficer,
    partnership: Partnership,
    limit: Annotated[int, Query(ge=1, le=500, description="People to list at most")] = 100,
) -> RetentionDue:
    return await flows.due_listing(
        work, retention=partnership.retention, today=today(), limit=limit
    )


@router.post(
    "/v1/persons/{person_id}/erasure",
    response_model=ErasureOut,
    summary="A right-to-erasure request about a person",
    description=f"Scope `{RETENTION}`. Erases the person (details and match keys) and "
    "anonymises their referrals as victim, and tells every service to drop its links "
    "(`csp.referral.records_erased.v1`). Where the law does not allow it, 409 "
    "`erasure-refused` with `refusals` (codes and reasons), recorded and changing nothing "
    "else. dhr-tracker is asked whether an ongoing review still needs the person; an "
    "answer that cannot be had refuses the request. A repeat finds no person (404).",
    responses={
        404: {"description": "No such person in the index (or already erased)"},
        409: {
            "description": "Refused: `refusals` lists each reason (`open_referral`, "
            "`lawful_basis`, `law_enforcement`, `marac_case`, `hub_case`, `ongoing_review`, "
            "`review_check_unavailable`)"
        },
    },
)
async def request_erasure(
    request: Request,
    person_id: Annotated[uuid.UUID, Path(description="A person's id from the person index")],
    work: UnitOfWork,
    caller: RetentionOfficer,
    partnership: Partnership,
    settings: Settings,
    body: Annotated[ErasureRequestIn, Body()] = ErasureRequestIn(),
) -> ErasureOut | JSONResponse:
    decided = await flows.request_erasure(
        work,
        person_id=person_id,
        caller=caller,
        retention=partnership.retention,
        today=today(),
        request_reference=body.request_reference,
        settings=settings,
    )
    if isinstance(decided, ErasureOut):
        return decided
    # Answered, not raised: the refusal's record and audit row are kept.
    return problem_response(
        request,
        status=409,
        title="Erasure refused",
        detail="The law does not allow erasing this person now; see `refusals`.",
        type="erasure-refused",
        refusals=[RefusalOut(code=r.code, detail=r.detail).model_dump() for r in decided],
    )
