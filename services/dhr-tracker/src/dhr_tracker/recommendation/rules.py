"""A recommendation's statuses and what each move needs (pure)."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from dhr_tracker.problems import Conflict, Invalid

FINISHED = ("completed", "not_accepted")
MOVES = {
    "open": ("in_progress", "completed", "not_accepted"),
    "in_progress": ("completed", "not_accepted"),
    "completed": (),
    "not_accepted": (),
}


def check_new(
    *,
    theme: str,
    themes: Sequence[str],
    level: str,
    national_body: str | None,
    made_on: date,
    due_on: date | None,
    action_dues: Sequence[date],
    notified_on: date,
    today: date,
) -> None:
    if theme not in themes:
        raise Invalid(
            "unknown_theme", f"theme must be one of: {', '.join(themes)}.", pointer="/theme"
        )
    if level == "national" and national_body is None:
        raise Invalid(
            "missing_detail", "A national recommendation names its national_body.",
            pointer="/national_body",
        )  # fmt: skip
    if level == "local" and national_body is not None:
        raise Invalid(
            "unexpected_detail", "A local recommendation has no national_body.",
            pointer="/national_body",
        )  # fmt: skip
    if made_on > today:
        raise Invalid("future_date", "made_on cannot be in the future.", pointer="/made_on")
    if due_on is not None and due_on < made_on:
        raise Invalid("due_before_made", "due_on cannot be before made_on.", pointer="/due_on")
    for index, due in enumerate(action_dues):
        if due < made_on:
            raise Invalid(
                "due_before_made", "An action cannot be due before the recommendation was made.",
                pointer=f"/actions/{index}/due_on",
            )  # fmt: skip
    if made_on < notified_on:
        raise Conflict(
            "made_before_notification",
            f"A recommendation cannot be made before the review was notified "
            f"({notified_on.isoformat()}).",
        )


def check_move(
    *, status: str, status_on: date, to: str, on: date, evidence: str | None,
    open_actions: int, today: date,
) -> None:  # fmt: skip
    if on > today:
        raise Invalid("future_date", "on cannot be in the future.", pointer="/on")
    if to not in MOVES[status]:
        allowed = ", ".join(MOVES[status]) or "nowhere"
        raise Conflict(
            "status_refused",
            f"A recommendation {status} cannot become {to}; it can become: {allowed}.",
        )
    if on < status_on:
        raise Conflict(
            "status_out_of_order",
            f"on cannot be before the status last changed ({status_on.isoformat()}).",
        )
    if to == "completed":
        if evidence is None or not evidence.strip():
            raise Invalid("missing_detail", "Completion needs its evidence.", pointer="/evidence")
        if open_actions:
            raise Conflict(
                "actions_open", f"{open_actions} action(s) of the plan are not done yet."
            )


def is_overdue(*, status: str, due_on: date | None, actions: Sequence[Any], today: date) -> bool:
    if status in FINISHED:
        return False
    if due_on is not None and due_on < today:
        return True
    return any(action_overdue(action, today=today) for action in actions)


def action_overdue(action: Any, *, today: date) -> bool:
    return action.completed_on is None and action.due_on < today
