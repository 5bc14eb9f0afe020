"""The ASB case review's rules: working days over bank holidays, the complaint and
application windows in calendar months, the threshold (pure)."""

from datetime import date

import pytest

from csp_common.hub_configuration import CaseReviewRules
from referral_hub.hubs.trigger.rules import (
    Complaint,
    add_working_days,
    check_threshold,
    deadlines,
    is_working_day,
    qualifies,
    review_by,
)

RULES = CaseReviewRules()


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2023, 3, 1), 10, date(2023, 3, 15)),  # two weekends, no holiday
        # Christmas Day, Boxing Day and New Year's Day (2024) skipped
        (date(2023, 12, 20), 10, date(2024, 1, 8)),
        # Good Friday 7 April and Easter Monday 10 April 2023 skipped
        (date(2023, 4, 3), 10, date(2023, 4, 19)),
        # the King's coronation bank holiday, Monday 8 May 2023
        (date(2023, 5, 5), 1, date(2023, 5, 9)),
        (date(2023, 3, 3), 0, date(2023, 3, 3)),
    ],
)
def test_working_days_skip_weekends_and_bank_holidays(
    start: date, days: int, expected: date
) -> None:
    assert add_working_days(start, days) == expected


def test_bank_holidays_are_not_working_days() -> None:
    assert not is_working_day(date(2023, 12, 25))
    assert not is_working_day(date(2022, 6, 3))  # the Platinum Jubilee
    assert not is_working_day(date(2023, 3, 4))  # a Saturday
    assert is_working_day(date(2023, 3, 6))


def test_deadlines_default_to_ten_fifteen_and_twenty_working_days() -> None:
    set_by = deadlines(received_on=date(2023, 12, 18), rules=RULES)
    # 25, 26 December and 1 January are bank holidays
    assert set_by.acknowledge_by == date(2024, 1, 4)
    assert set_by.decide_by == date(2024, 1, 11)
    assert review_by(decided_on=date(2023, 12, 18), rules=RULES) == date(2024, 1, 18)


def test_a_complaint_qualifies_within_a_calendar_month_of_the_behaviour() -> None:
    applied = date(2023, 3, 1)
    on_the_last_day = Complaint(
        id=1, behaviour_on=date(2023, 1, 31), complained_on=date(2023, 2, 28)
    )
    a_day_late = Complaint(id=2, behaviour_on=date(2023, 1, 28), complained_on=date(2023, 3, 1))
    assert qualifies(on_the_last_day, applied_on=applied, rules=RULES)
    assert not qualifies(a_day_late, applied_on=applied, rules=RULES)


def test_the_application_counts_complaints_of_the_six_months_before() -> None:
    complaint = Complaint(id=1, behaviour_on=date(2023, 1, 10), complained_on=date(2023, 1, 15))
    assert qualifies(complaint, applied_on=date(2023, 7, 15), rules=RULES)
    assert not qualifies(complaint, applied_on=date(2023, 7, 16), rules=RULES)


def test_three_qualifying_complaints_meet_the_threshold_unless_it_is_set_lower() -> None:
    complaints = [
        Complaint(id=i, behaviour_on=date(2023, 2, i), complained_on=date(2023, 2, i + 1))
        for i in (1, 2)
    ]
    applied = date(2023, 3, 1)
    assert not check_threshold(complaints, applied_on=applied, rules=RULES).met
    third = Complaint(id=3, behaviour_on=date(2023, 2, 20), complained_on=date(2023, 2, 21))
    assert check_threshold([*complaints, third], applied_on=applied, rules=RULES).met
    lower = CaseReviewRules(threshold=2)
    assert check_threshold(complaints, applied_on=applied, rules=lower).met


def test_a_threshold_above_the_statutory_three_is_refused() -> None:
    with pytest.raises(ValueError, match="less than or equal to 3"):
        CaseReviewRules(threshold=4)
    with pytest.raises(ValueError):
        CaseReviewRules(complaint_window_months=0)
