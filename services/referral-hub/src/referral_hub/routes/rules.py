"""The rules of routes: which commissioned services (and MARAC) a referral goes to
(routing), and the state machine of a route as its provider reports on it (feedback).

Routing. Which commissioned services (and MARAC) a referral goes to.

Rules are configuration (`RoutingPolicy`, from the partnership file's `routing`). A rule
routes its service when ANY of its `when` conditions matches; a condition matches
when ALL the fields it sets hold. Risk conditions use the assessed level, after
professional judgement.

Feedback. State machine of a route: a referral sent to one provider, and its feedback.

    sent      -> accepted | declined
    accepted  -> contacted | closed
    contacted -> engaged | closed
    engaged   -> closed
    declined, closed: terminal

`next_status` refuses any move not listed, the current status included. The API treats
an exact repeat of the last report (same status and details) as a retry and answers it
again (200); anything else impossible is 409.
"""

from collections.abc import Mapping
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict, Field

from referral_hub.codes import MARAC, FeedbackStatus, RouteStatus
from referral_hub.policy import RoutingCondition, RoutingPolicy
from referral_hub.referral.rules import RiskAssessment
from referral_hub.referral.schemas import ReferralIn


class RouteDecision(BaseModel):
    """One route to create: a service of a provider, or MARAC (service None)."""

    model_config = ConfigDict(frozen=True)

    provider: str = Field(description="A provider of the partnership, or MARAC")
    service: str | None = None
    reasons: list[str] = Field(
        description="Reason codes of the matching conditions; MARAC criteria for MARAC"
    )


def matches(
    condition: RoutingCondition,
    *,
    service: str,
    referral: ReferralIn,
    assessment: RiskAssessment,
) -> bool:
    """True when every field set holds for this referral and assessment."""
    if condition.requested is not None:
        if (service in referral.services_requested) != condition.requested:
            return False
    if condition.risk_levels is not None and assessment.level not in condition.risk_levels:
        return False
    if condition.children_in_household_min is not None:
        if referral.children_in_household < condition.children_in_household_min:
            return False
    if condition.perpetrator_present is not None:
        if (referral.perpetrator is not None) != condition.perpetrator_present:
            return False
    if (
        condition.relationship_in is not None
        and referral.relationship not in condition.relationship_in
    ):
        return False
    if (
        condition.marac_referral is not None
        and assessment.marac_referral != condition.marac_referral
    ):
        return False
    return condition.consent_in is None or referral.consent.status in condition.consent_in


def decide_routes(
    *, referral: ReferralIn, assessment: RiskAssessment, policy: RoutingPolicy
) -> list[RouteDecision]:
    """Routes for a referral: services in rule order (one per service), then MARAC."""
    found: dict[str, RouteDecision] = {}
    for rule in policy.rules:
        reasons = [
            condition.reason_code
            for condition in rule.when
            if matches(condition, service=rule.service, referral=referral, assessment=assessment)
        ]
        if not reasons:
            continue
        if rule.service in found:  # a second rule for the same service adds its reasons
            reasons = found[rule.service].reasons + reasons
        found[rule.service] = RouteDecision(
            provider=rule.provider, service=rule.service, reasons=list(dict.fromkeys(reasons))
        )
    routes = list(found.values())
    if policy.marac_on_criteria and assessment.marac_referral:
        routes.append(
            RouteDecision(
                provider=MARAC,
                service=None,
                reasons=[criterion.value for criterion in assessment.criteria],
            )
        )
    return routes


INITIAL_STATUS = RouteStatus.SENT

TRANSITIONS: Mapping[RouteStatus, frozenset[RouteStatus]] = MappingProxyType(
    {
        RouteStatus.SENT: frozenset({RouteStatus.ACCEPTED, RouteStatus.DECLINED}),
        RouteStatus.ACCEPTED: frozenset({RouteStatus.CONTACTED, RouteStatus.CLOSED}),
        RouteStatus.CONTACTED: frozenset({RouteStatus.ENGAGED, RouteStatus.CLOSED}),
        RouteStatus.ENGAGED: frozenset({RouteStatus.CLOSED}),
        RouteStatus.DECLINED: frozenset(),
        RouteStatus.CLOSED: frozenset(),
    }
)
"""Allowed next statuses of each status."""

TERMINAL_STATUSES = frozenset(status for status, nexts in TRANSITIONS.items() if not nexts)


class ImpossibleTransition(Exception):
    """A requested status that cannot follow the current one."""

    def __init__(self, current: RouteStatus, requested: RouteStatus) -> None:
        self.current = current
        self.requested = requested
        allowed = ", ".join(sorted(TRANSITIONS[current])) or "none, it is final"
        super().__init__(
            f"a route cannot go from {current} to {requested} (allowed next: {allowed})"
        )


def allowed_next(current: RouteStatus) -> frozenset[RouteStatus]:
    """Statuses that may follow `current`."""
    return TRANSITIONS[RouteStatus(current)]


def next_status(*, current: RouteStatus, requested: RouteStatus | FeedbackStatus) -> RouteStatus:
    """The new status of a route, or `ImpossibleTransition` if `requested` cannot follow."""
    current = RouteStatus(current)
    target = RouteStatus(requested)
    if target not in TRANSITIONS[current]:
        raise ImpossibleTransition(current, target)
    return target
