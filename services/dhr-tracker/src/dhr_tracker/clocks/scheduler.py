"""The deadline scheduler: notices the statutory clocks reviews have missed and publishes
`csp.dhr.deadline_missed.v1` once per review and clock.

Once is kept by the database, not by the process: the notice row (primary key review
and clock) is written in the same transaction as the event's outbox row, with the
review's row locked, so a restart, a second replica or a rerun of the same day finds
the notice and publishes nothing. Only reviews whose `check_from` day has come are read.
"""

import logging
import uuid
from datetime import date

from fastapi import FastAPI
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from csp_common import clock
from csp_common.app import Worker
from csp_common.contracts.dhr import DeadlineMissed
from csp_common.db import RowsInsert
from csp_common.periodic import periodic_worker
from csp_common.unit_of_work import Work, unit_of_work
from dhr_tracker.clocks.service import clock_columns, positions, review_clocks
from dhr_tracker.record.models import notice_table, review_table
from dhr_tracker.record.service import due_for_check, moves_of, noticed_clocks, pauses_of
from dhr_tracker.settings import DhrSettings

log = logging.getLogger(__name__)


async def notice_missed(
    work: Work, *, settings: DhrSettings, review_id: uuid.UUID, today: date
) -> int:
    """Notices (and events) for the clocks of one review missed by `today`; how many new."""
    review = (
        await work.session.execute(
            select(review_table).where(review_table.c.id == review_id).with_for_update()
        )
    ).first()
    if review is None:
        return 0
    moves = (await moves_of(work.session, review_ids=[review_id]))[review_id]
    pauses = (await pauses_of(work.session, review_ids=[review_id]))[review_id]
    state = review_clocks(settings, positions(settings, review, moves), pauses, today=today)
    made = 0
    for item in state.items:
        if not item.missed or item.due_on is None:
            continue
        notice = {
            "review_id": review_id,
            "clock": item.name,
            "due_on": item.due_on,
            "noticed_at": clock.now(),
        }
        new = await work.flush(
            returning=RowsInsert(
                notice_table, [notice], ignore_conflicts=True, returning=("clock",)
            )
        )
        if new:
            work.emit(
                DeadlineMissed(
                    review_id=review_id,
                    area=review.area,
                    clock=item.name,
                    due_on=item.due_on,
                    noticed_on=today,
                ),
                key=str(review_id),
            )
            made += 1
    noticed = await noticed_clocks(work.session, review_id=review_id)
    await work.session.execute(
        update(review_table)
        .where(review_table.c.id == review_id)
        .values(check_from=clock_columns(state, noticed=noticed)["check_from"])
    )
    return made


async def check_deadlines(
    session_factory: async_sessionmaker[AsyncSession], *, settings: DhrSettings, today: date
) -> int:
    """One pass over the reviews due a check; each review in a transaction of its own."""
    async with session_factory() as session:
        review_ids = list((await session.execute(due_for_check(today))).scalars())
    made = 0
    for review_id in review_ids:
        async with unit_of_work(session_factory, purpose="deadline-check") as work:
            made += await notice_missed(work, settings=settings, review_id=review_id, today=today)
    return made


def deadline_worker(settings: DhrSettings) -> Worker:
    async def check(app: FastAPI) -> int:
        return await check_deadlines(
            app.state.session_factory, settings=settings, today=clock.today(settings.zone)
        )

    return periodic_worker(
        check,
        name="deadline-scheduler",
        every_seconds=settings.deadline_check_seconds,
        enabled=settings.deadline_scheduler_enabled,
        log=log,
        counted="notices",
        done="missed deadlines noticed",
    )
