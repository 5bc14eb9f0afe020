"""DASH scoring, risk bands and MARAC referral criteria.

Thresholds live in a `RiskPolicy`, loaded from configuration: practice differs
between areas. The defaults are the common SafeLives ones.
"""

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

from referral_hub.codes import DashAnswer, MaracCriterion, RiskLevel
from referral_hub.policy import DASH_QUESTIONS, RiskPolicy
from referral_hub.referral.schemas import DashIn


class RiskAssessment(BaseModel):
    """The result of `assess`."""

    model_config = ConfigDict(frozen=True)

    score: int = Field(description="Number of yes answers out of 24")
    actuarial_level: RiskLevel = Field(description="Level from the score alone")
    level: RiskLevel = Field(description="Level after professional judgement")
    criteria: list[MaracCriterion] = Field(description="MARAC criteria met, in enum order")
    marac_referral: bool = Field(description="True when any MARAC criterion is met")
    stalking_score: int | None = Field(
        default=None, description="Yes answers out of 11 in S-DASH, when it was asked"
    )


def dash_score(answers: Mapping[str, DashAnswer | str]) -> int:
    """Number of "yes" answers."""
    return sum(1 for answer in answers.values() if answer == DashAnswer.YES)


def risk_level(
    *, score: int, policy: RiskPolicy, professional_judgement_high_risk: bool = False
) -> RiskLevel:
    """Band of a score; professional judgement of high risk lifts any score to high."""
    if not 0 <= score <= DASH_QUESTIONS:
        raise ValueError(f"score must be between 0 and {DASH_QUESTIONS}, got {score}")
    if professional_judgement_high_risk or score >= policy.high_from:
        return RiskLevel.HIGH
    if score >= policy.medium_from:
        return RiskLevel.MEDIUM
    return RiskLevel.STANDARD


def is_repeat(*, days_since_last_marac_referral: int | None, policy: RiskPolicy) -> bool:
    """True when the last MARAC referral of the pair was 0..`repeat_window_days` days ago.

    With the default 365, a referral 365 days later is a repeat; 366 days later is new.
    """
    if days_since_last_marac_referral is None:
        return False
    if days_since_last_marac_referral < 0:
        raise ValueError("days_since_last_marac_referral must not be negative")
    return days_since_last_marac_referral <= policy.repeat_window_days


def marac_criteria(
    *,
    score: int,
    professional_judgement_high_risk: bool,
    incidents_last_12_months: int,
    days_since_last_marac_referral: int | None,
    policy: RiskPolicy,
) -> list[MaracCriterion]:
    """The MARAC referral criteria met, in `MaracCriterion` order (any one is enough).

    `days_since_last_marac_referral` is for the same victim and perpetrator, None if
    they were never referred to MARAC. The repeat criterion applies whatever the score.
    """
    met = {
        MaracCriterion.VISIBLE_HIGH_RISK: score >= policy.visible_high_risk_from,
        MaracCriterion.PROFESSIONAL_JUDGEMENT: professional_judgement_high_risk,
        MaracCriterion.POTENTIAL_ESCALATION: (
            incidents_last_12_months >= policy.escalation_incidents
        ),
        MaracCriterion.REPEAT: is_repeat(
            days_since_last_marac_referral=days_since_last_marac_referral, policy=policy
        ),
    }
    return [criterion for criterion in MaracCriterion if met[criterion]]


def assess(
    *, dash: DashIn, days_since_last_marac_referral: int | None, policy: RiskPolicy
) -> RiskAssessment:
    """Score a DASH checklist, band it and list the MARAC criteria it meets."""
    score = dash_score(dash.answers)
    judgement = dash.professional_judgement.high_risk
    criteria = marac_criteria(
        score=score,
        professional_judgement_high_risk=judgement,
        incidents_last_12_months=dash.incidents_last_12_months,
        days_since_last_marac_referral=days_since_last_marac_referral,
        policy=policy,
    )
    return RiskAssessment(
        score=score,
        actuarial_level=risk_level(score=score, policy=policy),
        level=risk_level(score=score, policy=policy, professional_judgement_high_risk=judgement),
        criteria=criteria,
        marac_referral=bool(criteria),
        stalking_score=dash_score(dash.stalking.answers) if dash.stalking else None,
    )
