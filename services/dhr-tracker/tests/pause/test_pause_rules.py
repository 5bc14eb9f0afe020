"""One pause at a time, inside the review's life, never in the future."""

from datetime import date

import pytest

from dhr_tracker.pause.rules import check_pause, check_resume
from dhr_tracker.problems import Conflict, Invalid
from dhr_tracker.workflow.clocks import Pause

NOTIFIED = date(2024, 1, 31)
TODAY = date(2024, 6, 1)


def pause(paused_on: date, **kwargs: object) -> None:
    options: dict[str, object] = {
        "expected_resume_on": None,
        "notified_on": NOTIFIED,
        "finished": False,
        "today": TODAY,
        "pauses": [],
    }
    options.update(kwargs)
    pauses = options.pop("pauses")
    check_pause(pauses, paused_on=paused_on, **options)  # type: ignore[arg-type]


def test_a_pause_may_start_on_notification_or_on_the_day_the_last_one_ended() -> None:
    pause(NOTIFIED)
    pause(date(2024, 3, 1), pauses=[Pause(date(2024, 2, 1), date(2024, 3, 1))])
    pause(TODAY, expected_resume_on=TODAY)


@pytest.mark.parametrize(
    ("paused_on", "options", "kind", "code"),
    [
        (date(2024, 6, 2), {}, Invalid, "future_date"),
        (
            date(2024, 5, 1),
            {"expected_resume_on": date(2024, 4, 30)},
            Invalid,
            "resume_before_pause",
        ),
        (date(2024, 1, 30), {}, Conflict, "pause_before_notification"),
        (date(2024, 5, 1), {"finished": True}, Conflict, "review_finished"),
        (date(2024, 5, 1), {"pauses": [Pause(date(2024, 2, 1), None)]}, Conflict, "already_paused"),
        (
            date(2024, 2, 28),
            {"pauses": [Pause(date(2024, 2, 1), date(2024, 3, 1))]},
            Conflict,
            "pauses_overlap",
        ),
    ],
)
def test_impossible_pauses_are_refused(
    paused_on: date, options: dict[str, object], kind: type, code: str
) -> None:
    with pytest.raises(kind) as refused:
        pause(paused_on, **options)
    assert refused.value.code == code


def test_a_pause_ends_once_between_its_start_and_today() -> None:
    open_pause = Pause(date(2024, 2, 1), None)
    check_resume(open_pause, resumed_on=date(2024, 2, 1), today=TODAY)
    with pytest.raises(Invalid):
        check_resume(open_pause, resumed_on=date(2024, 6, 2), today=TODAY)
    with pytest.raises(Conflict) as early:
        check_resume(open_pause, resumed_on=date(2024, 1, 31), today=TODAY)
    assert early.value.code == "resume_before_pause"
    with pytest.raises(Conflict) as twice:
        check_resume(Pause(date(2024, 2, 1), date(2024, 3, 1)), resumed_on=TODAY, today=TODAY)
    assert twice.value.code == "pause_ended"
