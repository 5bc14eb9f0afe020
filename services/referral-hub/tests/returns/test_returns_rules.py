"""The rules of a quarterly return, pure."""

from datetime import date
from decimal import Decimal

import pytest

from csp_common.partnership import load_partnership
from referral_hub.returns.rules import figures_refused, quarter_dates, runs_service, same_figures


def test_financial_quarters():
    assert quarter_dates("2023-24-Q1") == (date(2023, 4, 1), date(2023, 6, 30))
    assert quarter_dates("2023-24-Q3") == (date(2023, 10, 1), date(2023, 12, 31))
    assert quarter_dates("2023-24-Q4") == (date(2024, 1, 1), date(2024, 3, 31))
    assert quarter_dates("1999-00-Q4") == (date(2000, 1, 1), date(2000, 3, 31))
    for bad in ("2023-25-Q1", "2023-24-Q5", "2023-Q1", "2023-24"):
        with pytest.raises(ValueError):
            quarter_dates(bad)


def test_figures_that_disagree_are_named():
    assert (
        figures_refused(
            referrals_received=10, self_referrals=10, closures=4, outcomes={"risk_reduced": 4}
        )
        == []
    )
    faults = figures_refused(
        referrals_received=10,
        self_referrals=11,
        closures=4,
        outcomes={"risk_reduced": 5, "feels_safer": 2},
    )
    assert [pointer for pointer, _ in faults] == [
        "#/body/self_referrals",
        "#/body/outcomes/risk_reduced",
    ]


def test_a_retry_is_not_a_correction():
    stored = {"caseload": 5, "median_wait_days": Decimal("2.5"), "outcomes": {"feels_safer": 1}}
    assert same_figures(stored, {"caseload": 5, "median_wait_days": Decimal("2.50"),
                                 "outcomes": {"feels_safer": 1}})  # fmt: skip
    assert not same_figures(stored, {**stored, "caseload": 6})
    assert not same_figures(stored, {**stored, "outcomes": {}})


def test_each_provider_runs_its_own_services():
    partnership = load_partnership()
    assert runs_service(partnership, provider="idas", service="idas_refuge")
    assert runs_service(partnership, provider="foundation", service="foundation_plus_choices")
    assert not runs_service(partnership, provider="idas", service="foundation_plus_choices")
    assert not runs_service(partnership, provider="probation", service="idas_refuge")
