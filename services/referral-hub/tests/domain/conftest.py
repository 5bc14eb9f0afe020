import copy
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from referral_hub.referral.schemas import DASH_KEYS, REFERRAL_EXAMPLE

TODAY = date(2026, 11, 21)
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@pytest.fixture
def context() -> dict[str, Any]:
    """A fixed clock for validation."""
    return {"today": TODAY, "now": NOW}


@pytest.fixture
def referral_data() -> dict[str, Any]:
    """A valid POST /v1/referrals body (a deep copy of the OpenAPI example)."""
    return copy.deepcopy(REFERRAL_EXAMPLE)


@pytest.fixture
def make_answers() -> Callable[..., dict[str, str]]:
    """Build DASH answers with `yes` "yes" answers (questions 1..yes), the rest `other`."""

    def build(yes: int, other: str = "no", **overrides: str) -> dict[str, str]:
        answers = {key: ("yes" if int(key) <= yes else other) for key in DASH_KEYS}
        answers.update({key.removeprefix("q"): value for key, value in overrides.items()})
        return answers

    return build
