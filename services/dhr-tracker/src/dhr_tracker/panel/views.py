"""HTTP for a review's panel: the agencies on it (and so who may read the review)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body
from sqlalchemy import select

from csp_common import clock
from csp_common.db import RowsInsert
from csp_common.errors import not_found
from csp_common.unit_of_work import UnitOfWork
from dhr_tracker.access import REVIEW_NOT_FOUND, Manager, ReviewReader, require_managed
from dhr_tracker.dependencies import Today
from dhr_tracker.panel.schemas import ChairOut, PanelMemberIn, PanelMemberOut, PanelOut
from dhr_tracker.problems import Conflict, Invalid
from dhr_tracker.record.models import panel_table
from dhr_tracker.record.service import find_review, moves_of

router = APIRouter(prefix="/v1/reviews/{review_id}/panel", tags=["panel"])


@router.post("", status_code=201, summary="Put an agency on the review's panel")
async def add_member(
    work: UnitOfWork,
    caller: Manager,
    today: Today,
    review_id: uuid.UUID,
    body: Annotated[PanelMemberIn, Body()],
) -> PanelMemberOut:
    review = await find_review(work.session, review_id=review_id, caller=caller, for_update=True)
    if review is None:
        raise not_found(REVIEW_NOT_FOUND)
    require_managed(caller, review)
    if body.joined_on > today:
        raise Invalid("future_date", "joined_on cannot be in the future.", pointer="/joined_on")
    taken = await work.session.execute(
        select(panel_table.c.id).where(
            panel_table.c.review_id == review_id, panel_table.c.agency == body.agency
        )
    )
    if taken.first() is not None:
        raise Conflict("already_on_panel", "That agency is on this review's panel already.")
    row = {
        "id": uuid.uuid4(),
        "review_id": review_id,
        **body.model_dump(),
        "recorded_at": clock.now(),
    }
    work.add(RowsInsert(panel_table, [row]))
    work.audit(action="update", record_type="review", record_ids=[str(review_id)])
    return PanelMemberOut.model_validate(row)


@router.get("", summary="The review's panel")
async def read_panel(work: UnitOfWork, caller: ReviewReader, review_id: uuid.UUID) -> PanelOut:
    if await find_review(work.session, review_id=review_id, caller=caller) is None:
        raise not_found(REVIEW_NOT_FOUND)
    rows = await work.session.execute(
        select(panel_table)
        .where(panel_table.c.review_id == review_id)
        .order_by(panel_table.c.joined_on, panel_table.c.agency)
    )
    moves = (await moves_of(work.session, review_ids=[review_id]))[review_id]
    appointed = [move for move in moves if move.details.get("chair")]
    chair = (
        ChairOut(
            name=appointed[-1].details["chair"],
            appointed_on=appointed[-1].on,
            independence_declared=appointed[-1].details.get("independence_declared") is True,
        )
        if appointed
        else None
    )
    work.audit(action="read", record_type="review", record_ids=[str(review_id)])
    return PanelOut(
        review_id=review_id,
        chair=chair,
        members=[PanelMemberOut.model_validate(row, from_attributes=True) for row in rows],
    )
