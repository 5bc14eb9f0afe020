from typing import Any

import pytest
from pydantic import ValidationError

from referral_hub.codes import DashAnswer, MaracCriterion, RiskLevel
from referral_hub.referral.rules import (
    RiskPolicy,
    assess,
    dash_score,
    is_repeat,
    marac_criteria,
    risk_level,
)
from referral_hub.referral.schemas import DashIn

POLICY = RiskPolicy()
ALL = list(MaracCriterion)


def dash(
    answers: dict[str, str], *, judgement: bool = False, incidents: int = 0, **extra: Any
) -> DashIn:
    reasons = "Escalating threats" if judgement else None
    return DashIn.model_validate(
        {
            "answers": answers,
            "professional_judgement": {"high_risk": judgement, "reasons": reasons},
            "incidents_last_12_months": incidents,
            **extra,
        }
    )


def criteria(
    *, score: int = 0, judgement: bool = False, incidents: int = 0, days: int | None = None
) -> list[MaracCriterion]:
    return marac_criteria(
        score=score,
        professional_judgement_high_risk=judgement,
        incidents_last_12_months=incidents,
        days_since_last_marac_referral=days,
        policy=POLICY,
    )


def test_default_policy() -> None:
    assert POLICY.model_dump() == {
        "medium_from": 10,
        "high_from": 14,
        "visible_high_risk_from": 14,
        "escalation_incidents": 3,
        "repeat_window_days": 365,
    }


def test_policy_thresholds_are_ordered() -> None:
    with pytest.raises(ValidationError, match="medium_from must not be greater than high_from"):
        RiskPolicy(medium_from=15, high_from=14)
    with pytest.raises(ValidationError):
        RiskPolicy(high_from=25)
    with pytest.raises(ValidationError):
        RiskPolicy(escalation_incidents=0)
    with pytest.raises(ValidationError, match="Extra inputs"):
        RiskPolicy.model_validate({"low_from": 1})


def test_dash_score_counts_yes_only(make_answers: Any) -> None:
    assert dash_score(make_answers(0)) == 0
    assert dash_score(make_answers(7, other="not_known")) == 7
    assert dash_score(make_answers(24)) == 24
    assert dash_score({"1": DashAnswer.YES, "2": DashAnswer.NOT_KNOWN}) == 1


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (0, RiskLevel.STANDARD),
        (9, RiskLevel.STANDARD),
        (10, RiskLevel.MEDIUM),
        (13, RiskLevel.MEDIUM),
        (14, RiskLevel.HIGH),
        (24, RiskLevel.HIGH),
    ],
)
def test_default_bands(score: int, level: RiskLevel) -> None:
    assert risk_level(score=score, policy=POLICY) is level


@pytest.mark.parametrize("score", [0, 9, 10, 13])
def test_professional_judgement_lifts_level_to_high(score: int) -> None:
    lifted = risk_level(score=score, policy=POLICY, professional_judgement_high_risk=True)
    assert lifted is RiskLevel.HIGH


def test_custom_bands() -> None:
    policy = RiskPolicy(medium_from=8, high_from=12, visible_high_risk_from=12)
    assert risk_level(score=7, policy=policy) is RiskLevel.STANDARD
    assert risk_level(score=8, policy=policy) is RiskLevel.MEDIUM
    assert risk_level(score=12, policy=policy) is RiskLevel.HIGH


def test_equal_thresholds_mean_no_medium_band() -> None:
    policy = RiskPolicy(medium_from=14, high_from=14)
    assert risk_level(score=13, policy=policy) is RiskLevel.STANDARD
    assert risk_level(score=14, policy=policy) is RiskLevel.HIGH


@pytest.mark.parametrize("score", [-1, 25])
def test_score_out_of_range(score: int) -> None:
    with pytest.raises(ValueError, match="score must be between 0 and 24"):
        risk_level(score=score, policy=POLICY)


def test_visible_high_risk_boundary() -> None:
    assert criteria(score=13) == []
    assert criteria(score=14) == [MaracCriterion.VISIBLE_HIGH_RISK]


def test_professional_judgement_criterion() -> None:
    assert criteria(judgement=True) == [MaracCriterion.PROFESSIONAL_JUDGEMENT]
    assert criteria(judgement=False) == []


def test_potential_escalation_boundary() -> None:
    assert criteria(incidents=2) == []
    assert criteria(incidents=3) == [MaracCriterion.POTENTIAL_ESCALATION]
    custom = RiskPolicy(escalation_incidents=5)
    met = marac_criteria(
        score=0,
        professional_judgement_high_risk=False,
        incidents_last_12_months=4,
        days_since_last_marac_referral=None,
        policy=custom,
    )
    assert met == []


@pytest.mark.parametrize(
    ("days", "repeat"), [(None, False), (0, True), (364, True), (365, True), (366, False)]
)
def test_repeat_window(days: int | None, repeat: bool) -> None:
    assert is_repeat(days_since_last_marac_referral=days, policy=POLICY) is repeat
    assert criteria(days=days) == ([MaracCriterion.REPEAT] if repeat else [])


def test_repeat_applies_whatever_the_score() -> None:
    assert criteria(score=0, days=30) == [MaracCriterion.REPEAT]


def test_repeat_negative_days_is_an_error() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        criteria(days=-1)


def test_all_criteria_in_stable_order() -> None:
    assert criteria(score=20, judgement=True, incidents=9, days=10) == ALL


def test_assess_standard(make_answers: Any) -> None:
    result = assess(dash=dash(make_answers(9)), days_since_last_marac_referral=None, policy=POLICY)
    assert result.score == 9
    assert result.level is result.actuarial_level is RiskLevel.STANDARD
    assert result.criteria == [] and result.marac_referral is False
    assert result.stalking_score is None


def test_assess_medium_boundary(make_answers: Any) -> None:
    result = assess(dash=dash(make_answers(10)), days_since_last_marac_referral=None, policy=POLICY)
    assert result.level is RiskLevel.MEDIUM and not result.marac_referral
    result = assess(dash=dash(make_answers(13)), days_since_last_marac_referral=None, policy=POLICY)
    assert result.level is RiskLevel.MEDIUM and not result.marac_referral


def test_assess_visible_high_risk(make_answers: Any) -> None:
    result = assess(dash=dash(make_answers(14)), days_since_last_marac_referral=None, policy=POLICY)
    assert result.level is RiskLevel.HIGH
    assert result.criteria == [MaracCriterion.VISIBLE_HIGH_RISK]
    assert result.marac_referral is True


def test_assess_judgement_raises_never_lowers(make_answers: Any) -> None:
    raised = assess(
        dash=dash(make_answers(3), judgement=True),
        days_since_last_marac_referral=None,
        policy=POLICY,
    )
    assert raised.actuarial_level is RiskLevel.STANDARD
    assert raised.level is RiskLevel.HIGH
    assert raised.criteria == [MaracCriterion.PROFESSIONAL_JUDGEMENT]
    kept = assess(dash=dash(make_answers(16)), days_since_last_marac_referral=None, policy=POLICY)
    assert kept.level is RiskLevel.HIGH  # no judgement given: the score stands


def test_assess_escalation_and_repeat(make_answers: Any) -> None:
    result = assess(
        dash=dash(make_answers(2), incidents=3), days_since_last_marac_referral=365, policy=POLICY
    )
    assert result.level is RiskLevel.STANDARD
    assert result.criteria == [MaracCriterion.POTENTIAL_ESCALATION, MaracCriterion.REPEAT]
    assert result.marac_referral is True


def test_assess_stalking_score(make_answers: Any) -> None:
    stalking = {"answers": {str(n): ("yes" if n <= 4 else "no") for n in range(1, 12)}}
    result = assess(
        dash=dash(make_answers(0, q8="yes"), stalking=stalking),
        days_since_last_marac_referral=None,
        policy=POLICY,
    )
    assert result.score == 1
    assert result.stalking_score == 4
