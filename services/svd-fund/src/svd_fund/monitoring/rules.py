"""A grant's schedule of monitoring returns, pure: one a quarter of the project (from its
start), then an end-of-project evaluation. Due dates are fixed here, once."""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

QUARTERLY = "quarterly"
EVALUATION = "evaluation"


@dataclass(frozen=True)
class Scheduled:
    seq: int
    kind: str
    period_start: date
    period_end: date
    due_on: date


def schedule(
    *, starts_on: date, ends_on: date, quarterly_due_days: int, evaluation_due_days: int
) -> list[Scheduled]:
    """Quarters counted from the project's start (the last one cut at its end), each due
    `quarterly_due_days` after it ends; the evaluation covers the whole project."""
    returns: list[Scheduled] = []
    start = starts_on
    while start <= ends_on:
        end = min(
            starts_on + relativedelta(months=3 * (len(returns) + 1)) - timedelta(days=1), ends_on
        )
        returns.append(
            Scheduled(
                seq=len(returns) + 1,
                kind=QUARTERLY,
                period_start=start,
                period_end=end,
                due_on=end + timedelta(days=quarterly_due_days),
            )
        )
        start = end + timedelta(days=1)
    returns.append(
        Scheduled(
            seq=len(returns) + 1,
            kind=EVALUATION,
            period_start=starts_on,
            period_end=ends_on,
            due_on=ends_on + timedelta(days=evaluation_due_days),
        )
    )
    return returns


def is_overdue(*, status: str, due_on: date, today: date) -> bool:
    """Not yet submitted (or sent back) and past its due date."""
    return status in ("due", "returned") and due_on < today


def is_late(*, due_on: date, submitted_on: date | None, today: date) -> bool:
    return (submitted_on or today) > due_on
