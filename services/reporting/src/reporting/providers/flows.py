"""Routing and provider feedback events to facts."""

from collections.abc import Iterator

from csp_common.contracts.referrals import ProviderStatusChanged, ReferralRouted
from reporting.projection import Projecting, projects
from reporting.providers.models import Route, RouteOutcome, RouteStatus
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
