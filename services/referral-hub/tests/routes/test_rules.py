import itertools

import pytest

from referral_hub.codes import FeedbackStatus, RouteStatus
from referral_hub.routes.rules import (
    INITIAL_STATUS,
    TERMINAL_STATUSES,
    TRANSITIONS,
    ImpossibleTransition,
    allowed_next,
    next_status,
)

S = RouteStatus
ALLOWED = {
    (S.SENT, S.ACCEPTED),
    (S.SENT, S.DECLINED),
    (S.ACCEPTED, S.CONTACTED),
    (S.ACCEPTED, S.CLOSED),
    (S.CONTACTED, S.ENGAGED),
    (S.CONTACTED, S.CLOSED),
    (S.ENGAGED, S.CLOSED),
}
EVERY_PAIR = list(itertools.product(RouteStatus, RouteStatus))


def test_transitions_table() -> None:
    assert set(TRANSITIONS) == set(RouteStatus)
    assert {(a, b) for a, nexts in TRANSITIONS.items() for b in nexts} == ALLOWED
    assert INITIAL_STATUS is S.SENT
    assert TERMINAL_STATUSES == {S.DECLINED, S.CLOSED}


def test_transitions_cannot_be_changed() -> None:
    with pytest.raises(TypeError):
        TRANSITIONS[S.CLOSED] = frozenset({S.SENT})  # type: ignore[index]


@pytest.mark.parametrize(("current", "requested"), sorted(ALLOWED))
def test_allowed(current: RouteStatus, requested: RouteStatus) -> None:
    assert next_status(current=current, requested=requested) is requested
    assert requested in allowed_next(current)


@pytest.mark.parametrize(
    ("current", "requested"), [pair for pair in EVERY_PAIR if pair not in ALLOWED]
)
def test_refused(current: RouteStatus, requested: RouteStatus) -> None:
    with pytest.raises(ImpossibleTransition) as caught:
        next_status(current=current, requested=requested)
    assert caught.value.current is current
    assert caught.value.requested is requested
    assert f"from {current} to {requested}" in str(caught.value)


def test_feedback_status_is_accepted_as_requested() -> None:
    assert next_status(current=S.SENT, requested=FeedbackStatus.ACCEPTED) is S.ACCEPTED
    assert next_status(current="engaged", requested="closed") is S.CLOSED  # type: ignore[arg-type]


def test_error_message_lists_what_is_allowed() -> None:
    with pytest.raises(ImpossibleTransition, match=r"allowed next: closed, engaged"):
        next_status(current=S.CONTACTED, requested=S.ACCEPTED)
    with pytest.raises(ImpossibleTransition, match="none, it is final"):
        next_status(current=S.DECLINED, requested=S.ACCEPTED)


def test_full_happy_path() -> None:
    status = INITIAL_STATUS
    for step in (FeedbackStatus.ACCEPTED, "contacted", "engaged", "closed"):
        status = next_status(current=status, requested=step)  # type: ignore[arg-type]
    assert status is S.CLOSED
