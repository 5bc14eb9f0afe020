from typing import Any

import pytest
from pydantic import ValidationError

from csp_common.partnership import load_partnership
from referral_hub.codes import MARAC, MaracCriterion, RiskLevel
from referral_hub.policy import RoutingCondition, RoutingPolicy, RoutingRule, partnership_routing
from referral_hub.referral.rules import RiskAssessment
from referral_hub.referral.schemas import ReferralIn
from referral_hub.routes.rules import RouteDecision, decide_routes

DEFAULT = partnership_routing()


def assessment(level: RiskLevel, *criteria: MaracCriterion) -> RiskAssessment:
    return RiskAssessment(
        score={"standard": 3, "medium": 11, "high": 15}[level],
        actuarial_level=level,
        level=level,
        criteria=list(criteria),
        marac_referral=bool(criteria),
    )


@pytest.fixture
def build(referral_data: dict, context: dict) -> Any:
    """Build a referral from the example with some top-level fields changed."""

    def make(**changes: Any) -> ReferralIn:
        return ReferralIn.model_validate(referral_data | changes, context=context)

    return make


def routes(referral: ReferralIn, risk: RiskAssessment, policy: RoutingPolicy = DEFAULT) -> dict:
    return {
        (route.provider, route.service): route.reasons
        for route in decide_routes(referral=referral, assessment=risk, policy=policy)
    }


def test_standard_risk_nothing_requested_no_perpetrator(build: Any) -> None:
    referral = build(services_requested=[], perpetrator=None)
    assert (
        decide_routes(referral=referral, assessment=assessment(RiskLevel.STANDARD), policy=DEFAULT)
        == []
    )


def test_requested_services_are_always_routed(build: Any) -> None:
    every = load_partnership().service_codes
    referral = build(services_requested=[str(code) for code in reversed(every)], perpetrator=None)
    result = decide_routes(
        referral=referral, assessment=assessment(RiskLevel.STANDARD), policy=DEFAULT
    )
    assert [route.service for route in result] == every  # policy order, not request order
    assert all(route.reasons == ["requested"] for route in result)
    assert [route.provider for route in result] == ["idas"] * 4 + ["foundation"] * 2


def test_medium_risk_with_children(build: Any) -> None:
    referral = build(services_requested=[], children_in_household=1)
    assert routes(referral, assessment(RiskLevel.MEDIUM)) == {
        ("idas", "idas_community_support"): ["risk_level"],
        ("idas", "idas_children_young_people"): ["children_in_household"],
    }


def test_medium_risk_without_children(build: Any) -> None:
    referral = build(services_requested=[], children_in_household=0)
    assert routes(referral, assessment(RiskLevel.MEDIUM)) == {
        ("idas", "idas_community_support"): ["risk_level"],
    }


def test_high_risk_goes_to_marac_with_criteria(build: Any) -> None:
    referral = build(children_in_household=2)  # community support requested
    risk = assessment(
        RiskLevel.HIGH, MaracCriterion.VISIBLE_HIGH_RISK, MaracCriterion.POTENTIAL_ESCALATION
    )
    result = decide_routes(referral=referral, assessment=risk, policy=DEFAULT)
    assert [(route.provider, route.service, route.reasons) for route in result] == [
        ("idas", "idas_community_support", ["requested", "risk_level"]),
        ("idas", "idas_target_hardening", ["risk_level"]),
        ("idas", "idas_children_young_people", ["children_in_household"]),
        (MARAC, None, ["visible_high_risk", "potential_escalation"]),
    ]


def test_repeat_at_standard_risk_still_goes_to_marac(build: Any) -> None:
    referral = build(services_requested=[], perpetrator=None)
    risk = assessment(RiskLevel.STANDARD, MaracCriterion.REPEAT)
    assert routes(referral, risk) == {(MARAC, None): ["repeat"]}


@pytest.mark.parametrize(
    ("relationship", "level", "expected"),
    [
        ("ex_partner", RiskLevel.STANDARD, True),
        ("intimate_partner", RiskLevel.STANDARD, True),
        ("family_member", RiskLevel.STANDARD, False),
        ("ex_partner", RiskLevel.MEDIUM, False),
        ("ex_partner", RiskLevel.HIGH, False),
    ],
)
def test_plus_choices_for_standard_risk_partner_perpetrators(
    build: Any, relationship: str, level: RiskLevel, expected: bool
) -> None:
    referral = build(services_requested=[], relationship=relationship, children_in_household=0)
    key = ("foundation", "foundation_plus_choices")
    found = routes(referral, assessment(level))
    assert (key in found) is expected
    if expected:
        assert found[key] == ["standard_risk_partner_perpetrator"]


def test_plus_choices_needs_a_perpetrator_unless_requested(build: Any) -> None:
    key = ("foundation", "foundation_plus_choices")
    assert key not in routes(build(perpetrator=None), assessment(RiskLevel.STANDARD))
    requested = build(perpetrator=None, services_requested=["foundation_plus_choices"])
    assert routes(requested, assessment(RiskLevel.STANDARD))[key] == ["requested"]


def test_no_duplicates_and_deterministic(build: Any) -> None:
    referral = build(services_requested=["idas_target_hardening", "idas_community_support"])
    risk = assessment(RiskLevel.HIGH, MaracCriterion.PROFESSIONAL_JUDGEMENT)
    first = decide_routes(referral=referral, assessment=risk, policy=DEFAULT)
    assert first == decide_routes(referral=referral, assessment=risk, policy=DEFAULT)
    keys = [(route.provider, route.service) for route in first]
    assert len(keys) == len(set(keys))
    assert first[-1] == RouteDecision(
        provider=MARAC, service=None, reasons=["professional_judgement"]
    )


def test_marac_can_be_left_to_people(build: Any) -> None:
    policy = RoutingPolicy(marac_on_criteria=False)
    risk = assessment(RiskLevel.HIGH, MaracCriterion.VISIBLE_HIGH_RISK)
    assert (MARAC, None) not in routes(build(), risk, policy)


def test_custom_policy(build: Any) -> None:
    policy = RoutingPolicy.model_validate(
        {
            "rules": [
                {
                    "service": "foundation_children_therapeutic",
                    "provider": "foundation",
                    "when": {"children_in_household_min": 2, "marac_referral": True},
                },
                {
                    "service": "idas_refuge",
                    "provider": "idas",
                    "when": [
                        {"requested": True},
                        {"risk_levels": ["high"], "consent_in": ["given"], "reason": "high_risk"},
                    ],
                },
                {
                    "service": "idas_refuge",
                    "provider": "idas",
                    "when": [{"relationship_in": ["household_member"], "reason": "household"}],
                },
            ],
            "marac_on_criteria": True,
        }
    )
    referral = build(
        services_requested=[], children_in_household=2, relationship="household_member"
    )
    risk = assessment(RiskLevel.HIGH, MaracCriterion.VISIBLE_HIGH_RISK)
    result = decide_routes(referral=referral, assessment=risk, policy=policy)
    assert [(route.provider, route.service, route.reasons) for route in result] == [
        (
            "foundation",
            "foundation_children_therapeutic",
            ["children_in_household_min+marac_referral"],
        ),
        ("idas", "idas_refuge", ["high_risk", "household"]),
        (MARAC, None, ["visible_high_risk"]),
    ]
    # Consent refused: the high-risk refuge condition no longer matches.
    refused = build(
        services_requested=[],
        children_in_household=0,
        consent={"status": "refused", "basis": "vital_interests"},
    )
    assert routes(refused, risk, policy) == {(MARAC, None): ["visible_high_risk"]}


def test_condition_false_values_are_conditions(build: Any) -> None:
    rule = RoutingRule(
        service="idas_community_support",
        provider="idas",
        when=[RoutingCondition(requested=False, perpetrator_present=False)],
    )
    policy = RoutingPolicy(rules=[rule], marac_on_criteria=False)
    risk = assessment(RiskLevel.STANDARD)
    assert routes(build(services_requested=[], perpetrator=None), risk, policy) == {
        ("idas", "idas_community_support"): ["requested+perpetrator_present"]
    }
    assert routes(build(services_requested=[]), risk, policy) == {}


def test_invalid_rules() -> None:
    with pytest.raises(ValidationError, match="a condition needs at least one of"):
        RoutingCondition()
    with pytest.raises(ValidationError, match="is a service of idas, not foundation"):
        RoutingRule(service="idas_refuge", provider="foundation", when=[{"requested": True}])
    with pytest.raises(ValidationError, match="not a provider of the partnership"):
        RoutingRule.model_validate(
            {"service": "foundation_plus_choices", "provider": "marac", "when": {"requested": True}}
        )
    with pytest.raises(ValidationError, match="at least 1 item"):
        RoutingRule(service="idas_refuge", provider="idas", when=[])
    with pytest.raises(ValidationError, match="Extra inputs"):
        RoutingCondition.model_validate({"requested": True, "risk": "high"})


def test_unknown_services_and_providers_are_refused() -> None:
    with pytest.raises(ValidationError, match="not a service of the partnership's providers"):
        RoutingRule.model_validate(
            {"service": "harbour_refuge", "provider": "idas", "when": {"requested": True}}
        )
    with pytest.raises(ValidationError, match="not a provider of the partnership"):
        RoutingRule.model_validate(
            {"service": "idas_refuge", "provider": "probation", "when": {"requested": True}}
        )


def test_the_partnership_file_routes_every_service_on_request() -> None:
    rules = partnership_routing().rules
    assert [rule.service for rule in rules] == load_partnership().service_codes
    assert all(rule.when[0].reason_code == "requested" for rule in rules)
