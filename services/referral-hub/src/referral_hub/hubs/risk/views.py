"""Risk assessments of a hub case, and the referral they may offer: /v1/hub-cases/{id}."""

from typing import Annotated

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse

from csp_common.idempotency import RESPONSES as KEYED
from csp_common.idempotency import Created
from csp_common.unit_of_work import Work
from referral_hub.access import HubReferrer, HubWriter
from referral_hub.dependencies import Idempotent, Partnership, Settings, UnitOfWork
from referral_hub.hubs.cases.reading import visible_case
from referral_hub.hubs.cases.service import incidents_of
from referral_hub.hubs.fields import CONFLICT, ERRORS, NOT_FOUND, CaseId
from referral_hub.hubs.risk import flows
from referral_hub.hubs.risk.schemas import (
    AssessmentIn,
    AssessmentOut,
    HubReferralIn,
    HubReferralOut,
)

router = APIRouter(prefix="/v1/hub-cases", tags=["hubs"])


@router.post(
    "/{case_id}/risk-assessments",
    status_code=201,
    response_model=AssessmentOut,
    summary="Assess (or re-assess) the victim's risk",
    description="Yes or no to the partnership's ASB risk questions (GET "
    "/v1/hubs/configuration): the weighted score and its band (standard, medium, high). A "
    "high risk or a domestic abuse indication offers a referral (`offers_referral`).",
    responses=ERRORS | NOT_FOUND | CONFLICT | KEYED,
)
async def assess(
    case_id: CaseId,
    work: UnitOfWork,
    caller: HubWriter,
    partnership: Partnership,
    body: Annotated[AssessmentIn, Body()],
    keyed: Idempotent,
) -> JSONResponse:
    async def create(work: Work) -> Created:
        case = await visible_case(
            work, case_id=case_id, caller=caller, partnership=partnership, lock=True
        )
        row = await flows.assess_case(
            work, case=case, body=body, agency=caller.agency, partnership=partnership
        )
        out = AssessmentOut(**{k: row[k] for k in AssessmentOut.model_fields})
        return Created(out)

    return await keyed.create_once(work, agency=caller.agency, body=body, step=create)


@router.post(
    "/{case_id}/referral",
    status_code=201,
    response_model=HubReferralOut,
    summary="Refer the case's victim into the referral flow",
    description="When the latest assessment is high risk or indicates domestic abuse. The "
    "victim, the perpetrator (the case's subject), the area and the incident date come "
    "from the case: send only what a referral needs besides (the DASH checklist, the "
    "relationship, consent). Needs `referrals:write` too. Made once: asking again answers "
    "the same referral (200, `created` false).",
    responses=ERRORS
    | NOT_FOUND
    | {409: {"description": "The case's latest assessment offers no referral"}},
)
async def refer(
    case_id: CaseId,
    work: UnitOfWork,
    caller: HubReferrer,
    settings: Settings,
    partnership: Partnership,
    body: Annotated[HubReferralIn, Body()],
) -> JSONResponse:
    case = await visible_case(
        work, case_id=case_id, caller=caller, partnership=partnership, lock=True
    )
    incidents = await incidents_of(work.session, case_ids=[case.id])
    incident_date = incidents[-1].occurred_on if incidents else case.reported_on
    referral_id, created = await flows.refer_victim(
        work,
        case=case,
        body=body,
        agency=caller.agency,
        settings=settings,
        partnership=partnership,
        incident_date=incident_date,
    )
    out = HubReferralOut(case_id=case.id, referral_id=referral_id, created=created)
    return JSONResponse(
        out.model_dump(mode="json"),
        status_code=201 if created else 200,
        headers={"Location": f"/v1/referrals/{referral_id}"},
    )
