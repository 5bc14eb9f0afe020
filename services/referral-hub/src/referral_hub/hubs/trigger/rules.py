"""The ASB case review's rules, pure: working-day deadlines and the threshold check.

A complaint qualifies when it was made within the configured months of the behaviour
complained of (one, by law), and counts when the application is made within the
configured months of the complaint (six). The threshold is met by the configured number
of such complaints (three by law; a partnership may set fewer, never more).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import holidays
from dateutil.relativedelta import relativedelta

from csp_common.hub_configuration import CaseReviewRules

# England and Wales share their bank holidays (the library names them "ENG"). Loaded
# when the service starts, not on the first request: the library's first load is slow.
# The calendar adds each year as a date of it is first looked up.
BANK_HOLIDAYS: Any = holidays.country_holidays("GB", subdiv="ENG")


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in BANK_HOLIDAYS


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day after `start` (weekends and bank holidays skipped)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


@dataclass(frozen=True)
class Complaint:
    """An incident as the review counts it: the behaviour's date and the complaint's."""

    id: Any
    behaviour_on: date
    complained_on: date


@dataclass(frozen=True)
class Deadlines:
    acknowledge_by: date
    decide_by: date


def deadlines(*, received_on: date, rules: CaseReviewRules) -> Deadlines:
    return Deadlines(
        acknowledge_by=add_working_days(received_on, rules.acknowledge_working_days),
        decide_by=add_working_days(received_on, rules.decide_working_days),
    )


def review_by(*, decided_on: date, rules: CaseReviewRules) -> date:
    return add_working_days(decided_on, rules.review_working_days)


def qualifies(complaint: Complaint, *, applied_on: date, rules: CaseReviewRules) -> bool:
    """Made within the window after the behaviour, and the application within its window
    after the complaint (both inclusive, in calendar months)."""
    made_in_time = (
        complaint.behaviour_on
        <= complaint.complained_on
        <= complaint.behaviour_on + relativedelta(months=rules.complaint_window_months)
    )
    applied_in_time = (
        complaint.complained_on
        <= applied_on
        <= complaint.complained_on + relativedelta(months=rules.application_window_months)
    )
    return made_in_time and applied_in_time


@dataclass(frozen=True)
class ThresholdCheck:
    met: bool
    threshold: int
    qualifying: Sequence[Complaint]


def check_threshold(
    complaints: Iterable[Complaint], *, applied_on: date, rules: CaseReviewRules
) -> ThresholdCheck:
    qualifying = [c for c in complaints if qualifies(c, applied_on=applied_on, rules=rules)]
    return ThresholdCheck(
        met=len(qualifying) >= rules.threshold, threshold=rules.threshold, qualifying=qualifying
    )
