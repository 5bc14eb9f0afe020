"""When a review may be paused and resumed.

One pause at a time: a new pause starts on or after the day the previous one ended
(`resumed_on` is the first day the review runs again), never before the review was
notified and never in the future. A finished review is not paused.
"""

from collections.abc import Sequence
from datetime import date

from dhr_tracker.problems import Conflict, Invalid
from dhr_tracker.workflow.clocks import Pause


def check_pause(
    pauses: Sequence[Pause],
    *,
    paused_on: date,
    expected_resume_on: date | None,
    notified_on: date,
    finished: bool,
    today: date,
) -> None:
    if paused_on > today:
        raise Invalid("future_date", "A pause cannot start in the future.", pointer="/paused_on")
    if expected_resume_on is not None and expected_resume_on < paused_on:
        raise Invalid(
            "resume_before_pause",
            "expected_resume_on cannot be before paused_on.",
            pointer="/expected_resume_on",
        )
    if finished:
        raise Conflict("review_finished", "A finished review cannot be paused.")
    if any(pause.resumed_on is None for pause in pauses):
        raise Conflict("already_paused", "The review is paused already: end that pause first.")
    if paused_on < notified_on:
        raise Conflict(
            "pause_before_notification",
            f"A pause cannot start before the review was notified ({notified_on.isoformat()}).",
        )
    last_end = max((pause.resumed_on for pause in pauses if pause.resumed_on), default=None)
    if last_end is not None and paused_on < last_end:
        raise Conflict(
            "pauses_overlap",
            f"A pause cannot start before the previous one ended ({last_end.isoformat()}).",
        )


def check_resume(pause: Pause, *, resumed_on: date, today: date) -> None:
    if resumed_on > today:
        raise Invalid("future_date", "A pause cannot end in the future.", pointer="/resumed_on")
    if pause.resumed_on is not None:
        raise Conflict("pause_ended", "That pause has ended already.")
    if resumed_on < pause.paused_on:
        raise Conflict(
            "resume_before_pause",
            f"A pause cannot end before it started ({pause.paused_on.isoformat()}).",
        )
