"""The ASB case review ("community trigger"): /v1/case-reviews."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path
from fastapi.responses import JSONResponse

from csp_common.auth import Caller
from csp_common.errors import not_found
from csp_common.idempotency import RESPONSES as KEYED
from csp_common.idempotency import Created
from csp_common.partnership import Partnership as PartnershipConfig
from csp_common.unit_of_work import Work
from referral_hub.access import HUBS_COORDINATE, HUBS_READ, HUBS_WRITE, HubLister, HubWriter
from referral_hub.dependencies import Idempotent, Partnership, UnitOfWork
from referral_hub.hubs.cases.reading import caller_visibility, visible_case
from referral_hub.hubs.fields import CONFLICT, ERRORS, NOT_FOUND
from referral_hub.hubs.trigger import flows, service
from referral_hub.hubs.trigger.schemas import (
    AcknowledgementIn,
    AppealIn,
    ApplicationIn,
    CaseReviewOut,
    DecisionIn,
    ReviewIn,
)

router = APIRouter(prefix="/v1/case-reviews", tags=["hubs"])

ReviewId = Annotated[uuid.UUID, Path(description="The ASB case review application's id")]
REVIEW_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such application visible to you"}
}


def review_out(row: Any, *, partnership: PartnershipConfig) -> CaseReviewOut:
    values = {k: getattr(row, k) for k in CaseReviewOut.model_fields if k != "appeal_route"}
    return CaseReviewOut(**values, appeal_route=partnership.hubs.case_review.appeal_route)


def _condition(caller: Caller, partnership: PartnershipConfig) -> Any:
    coordinated = (
        caller.area
        if caller.has(HUBS_COORDINATE) and caller.area in partnership.hubs.area_codes
        else None
    )
    reads_cases = caller.has(HUBS_READ) or caller.has(HUBS_WRITE)
    visibility = caller_visibility(caller, partnership) if reads_cases else None
    return service.visible_review(visibility, coordinated_hub=coordinated)


async def _visible(
    work: Work, *, review_id: uuid.UUID, caller: Caller, partnership: PartnershipConfig
) -> Any:
    row = await service.get_review(
        work.session,
        review_id=review_id,
        condition=_condition(caller, partnership),
        lock=True,
    )
    if row is None:
        raise not_found("case review application")
    return row


async def _answer(
    work: Work, *, review_id: uuid.UUID, caller: Caller, partnership: PartnershipConfig
) -> CaseReviewOut:
    row = await service.get_review(
        work.session, review_id=review_id, condition=_condition(caller, partnership), lock=False
    )
    return review_out(row, partnership=partnership)


@router.post(
    "",
    status_code=201,
    response_model=CaseReviewOut,
    summary="Receive an ASB case review application",
    description="By the victim, or on their behalf, about a hub case you see. The "
    "acknowledgement and the threshold decision fall due in working days from receipt "
    "(England and Wales bank holidays skipped), as the partnership configures.",
    responses=ERRORS | NOT_FOUND | CONFLICT | KEYED,
)
async def receive(
    work: UnitOfWork,
    caller: HubWriter,
    partnership: Partnership,
    body: Annotated[ApplicationIn, Body()],
    keyed: Idempotent,
) -> JSONResponse:
    async def create(work: Work) -> Created:
        case = await visible_case(
            work, case_id=body.case_id, caller=caller, partnership=partnership
        )
        row = flows.receive(
            work,
            case=case,
            body=body,
            agency=caller.agency,
            rules_in_force=partnership.hubs.case_review,
        )
        out = CaseReviewOut(**row, appeal_route=partnership.hubs.case_review.appeal_route)
        return Created(out, headers={"Location": f"/v1/case-reviews/{row['id']}"})

    return await keyed.create_once(work, agency=caller.agency, body=body, step=create)


@router.get(
    "/{review_id}",
    response_model=CaseReviewOut,
    summary="Read an ASB case review application",
    description="Visible to whoever sees its case, and to the hub's coordinator.",
    responses=ERRORS | REVIEW_NOT_FOUND,
)
async def read_review(
    review_id: ReviewId, work: UnitOfWork, caller: HubLister, partnership: Partnership
) -> CaseReviewOut:
    row = await _visible(work, review_id=review_id, caller=caller, partnership=partnership)
    work.audit(action="read", record_type="hub_case_review", record_ids=[str(row.id)])
    return review_out(row, partnership=partnership)


@router.post(
    "/{review_id}/acknowledgement",
    response_model=CaseReviewOut,
    summary="Record that the application was acknowledged",
    responses=ERRORS | REVIEW_NOT_FOUND | CONFLICT,
)
async def acknowledge(
    review_id: ReviewId,
    work: UnitOfWork,
    caller: HubWriter,
    partnership: Partnership,
    body: Annotated[AcknowledgementIn, Body()],
) -> CaseReviewOut:
    row = await _visible(work, review_id=review_id, caller=caller, partnership=partnership)
    await flows.acknowledge(work, review=row, body=body)
    return await _answer(work, review_id=review_id, caller=caller, partnership=partnership)


@router.post(
    "/{review_id}/threshold-decision",
    response_model=CaseReviewOut,
    summary="Decide whether the application meets the threshold",
    description="Counts the complaints the platform holds: the incidents of the case and "
    "its linked cases, each qualifying when complained of within the configured window "
    "of the behaviour (one month by law) and the application made within the configured "
    "window of the complaint (six months). The threshold is the partnership's (three by "
    "law, or fewer). The incidents counted are kept with the decision.",
    responses=ERRORS | REVIEW_NOT_FOUND | CONFLICT,
)
async def decide(
    review_id: ReviewId,
    work: UnitOfWork,
    caller: HubWriter,
    partnership: Partnership,
    body: Annotated[DecisionIn, Body()],
) -> CaseReviewOut:
    row = await _visible(work, review_id=review_id, caller=caller, partnership=partnership)
    await flows.decide(work, review=row, body=body, rules_in_force=partnership.hubs.case_review)
    return await _answer(work, review_id=review_id, caller=caller, partnership=partnership)


@router.post(
    "/{review_id}/review",
    response_model=CaseReviewOut,
    summary="Record the review meeting, its recommendations and the applicant's answer",
    description="Only for an application that met the threshold; due in working days "
    "from the decision.",
    responses=ERRORS | REVIEW_NOT_FOUND | CONFLICT,
)
async def hold_review(
    review_id: ReviewId,
    work: UnitOfWork,
    caller: HubWriter,
    partnership: Partnership,
    body: Annotated[ReviewIn, Body()],
) -> CaseReviewOut:
    row = await _visible(work, review_id=review_id, caller=caller, partnership=partnership)
    await flows.hold_review(work, review=row, body=body)
    return await _answer(work, review_id=review_id, caller=caller, partnership=partnership)


@router.post(
    "/{review_id}/appeal",
    response_model=CaseReviewOut,
    summary="Record an appeal against the decision or the review",
    responses=ERRORS | REVIEW_NOT_FOUND | CONFLICT,
)
async def appeal(
    review_id: ReviewId,
    work: UnitOfWork,
    caller: HubWriter,
    partnership: Partnership,
    body: Annotated[AppealIn, Body()],
) -> CaseReviewOut:
    row = await _visible(work, review_id=review_id, caller=caller, partnership=partnership)
    await flows.appeal(work, review=row, body=body)
    return await _answer(work, review_id=review_id, caller=caller, partnership=partnership)
