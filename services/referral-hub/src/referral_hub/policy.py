"""The policies a partnership configures: risk thresholds (settings) and the routing rules
(the partnership file's `routing`, checked here when referral-hub starts). Data only;
`referral.rules` and `routes.rules` apply them."""

from typing import Annotated, Any, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from csp_common.partnership import check_section, load_partnership
from referral_hub.codes import (
    ConsentStatus,
    ProviderCode,
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
    provider: ProviderCode
    when: Annotated[list[RoutingCondition], BeforeValidator(_as_list)] = Field(
        min_length=1, description="Alternatives; one condition object is also accepted"
    )

    @model_validator(mode="after")
    def _provider_runs_service(self) -> Self:
        expected = load_partnership().provider_of(self.service)
        if self.provider != expected:
            raise ValueError(f"{self.service} is a service of {expected}, not {self.provider}")
        return self


class RoutingPolicy(BaseModel):
    """Configurable routing: the rules, in output order, and whether MARAC is automatic."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: list[RoutingRule] = Field(
        default_factory=list, description="In output order; no rule routes nothing but MARAC"
    )
    marac_on_criteria: bool = Field(
        default=True, description="Route to MARAC whenever a MARAC criterion is met"
    )


def partnership_routing() -> RoutingPolicy:
    """The partnership file's `routing`, or PartnershipFileError saying what is wrong."""
    return check_section(RoutingPolicy, load_partnership().routing, section="routing")
