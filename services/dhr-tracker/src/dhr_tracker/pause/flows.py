"""Pausing and resuming a review: the pause row, the review's clock columns, the event."""

import uuid
from datetime import date
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select, update

from csp_common import clock
from csp_common.auth import Caller
from csp_common.contracts.dhr import ReviewPaused, ReviewResumed
from csp_common.db import RowsInsert
from csp_common.errors import not_found
from csp_common.unit_of_work import Work
from dhr_tracker.access import REVIEW_NOT_FOUND, require_managed
from dhr_tracker.clocks.service import clock_columns, finished_on, positions, review_clocks
from dhr_tracker.pause.rules import check_pause, check_resume
from dhr_tracker.pause.schemas import PauseEndIn, PauseIn, PauseOut
from dhr_tracker.record.models import pause_table, review_table
from dhr_tracker.record.service import find_review, moves_of, noticed_clocks, pauses_of
from dhr_tracker.settings import DhrSettings
from dhr_tracker.workflow.clocks import Pause


def pause_out(row: Any, *, today: date) -> PauseOut:
    return PauseOut(
        id=row.id,
        review_id=row.review_id,
        reason=row.reason,
        paused_on=row.paused_on,
        expected_resume_on=row.expected_resume_on,
        resumed_on=row.resumed_on,
        days=Pause(row.paused_on, row.resumed_on).days(today),
    )


async def _managed_review(work: Work, *, caller: Caller, review_id: uuid.UUID) -> Any:
    review = await find_review(work.session, review_id=review_id, caller=caller, for_update=True)
    if review is None:
        raise not_found(REVIEW_NOT_FOUND)
    require_managed(caller, review)
    return review


async def _refresh_clocks(
    work: Work,
    *,
    settings: DhrSettings,
    review: Any,
    moves: list[Any],
    pauses: list[Any],
    today: date,
) -> None:
    state = review_clocks(settings, positions(settings, review, moves), pauses, today=today)
    noticed = await noticed_clocks(work.session, review_id=review.id)
    await work.session.execute(
        update(review_table)
        .where(review_table.c.id == review.id)
        .values(updated_at=clock.now(), **clock_columns(state, noticed=noticed))
    )


async def pause(
    work: Work,
    *,
    settings: DhrSettings,
    caller: Caller,
    review_id: uuid.UUID,
    body: PauseIn,
    today: date,
) -> PauseOut:
    review = await _managed_review(work, caller=caller, review_id=review_id)
    moves = (await moves_of(work.session, review_ids=[review_id]))[review_id]
    pauses = (await pauses_of(work.session, review_ids=[review_id]))[review_id]
    history = positions(settings, review, moves)
    check_pause(
        [Pause(p.paused_on, p.resumed_on) for p in pauses],
        paused_on=body.paused_on,
        expected_resume_on=body.expected_resume_on,
        notified_on=review.notified_on,
        finished=finished_on(settings, history) is not None,
        today=today,
    )
    row = {
        "id": uuid.uuid4(),
        "review_id": review_id,
        "reason": body.reason,
        "paused_on": body.paused_on,
        "expected_resume_on": body.expected_resume_on,
        "resumed_on": None,
        "recorded_at": clock.now(),
    }
    work.add(RowsInsert(pause_table, [row]))
    new = pause_out(SimpleNamespace(**row), today=today)
    await _refresh_clocks(
        work,
        settings=settings,
        review=review,
        moves=moves,
        pauses=[*pauses, SimpleNamespace(**row)],
        today=today,
    )
    work.emit(
        ReviewPaused(
            review_id=review_id,
            pause_id=row["id"],
            area=review.area,
            reason=body.reason,
            paused_on=body.paused_on,
            expected_resume_on=body.expected_resume_on,
        ),
        key=str(review_id),
    )
    work.audit(action="update", record_type="review", record_ids=[str(review_id)])
    return new


async def resume(
    work: Work,
    *,
    settings: DhrSettings,
    caller: Caller,
    review_id: uuid.UUID,
    pause_id: uuid.UUID,
    body: PauseEndIn,
    today: date,
) -> PauseOut:
    review = await _managed_review(work, caller=caller, review_id=review_id)
    stored = (
        await work.session.execute(
            select(pause_table).where(
                pause_table.c.id == pause_id, pause_table.c.review_id == review_id
            )
        )
    ).first()
    if stored is None:
        raise not_found("pause")
    check_resume(
        Pause(stored.paused_on, stored.resumed_on), resumed_on=body.resumed_on, today=today
    )
    await work.session.execute(
        update(pause_table).where(pause_table.c.id == pause_id).values(resumed_on=body.resumed_on)
    )
    ended = SimpleNamespace(**{**stored._asdict(), "resumed_on": body.resumed_on})
    moves = (await moves_of(work.session, review_ids=[review_id]))[review_id]
    pauses = (await pauses_of(work.session, review_ids=[review_id]))[review_id]
    await _refresh_clocks(
        work, settings=settings, review=review, moves=moves, pauses=pauses, today=today
    )
    out = pause_out(ended, today=today)
    work.emit(
        ReviewResumed(
            review_id=review_id,
            pause_id=pause_id,
            area=review.area,
            resumed_on=body.resumed_on,
            paused_days=out.days,
        ),
        key=str(review_id),
    )
    work.audit(action="update", record_type="review", record_ids=[str(review_id)])
    return out
