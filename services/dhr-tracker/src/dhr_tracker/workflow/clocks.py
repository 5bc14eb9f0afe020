"""Statutory clocks, as data: when each starts, how long it runs, what meets it.

A clock starts on the first date a review reaches a milestone (a stage, optionally
with attributes: the decision to hold a review) and is met on the first date it
reaches another. Its due date is the start plus whole calendar months (clamped to the
end of a shorter month: notified on 31 January 2024, a one-month clock is due on
29 February) plus days, plus, for a pausable clock, every day the review was paused
while the clock ran. A pause counts `resumed_on - paused_on` days; a pause still open
counts up to today, so the due date moves a day for every day it stays open.

A clock that has started, is not met and whose review is not finished is running; a
running clock is overdue once today is after its due date. It was missed when it was
met after its due date, or is overdue now: the scheduler reports each missed clock once.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field, model_validator

from csp_common.fields import StrictInt
from dhr_tracker.workflow.rules import Name, Position


class Milestone(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    stage: Name
    when: dict[Name, Name] = Field(default_factory=dict)

    def reached(self, history: Sequence[Position], *, after: int = -1) -> int | None:
        """The index in `history` of the first position past `after` that reaches this
        milestone."""
        for index in range(after + 1, len(history)):
            position = history[index]
            if position.stage == self.stage and all(
                position.attributes.get(key) == value for key, value in self.when.items()
            ):
                return index
        return None


class ClockSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Name
    starts: Milestone
    met_by: Milestone
    months: StrictInt = Field(default=0, ge=0, le=120)
    days: StrictInt = Field(default=0, ge=0, le=3660)
    pausable: bool = Field(default=False, description="Days paused while it runs extend it")

    @model_validator(mode="after")
    def _has_length(self) -> "ClockSpec":
        if self.months == 0 and self.days == 0:
            raise ValueError(f"clock {self.name} needs a length in months or days")
        return self


class ClockPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    clocks: tuple[ClockSpec, ...] = Field(min_length=1, max_length=20)

    @model_validator(mode="after")
    def _unique(self) -> "ClockPolicy":
        names = [clock.name for clock in self.clocks]
        if len(set(names)) != len(names):
            raise ValueError("clock names must be distinct")
        return self

    def names(self) -> list[str]:
        return [clock.name for clock in self.clocks]


def guidance_2016_clocks() -> ClockPolicy:
    """Decision within one month of notification; review completed (the overview report
    submitted to the Home Office Quality Assurance Panel) within six months of the
    decision to hold it, paused time added."""
    return ClockPolicy(
        clocks=(
            ClockSpec(
                name="decision",
                starts=Milestone(stage="notified"),
                met_by=Milestone(stage="decided"),
                months=1,
            ),
            ClockSpec(
                name="completion",
                starts=Milestone(stage="decided", when={"decision": "review"}),
                met_by=Milestone(stage="submitted_to_qa"),
                months=6,
                pausable=True,
            ),
        )
    )


@dataclass(frozen=True)
class Pause:
    paused_on: date
    resumed_on: date | None  # None: still paused

    def days(self, today: date) -> int:
        return max(0, ((self.resumed_on or today) - self.paused_on).days)


@dataclass(frozen=True)
class ClockState:
    name: str
    started_on: date | None
    due_on: date | None
    met_on: date | None
    paused_days: int
    running: bool
    overdue: bool
    missed: bool
    missed_from: date | None
    """The first day this clock counts as missed if nothing changes (no move, pause or
    resumption): what the list's `overdue` filter and the scheduler query by."""


@dataclass(frozen=True)
class Clocks:
    items: tuple[ClockState, ...]
    paused_days: int

    def due(self, name: str) -> date | None:
        return next((item.due_on for item in self.items if item.name == name), None)

    @property
    def overdue(self) -> list[str]:
        return [item.name for item in self.items if item.overdue]

    @property
    def missed(self) -> list[str]:
        return [item.name for item in self.items if item.missed]

    def missed_from(
        self, *, running_only: bool = False, leaving: frozenset[str] = frozenset()
    ) -> date | None:
        """The first day a clock (a running one, or one not in `leaving`) counts as
        missed, if nothing changes."""
        days = [
            item.missed_from
            for item in self.items
            if item.missed_from and item.name not in leaving and (item.running or not running_only)
        ]
        return min(days, default=None)

    @property
    def next_due(self) -> date | None:
        """The earliest due date of the clocks still running (past, if one is overdue)."""
        dues = [item.due_on for item in self.items if item.running and item.due_on]
        return min(dues, default=None)


def _after(day: date) -> date:
    return day + timedelta(days=1)


def paused_within(pauses: Sequence[Pause], start: date, end: date | None, today: date) -> int:
    """Days of `pauses` between `start` and `end` (or today, for a clock not met)."""
    until = end or today
    total = 0
    for pause in pauses:
        overlap = min(pause.resumed_on or today, until) - max(pause.paused_on, start)
        total += max(0, overlap.days)
    return total


def clock_state(
    spec: ClockSpec,
    history: Sequence[Position],
    pauses: Sequence[Pause],
    *,
    finished_on: date | None,
    today: date,
) -> ClockState:
    start_index = spec.starts.reached(history)
    if start_index is None:
        return ClockState(spec.name, None, None, None, 0, False, False, False, None)
    met_index = spec.met_by.reached(history, after=start_index)
    started = history[start_index].since
    met = history[met_index].since if met_index is not None else None
    stop = met if met is not None else finished_on
    length = relativedelta(months=spec.months) + timedelta(days=spec.days)
    if not spec.pausable:
        due = started + length
        missed_from = _after(due) if stop is None or stop > due else None
        paused = 0
    else:
        closed = [pause for pause in pauses if pause.resumed_on is not None]
        still_open = [pause for pause in pauses if pause.resumed_on is None]
        base = started + length + timedelta(days=paused_within(closed, started, stop, today))
        extra = paused_within(still_open, started, stop, today)
        due = base + timedelta(days=extra)
        paused = due.toordinal() - (started + length).toordinal()
        if stop is not None:
            missed_from = _after(due) if stop > due else None
        elif still_open:
            # Each day the pause stays open moves the due date a day: overdue while it
            # lasts only if the pause began after the due date had passed.
            began = max(still_open[0].paused_on, started)
            missed_from = _after(base) if began > base else None
        else:
            missed_from = _after(due)
    running = stop is None
    overdue = running and today > due
    missed = overdue or (stop is not None and stop > due)
    return ClockState(spec.name, started, due, met, paused, running, overdue, missed, missed_from)


def clocks(
    policy: ClockPolicy,
    history: Sequence[Position],
    pauses: Sequence[Pause],
    *,
    finished_on: date | None,
    today: date,
) -> Clocks:
    """Every clock of a review: `history` is its positions from notification on,
    `finished_on` the date it reached a finished stage (None while it is open)."""
    items = tuple(
        clock_state(spec, history, pauses, finished_on=finished_on, today=today)
        for spec in policy.clocks
    )
    return Clocks(items, sum(pause.days(today) for pause in pauses))
