"""State machine of a route: a referral sent to one provider, and its feedback.

    sent      -> accepted | declined
    accepted  -> contacted | closed
    contacted -> engaged | closed
    engaged   -> closed
    declined, closed: terminal

`next_status` refuses any move not listed, the current status included. The API treats
an exact repeat of the last report (same status and details) as a retry and answers it
again (200); anything else impossible is 409.
"""

from collections.abc import Mapping
from types import MappingProxyType

from referral_hub.domain.codes import FeedbackStatus, RouteStatus

INITIAL_STATUS = RouteStatus.SENT

TRANSITIONS: Mapping[RouteStatus, frozenset[RouteStatus]] = MappingProxyType(
    {
        RouteStatus.SENT: frozenset({RouteStatus.ACCEPTED, RouteStatus.DECLINED}),
        RouteStatus.ACCEPTED: frozenset({RouteStatus.CONTACTED, RouteStatus.CLOSED}),
        RouteStatus.CONTACTED: frozenset({RouteStatus.ENGAGED, RouteStatus.CLOSED}),
        RouteStatus.ENGAGED: frozenset({RouteStatus.CLOSED}),
        RouteStatus.DECLINED: frozenset(),
        RouteStatus.CLOSED: frozenset(),
    }
)
"""Allowed next statuses of each status."""

TERMINAL_STATUSES = frozenset(status for status, nexts in TRANSITIONS.items() if not nexts)


class ImpossibleTransition(Exception):
    """A requested status that cannot follow the current one."""

    def __init__(self, current: RouteStatus, requested: RouteStatus) -> None:
        self.current = current
        self.requested = requested
        allowed = ", ".join(sorted(TRANSITIONS[current])) or "none, it is final"
        super().__init__(
            f"a route cannot go from {current} to {requested} (allowed next: {allowed})"
        )


def allowed_next(current: RouteStatus) -> frozenset[RouteStatus]:
    """Statuses that may follow `current`."""
    return TRANSITIONS[RouteStatus(current)]


def next_status(*, current: RouteStatus, requested: RouteStatus | FeedbackStatus) -> RouteStatus:
    """The new status of a route, or `ImpossibleTransition` if `requested` cannot follow."""
    current = RouteStatus(current)
    target = RouteStatus(requested)
    if target not in TRANSITIONS[current]:
        raise ImpossibleTransition(current, target)
    return target
