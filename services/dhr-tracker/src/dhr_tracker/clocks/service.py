"""A review's clocks from its stored history and pauses, and the columns that let the
list and the scheduler find the reviews whose clocks are missed without reading every
review (`overdue_from`, `check_from`: valid until the next change of the review)."""

import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from dhr_tracker.settings import DhrSettings
from dhr_tracker.workflow.clocks import Clocks, Pause, clocks
from dhr_tracker.workflow.rules import Position

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
