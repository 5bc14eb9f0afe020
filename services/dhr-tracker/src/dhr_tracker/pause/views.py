"""HTTP for pauses: a review paused (criminal proceedings, an inquest...) and resumed."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body

from csp_common.errors import not_found
from csp_common.unit_of_work import UnitOfWork
from dhr_tracker.access import REVIEW_NOT_FOUND, Manager, ReviewReader
from dhr_tracker.dependencies import Settings, Today
from dhr_tracker.pause import flows
from dhr_tracker.pause.schemas import PauseEndIn, PauseIn, PauseOut, PausesOut
from dhr_tracker.record.service import find_review, pauses_of

router = APIRouter(prefix="/v1/reviews/{review_id}/pauses", tags=["pauses"])


@router.post("", status_code=201, summary="Pause a review")
async def pause(
    work: UnitOfWork,
    caller: Manager,
    settings: Settings,
    today: Today,
    review_id: uuid.UUID,
    body: Annotated[PauseIn, Body()],
) -> PauseOut:
    return await flows.pause(
        work, settings=settings, caller=caller, review_id=review_id, body=body, today=today
    )


@router.post("/{pause_id}/end", summary="End a pause: the review runs again")
async def end_pause(
    work: UnitOfWork,
    caller: Manager,
    settings: Settings,
    today: Today,
    review_id: uuid.UUID,
    pause_id: uuid.UUID,
    body: Annotated[PauseEndIn, Body()],
) -> PauseOut:
    return await flows.resume(
        work,
        settings=settings,
        caller=caller,
        review_id=review_id,
        pause_id=pause_id,
        body=body,
        today=today,
    )


@router.get("", summary="The review's pauses")
async def list_pauses(
    work: UnitOfWork, caller: ReviewReader, today: Today, review_id: uuid.UUID
) -> PausesOut:
    if await find_review(work.session, review_id=review_id, caller=caller) is None:
        raise not_found(REVIEW_NOT_FOUND)
    pauses = (await pauses_of(work.session, review_ids=[review_id]))[review_id]
    work.audit(action="read", record_type="review", record_ids=[str(review_id)])
    return PausesOut(review_id=review_id, pauses=[flows.pause_out(p, today=today) for p in pauses])
