"""A review's clocks from its stored history and pauses, and the columns that let the
list and the scheduler find the reviews whose clocks are missed without reading every
review (`overdue_from`, `check_from`: valid until the next change of the review)."""

import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dhr_tracker.clocks.models import notice_table
from dhr_tracker.clocks.rules import Clocks, Pause, clocks
from dhr_tracker.pause.models import pause_table
from dhr_tracker.review.models import move_table
from dhr_tracker.review.rules import Position
from dhr_tracker.settings import DhrSettings

ByReview = dict[uuid.UUID, list[Any]]


def positions(settings: DhrSettings, review: Any, moves: Iterable[Any]) -> list[Position]:
    """The review's positions from its notification on (moves in their order)."""
    history = [settings.workflow.start(review.notified_on)]
    history += [Position(m.to_stage, m.on, dict(m.attributes)) for m in moves]
    return history


def finished_on(settings: DhrSettings, history: Sequence[Position]) -> date | None:
    last = history[-1]
    return last.since if last.stage in settings.workflow.finished else None


def review_clocks(
    settings: DhrSettings, history: Sequence[Position], pauses: Iterable[Any], *, today: date
) -> Clocks:
    return clocks(
        settings.clocks,
        history,
        [Pause(p.paused_on, p.resumed_on) for p in pauses],
        finished_on=finished_on(settings, history),
        today=today,
    )


def clock_columns(state: Clocks, *, noticed: Iterable[str]) -> dict[str, date | None]:
    return {
        "overdue_from": state.missed_from(running_only=True),
        "check_from": state.missed_from(leaving=frozenset(noticed)),
    }


async def moves_of(
    session: AsyncSession, *, review_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Any]]:
    found: dict[uuid.UUID, list[Any]] = {review_id: [] for review_id in review_ids}
    rows = await session.execute(
        select(move_table).where(move_table.c.review_id.in_(review_ids)).order_by(move_table.c.seq)
    )
    for row in rows:
        found[row.review_id].append(row)
    return found


async def pauses_of(
    session: AsyncSession, *, review_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Any]]:
    found: dict[uuid.UUID, list[Any]] = {review_id: [] for review_id in review_ids}
    rows = await session.execute(
        select(pause_table)
        .where(pause_table.c.review_id.in_(review_ids))
        .order_by(pause_table.c.paused_on, pause_table.c.recorded_at)
    )
    for row in rows:
        found[row.review_id].append(row)
    return found


async def noticed_clocks(session: AsyncSession, *, review_id: uuid.UUID) -> set[str]:
    rows = await session.execute(
        select(notice_table.c.clock).where(notice_table.c.review_id == review_id)
    )
    return set(rows.scalars())
