"""Provider feedback on a route. Never commits.

Feedback follows the state machine of `domain/feedback.py`. Reporting the status a
route already has, with the same details, changes nothing and is answered as a success
(a provider retrying a request whose answer it lost must not get an error); the same
status with other details (another decline reason, other outcome codes) is a conflict.
"""

import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from csp_common.clock import as_utc
from csp_common.contracts.referrals import ProviderStatusChanged
from csp_common.unit_of_work import Work
from referral_hub.codes import DeclineReason, RouteStatus
from referral_hub.routes import service as route_service
from referral_hub.routes.rules import next_status
from referral_hub.routes.schemas import ProviderFeedback

DECLINE_REASON_LENGTH: int = route_service.route_table.c.decline_reason.type.length


class RouteNotFound(LookupError):
    """No route with that id was sent to the caller's agency."""


class FeedbackRefused(ValueError):
    """Valid JSON that cannot be applied to this route (answered 422 with a pointer)."""

    def __init__(self, pointer: str, detail: str) -> None:
        super().__init__(detail)
        self.pointer = pointer
        self.detail = detail


class ConflictingRepeat(Exception):
    """The route already has the reported status, with other details."""

    def __init__(self, status: RouteStatus, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class RouteChanged(Exception):
    """Another report changed the route between reading and writing it (SQLite only)."""


@dataclass(frozen=True)
class FeedbackResult:
    route_id: uuid.UUID
    referral_id: uuid.UUID
    replayed: bool


@dataclass(frozen=True)
class Change:
    """What a report does to a route: its new status, when, and the details kept."""

    target: RouteStatus
    occurred_at: datetime
    decline_reason: str | None
    outcome_codes: list[str]


def plan_change(
    route: Any,
    feedback: ProviderFeedback,
    *,
    last_change_at: datetime | None,
    received_at: datetime,
) -> Change | None:
    """The change a report makes to a route as it stands (pure); None when it repeats
    the route's status with the same details (a replay).

    Raises ImpossibleTransition, ConflictingRepeat, FeedbackRefused."""
    current = RouteStatus(route.status)
    if feedback.status.value == current.value:
        _check_same_details(route, feedback, current)
        return None
    target = next_status(current=current, requested=feedback.status)
    occurred_at = _occurred_at(
        route=route, feedback=feedback, previous=last_change_at, default=received_at
    )
    decline_reason = feedback.reason if target is RouteStatus.DECLINED else None
    if decline_reason is not None:
        _check_decline_reason(decline_reason)
    return Change(
        target=target,
        occurred_at=occurred_at,
        decline_reason=decline_reason,
        outcome_codes=[code.value for code in feedback.outcome_codes],
    )


def status_changed(
    route: Any, change: Change, feedback: ProviderFeedback, *, area: str
) -> ProviderStatusChanged:
    """The event of a change (the free-text reason stays here; the event carries its code)."""
    return ProviderStatusChanged(
        referral_id=route.referral_id,
        route_id=route.id,
        area=area,
        provider=route.provider,
        service=route.service or route.provider,
        previous_status=route.status,
        status=change.target.value,
        decline_reason=(
            (feedback.reason_code or DeclineReason.OTHER).value
            if change.target is RouteStatus.DECLINED
            else None
        ),
        outcome_codes=change.outcome_codes,
        routed_at=as_utc(route.routed_at),
        occurred_at=change.occurred_at,
    )


async def record_feedback(
    work: Work,
    *,
    route_id: uuid.UUID,
    provider: str,
    reported_by: str,
    feedback: ProviderFeedback,
    received_at: datetime,
) -> FeedbackResult:
    """Apply a provider's report to a route it was sent: the route, its history and a
    `ProviderStatusChanged` event, in the session's transaction.

    Raises RouteNotFound, ImpossibleTransition, ConflictingRepeat, FeedbackRefused,
    RouteChanged.
    """
    session = work.session
    route = await route_service.lock_route(session, route_id=route_id, provider=provider)
    if route is None:
        raise RouteNotFound(route_id)
    last_change_at = await route_service.last_change_at(session, route_id=route.id)
    change = plan_change(route, feedback, last_change_at=last_change_at, received_at=received_at)
    if change is None:
        return FeedbackResult(route_id=route.id, referral_id=route.referral_id, replayed=True)
    changed = await route_service.change_route_status(
        session,
        route_id=route.id,
        expected_status=route.status,
        status=change.target.value,
        decline_reason=change.decline_reason,
        outcome_codes=change.outcome_codes,
        updated_at=received_at,
    )
    if not changed:
        raise RouteChanged(route_id)
    await route_service.add_status_change(
        session,
        route_id=route.id,
        from_status=route.status,
        to_status=change.target.value,
        occurred_at=change.occurred_at,
        recorded_at=received_at,
        reported_by=reported_by,
    )
    area = await route_service.referral_area(session, referral_id=route.referral_id)
    work.emit(
        status_changed(route, change, feedback, area=area),
        key=str(route.referral_id),
        time=received_at,
    )
    return FeedbackResult(route_id=route.id, referral_id=route.referral_id, replayed=False)


def _check_decline_reason(reason: str) -> None:
    if len(reason) > DECLINE_REASON_LENGTH:
        raise FeedbackRefused(
            "#/body/reason", f"a decline reason has at most {DECLINE_REASON_LENGTH} characters"
        )
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in reason):
        raise FeedbackRefused("#/body/reason", "a decline reason cannot hold control characters")


def _check_same_details(route: Any, feedback: ProviderFeedback, current: RouteStatus) -> None:
    if current is RouteStatus.DECLINED and feedback.reason != route.decline_reason:
        raise ConflictingRepeat(
            current, "The route was already declined with another reason; it cannot change."
        )
    reported = sorted(code.value for code in feedback.outcome_codes)
    if current is RouteStatus.CLOSED and reported != sorted(route.outcome_codes or []):
        raise ConflictingRepeat(
            current, "The route was already closed with other outcome codes; it cannot change."
        )


def _occurred_at(
    *, route: Any, feedback: ProviderFeedback, previous: datetime | None, default: datetime
) -> datetime:
    """When the reported change happened: not before the route was sent, nor before the
    change reported before it (reporting measures time to first contact from these)."""
    occurred_at = feedback.occurred_at or default
    routed_at = as_utc(route.routed_at)
    if occurred_at < routed_at:
        raise FeedbackRefused(
            "#/body/occurred_at",
            f"occurred_at is before the route was sent ({routed_at.isoformat()})",
        )
    if previous is not None and occurred_at < previous:
        raise FeedbackRefused(
            "#/body/occurred_at",
            f"occurred_at is before the last reported change ({previous.isoformat()})",
        )
    return occurred_at
