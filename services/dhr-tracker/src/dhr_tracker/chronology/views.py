"""HTTP for a review's multi-agency chronology from the platform's own records."""

import uuid

from fastapi import APIRouter

from csp_common.unit_of_work import UnitOfWork
from dhr_tracker.access import Manager
from dhr_tracker.chronology import flows
from dhr_tracker.chronology.schemas import ChronologyOut
from dhr_tracker.dependencies import PurposeHeader, Settings

router = APIRouter(prefix="/v1/reviews/{review_id}/chronology", tags=["chronology"])


@router.get(
    "",
    summary="The review's people's history in referral-hub and marac, before the death",
    description="Every referral, route, risk level, provider outcome, MARAC listing and "
    "action the platform holds about the review's `person_ids`, dated and merged. Each "
    "source says whether it answered; one that did not is `unavailable` with a reason, "
    "and `complete` is false. `X-Purpose` is required; the read is audited here and by "
    "each source.",
)
async def read_chronology(
    work: UnitOfWork,
    caller: Manager,
    settings: Settings,
    review_id: uuid.UUID,
    purpose: PurposeHeader = None,
) -> ChronologyOut:
    return await flows.chronology(
        work, settings=settings, caller=caller, review_id=review_id, purpose=purpose
    )
