"""The policies a partnership configures (settings, or a table): risk thresholds and the
routing rules. Data only; `referral.rules` and `routes.rules` apply them."""

from typing import Annotated, Any, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from referral_hub.codes import (
    ConsentStatus,
    FoundationService,
    IdasService,
    Provider,
    Relationship,
    RiskLevel,
    ServiceCode,
)

DASH_QUESTIONS = 24


class RiskPolicy(BaseModel):
    """Configurable risk thresholds (scores are numbers of "yes" out of 24).

    Bands: standard below `medium_from`, medium from `medium_from`, high from
    `high_from` (equal values mean no medium band).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    medium_from: int = Field(default=10, ge=1, le=DASH_QUESTIONS)
    high_from: int = Field(default=14, ge=1, le=DASH_QUESTIONS)
    visible_high_risk_from: int = Field(
        default=14, ge=1, le=DASH_QUESTIONS, description="MARAC criterion: score at least this"
    )
    escalation_incidents: int = Field(
        default=3, ge=1, description="MARAC criterion: incidents in 12 months at least this"
    )
    repeat_window_days: int = Field(
        default=365,
        ge=1,
        description="MARAC criterion: a previous MARAC referral of the same victim and "
        "perpetrator at most this many days ago (inclusive)",
    )

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.medium_from > self.high_from:
            raise ValueError("medium_from must not be greater than high_from")
        return self


_CONDITION_FIELDS = (
    "requested",
    "risk_levels",
    "children_in_household_min",
    "perpetrator_present",
    "relationship_in",
    "marac_referral",
    "consent_in",
)


class RoutingCondition(BaseModel):
    """One alternative of a rule: every field that is set must hold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reason: str | None = Field(
        default=None,
        pattern=r"^[a-z][a-z0-9_+]{0,99}$",
        description="Reason code recorded when it matches; default: the fields set, joined by +",
    )
    requested: bool | None = Field(default=None, description="Service in services_requested")
    risk_levels: list[RiskLevel] | None = Field(default=None, min_length=1)
    children_in_household_min: int | None = Field(default=None, ge=0)
    perpetrator_present: bool | None = None
    relationship_in: list[Relationship] | None = Field(default=None, min_length=1)
    marac_referral: bool | None = Field(default=None, description="Any MARAC criterion met")
    consent_in: list[ConsentStatus] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        if all(getattr(self, name) is None for name in _CONDITION_FIELDS):
            raise ValueError(f"a condition needs at least one of {', '.join(_CONDITION_FIELDS)}")
        return self

    @property
    def reason_code(self) -> str:
        """The reason recorded when this condition matches."""
        if self.reason:
            return self.reason
        return "+".join(name for name in _CONDITION_FIELDS if getattr(self, name) is not None)


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, dict | RoutingCondition) else value


class RoutingRule(BaseModel):
    """Route `service` (run by `provider`) when any `when` condition matches."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    service: ServiceCode
    provider: Provider
    when: Annotated[list[RoutingCondition], BeforeValidator(_as_list)] = Field(
        min_length=1, description="Alternatives; one condition object is also accepted"
    )

    @model_validator(mode="after")
    def _provider_runs_service(self) -> Self:
        expected = Provider.IDAS if isinstance(self.service, IdasService) else Provider.FOUNDATION
        if self.provider is not expected:
            raise ValueError(f"{self.service} is a service of {expected}, not {self.provider}")
        return self


_REQUESTED = RoutingCondition(requested=True, reason="requested")
_MEDIUM_OR_HIGH = [RiskLevel.MEDIUM, RiskLevel.HIGH]


def default_rules() -> list[RoutingRule]:
    """The North Yorkshire defaults. Every service goes where the referrer asks; besides:

    - IDAS community support for every medium or high risk victim (IDVA/outreach);
    - IDAS target hardening (home security) for every high risk victim;
    - IDAS children and young people's service when children live in the household
      and the risk is medium or high;
    - Foundation +Choices, the voluntary programme for standard-risk adult perpetrators
      of intimate partner abuse, when a perpetrator is named, the risk
      is standard and the relationship is (ex-)intimate partner;
    - refuge and the children's therapeutic service only on request (they need the
      victim's or family's agreement and an assessment by the provider).
    """
    idas, foundation = Provider.IDAS, Provider.FOUNDATION
    return [
        RoutingRule(
            service=IdasService.COMMUNITY_SUPPORT,
            provider=idas,
            when=[_REQUESTED, RoutingCondition(risk_levels=_MEDIUM_OR_HIGH, reason="risk_level")],
        ),
        RoutingRule(service=IdasService.REFUGE, provider=idas, when=[_REQUESTED]),
        RoutingRule(
            service=IdasService.TARGET_HARDENING,
            provider=idas,
            when=[_REQUESTED, RoutingCondition(risk_levels=[RiskLevel.HIGH], reason="risk_level")],
        ),
        RoutingRule(
            service=IdasService.CHILDREN_YOUNG_PEOPLE,
            provider=idas,
            when=[
                _REQUESTED,
                RoutingCondition(
                    children_in_household_min=1,
                    risk_levels=_MEDIUM_OR_HIGH,
                    reason="children_in_household",
                ),
            ],
        ),
        RoutingRule(
            service=FoundationService.PLUS_CHOICES,
            provider=foundation,
            when=[
                _REQUESTED,
                RoutingCondition(
                    perpetrator_present=True,
                    risk_levels=[RiskLevel.STANDARD],
                    relationship_in=[Relationship.INTIMATE_PARTNER, Relationship.EX_PARTNER],
                    reason="standard_risk_partner_perpetrator",
                ),
            ],
        ),
        RoutingRule(
            service=FoundationService.CHILDREN_THERAPEUTIC, provider=foundation, when=[_REQUESTED]
        ),
    ]


class RoutingPolicy(BaseModel):
    """Configurable routing: the rules, in output order, and whether MARAC is automatic."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: list[RoutingRule] = Field(default_factory=default_rules)
    marac_on_criteria: bool = Field(
        default=True, description="Route to MARAC whenever a MARAC criterion is met"
    )
