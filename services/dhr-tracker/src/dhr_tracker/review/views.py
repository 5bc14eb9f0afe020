"""HTTP for reviews: notification, reading, listing, and moves between stages."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query

from csp_common.contracts.dhr import Circumstances
from csp_common.errors import not_found
from csp_common.pagination import Keyset, PageRequest, signed_sort_params
from csp_common.unit_of_work import UnitOfWork
from dhr_tracker.access import REVIEW_NOT_FOUND, Manager, ReviewReader
from dhr_tracker.dependencies import Partnership, Settings, Today
from dhr_tracker.fields import Code, StageName
from dhr_tracker.record.models import review_table
from dhr_tracker.record.service import find_review, list_statement, moves_of
from dhr_tracker.review import flows
from dhr_tracker.review.schemas import (
    HistoryOut,
    MoveOut,
    ReviewIn,
    ReviewOut,
    ReviewPage,
    TransitionIn,
)

router = APIRouter(prefix="/v1/reviews", tags=["reviews"])

REVIEWS = Keyset(
    sorts={
        "notified_on": review_table.c.notified_on,
        "stage_since": review_table.c.stage_since,
        "created_at": review_table.c.created_at,
    },
    id_column=review_table.c.id,
)
ReviewPages = Annotated[
    PageRequest, Depends(signed_sort_params(REVIEWS, default="-notified_on", max_limit=200))
]


@router.post("", status_code=201, summary="Record the notification of a death")
async def notify(
    work: UnitOfWork,
    caller: Manager,
    settings: Settings,
    partnership: Partnership,
    today: Today,
    body: Annotated[ReviewIn, Body()],
) -> ReviewOut:
    return await flows.notify(
        work, settings=settings, partnership=partnership, caller=caller, body=body, today=today
    )


@router.get("", summary="Reviews the caller may read, filtered and sorted")
async def list_reviews(
    work: UnitOfWork,
    caller: ReviewReader,
    settings: Settings,
    today: Today,
    pages: ReviewPages,
    stage: Annotated[StageName | None, Query()] = None,
    area: Annotated[Code | None, Query()] = None,
    circumstances: Annotated[Circumstances | None, Query()] = None,
    overdue: Annotated[bool | None, Query(description="Only reviews with a clock overdue")] = None,
) -> ReviewPage:
    statement = list_statement(
        caller, today=today, stage=stage, area=area, circumstances=circumstances, overdue=overdue
    )
    rows = (await work.session.execute(REVIEWS.select(statement, pages))).all()
    page = REVIEWS.page(rows, pages, lambda row: row)
    items = await flows.reviews_out(work, settings=settings, rows=page.items, today=today)
    work.audit(action="list", record_type="review", record_ids=[str(i.id) for i in items])
    return ReviewPage(items=items, next_cursor=page.next_cursor)


@router.get("/{review_id}", summary="One review, with its clocks")
async def read_review(
    work: UnitOfWork, caller: ReviewReader, settings: Settings, today: Today, review_id: uuid.UUID
) -> ReviewOut:
    review = await find_review(work.session, review_id=review_id, caller=caller)
    if review is None:
        raise not_found(REVIEW_NOT_FOUND)
    work.audit(action="read", record_type="review", record_ids=[str(review_id)])
    return (await flows.reviews_out(work, settings=settings, rows=[review], today=today))[0]


@router.post("/{review_id}/transitions", summary="Move a review to another stage")
async def transition(
    work: UnitOfWork,
    caller: Manager,
    settings: Settings,
    today: Today,
    review_id: uuid.UUID,
    body: Annotated[TransitionIn, Body()],
) -> ReviewOut:
    return await flows.move(
        work, settings=settings, caller=caller, review_id=review_id, body=body, today=today
    )


@router.get("/{review_id}/transitions", summary="The review's history of moves")
async def history(work: UnitOfWork, caller: ReviewReader, review_id: uuid.UUID) -> HistoryOut:
    review = await find_review(work.session, review_id=review_id, caller=caller)
    if review is None:
        raise not_found(REVIEW_NOT_FOUND)
    moves = (await moves_of(work.session, review_ids=[review_id]))[review_id]
    work.audit(action="read", record_type="review", record_ids=[str(review_id)])
    return HistoryOut(
        review_id=review_id,
        moves=[MoveOut.model_validate(move, from_attributes=True) for move in moves],
    )
