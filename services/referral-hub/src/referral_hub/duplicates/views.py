"""`/v1/persons/match-reviews`: the queue of candidate person matches found at intake, for
reviewers (`persons:review`) to merge or keep apart."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, Query

from csp_common.errors import not_found
from csp_common.pagination import PageRequest, fixed_sort_params
from referral_hub.access import Reviewer
from referral_hub.dependencies import Partnership, UnitOfWork
from referral_hub.duplicates import flows, service
from referral_hub.duplicates.schemas import (
    DecisionIn,
    MatchReviewOut,
    MatchReviewPage,
    ReviewStatus,
)
from referral_hub.referral.service import visible_to

router = APIRouter(prefix="/v1/persons/match-reviews", tags=["persons"])

ReviewPages = Annotated[
    PageRequest, Depends(fixed_sort_params(service.REVIEWS, sort="found_at", max_limit=200))
]
ReviewId = Annotated[uuid.UUID, Path(description="A match review's id")]
NOT_FOUND = {404: {"description": "No such match review visible to you"}}


def review_out(row: object) -> MatchReviewOut:
    return MatchReviewOut.model_validate(row, from_attributes=True)


@router.get(
    "",
    response_model=MatchReviewPage,
    summary="Candidate person matches found at intake",
    description="A person new to the index who shares a weak key (same family name and "
    "date of birth, same names and postcode...) with someone already there is queued "
    "here when the referral, hub case or import brings them in (a key more than 20 "
    "people share queues nothing; at most 10 candidates a person). Only pairs whose two "
    "people you can both see (through referrals visible to you) are listed; an open pair "
    "leaves the queue once either person is merged. Oldest first; audited.",
)
async def list_match_reviews(
    work: UnitOfWork,
    caller: Reviewer,
    partnership: Partnership,
    pages: ReviewPages,
    status: Annotated[ReviewStatus, Query()] = "open",
) -> MatchReviewPage:
    rows = await service.list_reviews(
        work.session, status=status, visible=visible_to(caller, partnership), pages=pages
    )
    page = service.REVIEWS.page(rows, pages, review_out)
    work.audit(
        action="list",
        record_type="person",
        record_ids=sorted({str(p) for r in page.items for p in (r.person_id, r.candidate_id)}),
    )
    return MatchReviewPage(items=page.items, next_cursor=page.next_cursor)


@router.post(
    "/{review_id}/decision",
    response_model=MatchReviewOut,
    summary="Merge the pair, or say they are not the same person",
    description="`merge` folds the person found at intake into the candidate (their "
    "referrals and keys move over, `PersonsMerged` tells the other services); "
    "`not_same_person` keeps them apart and the pair is not offered again. Audited.",
    responses=NOT_FOUND
    | {
        409: {
            "description": "Decided already, merged since, or victim and perpetrator of a referral"
        }
    },
)
async def decide_match_review(
    review_id: ReviewId,
    work: UnitOfWork,
    caller: Reviewer,
    partnership: Partnership,
    body: Annotated[DecisionIn, Body()],
) -> MatchReviewOut:
    visible = visible_to(caller, partnership)
    review = await service.get_review(work.session, review_id=review_id, visible=visible)
    if review is None:
        raise not_found("match review")
    await flows.decide(work, review=review, decision=body.decision, caller=caller)
    return review_out(await service.review_by_id(work.session, review_id=review_id))
