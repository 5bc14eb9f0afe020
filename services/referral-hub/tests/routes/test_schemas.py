from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from referral_hub.codes import ClosureOutcome
from referral_hub.fields import CLOCK_SKEW
from referral_hub.routes.schemas import ProviderFeedback

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def refuse(model: type[BaseModel], data: dict[str, Any], context: dict[str, Any]) -> str:
    """Validate data that must be refused; return the error text."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data, context=context)
    return str(caught.value)


# --- ProviderFeedback -------------------------------------------------------------


def test_feedback_accepted(context: dict) -> None:
    feedback = ProviderFeedback.model_validate({"status": "accepted"}, context=context)
    assert feedback.outcome_codes == [] and feedback.occurred_at is None


def test_feedback_sent_is_not_a_provider_status(context: dict) -> None:
    assert "status" in refuse(ProviderFeedback, {"status": "sent"}, context)


def test_declined_needs_a_reason(context: dict) -> None:
    for data in ({"status": "declined"}, {"status": "declined", "reason": "  "}):
        assert "reason is required when status is declined" in refuse(
            ProviderFeedback, data, context
        )
    ok = ProviderFeedback.model_validate({"status": "declined", "reason": "Out of area"})
    assert ok.reason == "Out of area"


def test_closed_needs_outcome_codes(context: dict) -> None:
    for data in ({"status": "closed"}, {"status": "closed", "outcome_codes": []}):
        assert "outcome_codes (one or more) are required" in refuse(ProviderFeedback, data, context)
    closed = ProviderFeedback.model_validate(
        {"status": "closed", "outcome_codes": ["risk_reduced", "programme_completed"]},
        context=context,
    )
    assert closed.outcome_codes == [ClosureOutcome.RISK_REDUCED, ClosureOutcome.PROGRAMME_COMPLETED]


def test_outcome_codes_rules(context: dict) -> None:
    data = {"status": "engaged", "outcome_codes": ["risk_reduced"]}
    assert "only allowed when status is closed" in refuse(ProviderFeedback, data, context)
    data = {"status": "closed", "outcome_codes": ["moved_area", "moved_area"]}
    assert "repeated: moved_area" in refuse(ProviderFeedback, data, context)
    data = {"status": "closed", "outcome_codes": ["happy"]}
    assert "outcome_codes.0" in refuse(ProviderFeedback, data, context)


def test_feedback_occurred_at(context: dict) -> None:
    within_skew = (NOW + CLOCK_SKEW).isoformat()
    feedback = ProviderFeedback.model_validate(
        {"status": "contacted", "occurred_at": within_skew}, context=context
    )
    assert feedback.occurred_at == NOW + CLOCK_SKEW
    future = (NOW + CLOCK_SKEW + timedelta(seconds=1)).isoformat()
    error = refuse(ProviderFeedback, {"status": "contacted", "occurred_at": future}, context)
    assert "must not be in the future" in error
    naive = {"status": "contacted", "occurred_at": "2026-11-20T10:00:00"}
    assert "UTC offset" in refuse(ProviderFeedback, naive, context)
