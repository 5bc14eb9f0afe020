"""An agency's contribution (an IMR or a chronology): requested, received from the agency,
then accepted or returned to it (and received again)."""

from datetime import date

from dhr_tracker.problems import Conflict, Invalid

WAITING = ("requested", "returned")
"""Statuses in which the agency owes the review something: overdue after due_on."""


def check_request(*, requested_on: date, due_on: date, notified_on: date, today: date) -> None:
    if requested_on > today:
        raise Invalid(
            "future_date", "requested_on cannot be in the future.", pointer="/requested_on"
        )
    if due_on < requested_on:
        raise Invalid(
            "due_before_request", "due_on cannot be before requested_on.", pointer="/due_on"
        )
    if requested_on < notified_on:
        raise Conflict(
            "request_before_notification",
            f"A request cannot be made before the review was notified ({notified_on.isoformat()}).",
        )


def check_receipt(*, status: str, status_on: date, received_on: date, today: date) -> None:
    if received_on > today:
        raise Invalid("future_date", "received_on cannot be in the future.", pointer="/received_on")
    if status not in WAITING:
        raise Conflict("not_awaited", f"A contribution {status} is not awaited from the agency.")
    if received_on < status_on:
        raise Conflict(
            "receipt_out_of_order",
            f"received_on cannot be before the request was last changed ({status_on.isoformat()}).",
        )


def check_decision(*, status: str, status_on: date, on: date, today: date) -> None:
    if on > today:
        raise Invalid("future_date", "on cannot be in the future.", pointer="/on")
    if status != "received":
        raise Conflict("not_received", f"A contribution {status} cannot be accepted or returned.")
    if on < status_on:
        raise Conflict(
            "decision_out_of_order",
            f"on cannot be before the contribution was received ({status_on.isoformat()}).",
        )


def is_overdue(*, status: str, due_on: date, today: date) -> bool:
    return status in WAITING and today > due_on
