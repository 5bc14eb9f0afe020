"""Routing, provider feedback and providers' quarterly returns to facts."""

from collections.abc import Iterator

from csp_common.contracts.provider_returns import ProviderReturnSubmitted
from csp_common.contracts.referrals import ProviderStatusChanged, ReferralRouted
from reporting.projection import Projecting, projects
from reporting.providers.models import (
    RETURN_OUTCOMES,
    ProviderReturn,
    Route,
    RouteOutcome,
    RouteStatus,
)
from reporting.read_models import Fact


@projects(ReferralRouted)
def referral_routed(p: ReferralRouted, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        Route,
        {
            "route_id": p.route_id,
            "referral_id": p.referral_id,
            "area": p.area,
            "provider": p.provider,
            "service": p.service,
            "routed_at": p.routed_at,
            "routed_on": ctx.local(p.routed_at).date(),
            "event_time": ctx.event_time,
        },
    )


@projects(ProviderStatusChanged)
def provider_status_changed(p: ProviderStatusChanged, ctx: Projecting) -> Iterator[Fact]:
    routed_on = ctx.local(p.routed_at).date()
    common = {
        "route_id": p.route_id,
        "area": p.area,
        "provider": p.provider,
        "service": p.service,
        "routed_on": routed_on,
        "event_time": ctx.event_time,
    }
    yield Fact(
        RouteStatus,
        {
            **common,
            "status": p.status,
            "routed_at": p.routed_at,
            "occurred_at": p.occurred_at,
            "decline_reason": p.decline_reason,
        },
    )
    if p.status == "closed":
        for outcome in dict.fromkeys(p.outcome_codes):
            yield Fact(RouteOutcome, {**common, "outcome": outcome})


@projects(ProviderReturnSubmitted)
def provider_return_submitted(p: ProviderReturnSubmitted, ctx: Projecting) -> Iterator[Fact]:
    """Each version is a row of its own: a redelivered one writes the same row, and the
    figures read the highest version of each return whatever order they came in."""
    reported = {outcome.measure: outcome.count for outcome in p.outcomes}
    yield Fact(
        ProviderReturn,
        {
            "provider": p.provider,
            "service": p.service,
            "quarter": p.quarter,
            "version": p.version,
            "quarter_start": p.quarter_start,
            "referrals_received": p.referrals_received,
            "self_referrals": p.self_referrals,
            "caseload": p.caseload,
            "closures": p.closures,
            "waiting_at_end": p.waiting_at_end,
            "median_wait_days": p.median_wait_days,
            **{f"outcome_{m}": reported.get(m) for m in RETURN_OUTCOMES},  # type: ignore[call-overload]
            "event_time": ctx.event_time,
        },
    )
