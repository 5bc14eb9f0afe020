"""HTTP for the family log: the CSP team's record of the family's involvement (manage
only: it speaks of the family)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body
from sqlalchemy import func, select

from csp_common import clock
from csp_common.db import RowsInsert
from csp_common.errors import not_found
from csp_common.unit_of_work import UnitOfWork
from dhr_tracker.access import REVIEW_NOT_FOUND, Manager, require_managed
from dhr_tracker.dependencies import Today
from dhr_tracker.family.models import family_log_table
from dhr_tracker.family.rules import check_entry, summary
from dhr_tracker.family.schemas import FamilyLogEntryOut, FamilyLogIn, FamilyLogOut
from dhr_tracker.record.service import find_review

router = APIRouter(prefix="/v1/reviews/{review_id}/family-log", tags=["family"])


async def _managed(work: UnitOfWork, caller: Manager, review_id: uuid.UUID, **lock: bool):  # type: ignore[no-untyped-def]
    review = await find_review(work.session, review_id=review_id, caller=caller, **lock)
    if review is None:
        raise not_found(REVIEW_NOT_FOUND)
    require_managed(caller, review)
    return review


@router.post("", status_code=201, summary="Record something done with the family")
async def add_entry(
    work: UnitOfWork,
    caller: Manager,
    today: Today,
    review_id: uuid.UUID,
    body: Annotated[FamilyLogIn, Body()],
) -> FamilyLogEntryOut:
    review = await _managed(work, caller, review_id, for_update=True)
    check_entry(body, notified_on=review.notified_on, today=today)
    last = await work.session.scalar(
        select(func.coalesce(func.max(family_log_table.c.seq), 0)).where(
            family_log_table.c.review_id == review_id
        )
    )
    row = {
        "id": uuid.uuid4(),
        "review_id": review_id,
        "seq": (last or 0) + 1,
        **body.model_dump(),
        "recorded_by": caller.agency,
        "recorded_at": clock.now(),
    }
    work.add(RowsInsert(family_log_table, [row]))
    work.audit(action="update", record_type="review", record_ids=[str(review_id)])
    return FamilyLogEntryOut.model_validate(row)


@router.get("", summary="The family log, with what it adds up to")
async def read_log(work: UnitOfWork, caller: Manager, review_id: uuid.UUID) -> FamilyLogOut:
    await _managed(work, caller, review_id)
    rows = (
        await work.session.execute(
            select(family_log_table)
            .where(family_log_table.c.review_id == review_id)
            .order_by(family_log_table.c.on, family_log_table.c.seq)
        )
    ).all()
    work.audit(action="read", record_type="review", record_ids=[str(review_id)])
    return FamilyLogOut(
        review_id=review_id,
        summary=summary(rows),
        entries=[FamilyLogEntryOut.model_validate(row, from_attributes=True) for row in rows],
    )
