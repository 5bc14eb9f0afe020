"""Commissioned services' performance: the funnel of the routes made in a period.

A route is counted in the cohort of the day it was routed; each later status it has
reached so far counts in its stage (accepted, declined, contacted, engaged, closed),
so the figures of a past quarter grow as providers report back. Time to first contact
is from routing to the `contacted` status.
"""

import statistics
from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.partnership import Partnership
from reporting import grid
from reporting.periods import Period
from reporting.protection import Population, Protection, Shown, share_pct
from reporting.providers.models import Route, RouteOutcome, RouteStatus
from reporting.providers.returns import provider_returns
from reporting.read_models import Slot

STAGES = ("received", "accepted", "declined", "contacted", "engaged", "closed")

Route_ = dict[str, object]


async def routes_in(*, session: AsyncSession, slot: Slot, start: date, end: date) -> list[Route_]:
    """Each route made from `start` to `end`: its cell, the statuses it reached, its
    outcomes and the days from routing to first contact."""
    route = Route.table(slot)
    status = RouteStatus.table(slot)
    outcome = RouteOutcome.table(slot)
    routes: dict[object, Route_] = {}

    def of(route_id, area, provider, service, routed_on) -> Route_:  # type: ignore[no-untyped-def]
        return routes.setdefault(
            route_id,
            {
                "area": area,
                "provider": provider,
                "service": service,
                "routed_on": routed_on,
                "reached": set(),
                "outcomes": set(),
                "days_to_contact": None,
            },
        )

    for row in (
        await session.execute(
            select(
                route.c.route_id, route.c.area, route.c.provider, route.c.service, route.c.routed_on
            ).where(route.c.routed_on.between(start, end))
        )
    ).all():
        of(*row)
    statuses = select(
        status.c.route_id,
        status.c.area,
        status.c.provider,
        status.c.service,
        status.c.routed_on,
        status.c.status,
        status.c.routed_at,
        status.c.occurred_at,
    ).where(status.c.routed_on.between(start, end))
    for route_id, area, provider, service, routed_on, state, routed_at, occurred_at in (
        await session.execute(statuses)
    ).all():
        entry = of(route_id, area, provider, service, routed_on)
        if state in STAGES and state != "received":
            entry["reached"].add(state)  # type: ignore[attr-defined]
        if state == "contacted":
            entry["days_to_contact"] = max((occurred_at - routed_at).total_seconds(), 0) / 86400
    outcomes = select(
        outcome.c.route_id,
        outcome.c.area,
        outcome.c.provider,
        outcome.c.service,
        outcome.c.routed_on,
        outcome.c.outcome,
    ).where(outcome.c.routed_on.between(start, end))
    for route_id, area, provider, service, routed_on, code in (
        await session.execute(outcomes)
    ).all():
        of(route_id, area, provider, service, routed_on)["outcomes"].add(code)  # type: ignore[attr-defined]
    return list(routes.values())


async def known_services(
    *, session: AsyncSession, slot: Slot
) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Every service ever routed to, with its provider, and the outcomes ever recorded
    for it: listed whatever a period holds (a missing one would say "none")."""
    provider_of: dict[str, str] = {}
    for model in (Route, RouteStatus):
        t = model.table(slot)
        for provider, service in (
            await session.execute(select(t.c.provider, t.c.service).distinct())
        ).all():
            provider_of[service] = provider
    outcomes: dict[str, set[str]] = defaultdict(set)
    t = RouteOutcome.table(slot)
    for service, code in (await session.execute(select(t.c.service, t.c.outcome).distinct())).all():
        outcomes[service].add(code)
    return provider_of, outcomes


FURTHEST = ("received", "declined", "accepted", "contacted", "engaged", "closed")
PHASE = {
    "received": "decided",
    "declined": "decided",
    "accepted": "decided",
    "contacted": "contact",
    "engaged": "contact",
    "closed": "closed",
}


def furthest(value: tuple[frozenset, frozenset]) -> str:
    """The last stage a route reached."""
    return max(value[0] | {"received"}, key=FURTHEST.index)


def route_population(
    routes: list[Route_], provider_of: dict[str, str], threshold: int
) -> Protection:
    """Routes in cells (month, area, service), protected. Blocks grow through the
    area's months of the quarter, the service's other areas, the provider's other
    services, the other providers, then through the quarters of the financial year in
    the same calendar year (the service's in the area first), the financial year. What
    a route reached is one characteristic (each stage is reached only after some
    others, so stages apart would give their differences away), its outcomes with it;
    its small values are grouped with those that got as far (a closed route's
    outcomes), then with the neighbouring stages, so that "reached at least" figures
    stay where they can."""
    chain = (
        lambda cell: (cell[1], cell[2], grid.quarter_of(cell[0])),
        lambda cell: (cell[2], grid.quarter_of(cell[0])),
        lambda cell: (provider_of[cell[2]], grid.quarter_of(cell[0])),
        lambda cell: grid.quarter_of(cell[0]),
        lambda cell: (cell[1], cell[2], grid.calendar_part(cell[0])),
        lambda cell: grid.calendar_part(cell[0]),
        lambda cell: grid.fy_of(cell[0]),
    )
    population = Population(
        threshold=threshold,
        chain=chain,
        optional=frozenset({4, 5}),
        value_steps={"funnel": [furthest, lambda value: PHASE[furthest(value)]]},
    )
    for r in routes:
        population.add(
            (grid.month_of(r["routed_on"]), r["area"], r["service"]),  # type: ignore[arg-type]
            characteristics={
                "funnel": (
                    frozenset(r["reached"]),  # type: ignore[arg-type]
                    frozenset(r["outcomes"]),  # type: ignore[arg-type]
                )
            },
        )
    return population.protect()


def _stages(protection: Protection, where) -> dict[str, Shown]:  # type: ignore[no-untyped-def]
    stages: dict[str, Shown] = {"received": protection.count(where)}
    for stage in STAGES[1:]:
        stages[stage] = protection.count(
            where, "funnel", lambda value, stage=stage: stage in value[0]
        )
    return stages


def _rates(stages: dict[str, Shown]) -> dict[str, float | None]:
    return {
        "accepted_pct": share_pct(stages["accepted"], stages["received"]),
        "contacted_pct": share_pct(stages["contacted"], stages["accepted"]),
        "engaged_pct": share_pct(stages["engaged"], stages["contacted"]),
    }


def _median_days(days: list[float], contacted: Shown, threshold: int) -> float | None:
    """Median days to first contact, where the routes contacted are a published count of
    at least the threshold."""
    if not isinstance(contacted, int) or contacted < threshold or not days:
        return None
    return round(statistics.median(days), 1)


def commissioned(providers: dict[str, dict], partnership: Partnership) -> dict[str, dict]:
    """The funnel's providers that are the partnership's commissioned services (MARAC's
    routes are counted too, but they are MARAC's own figures)."""
    codes = {agency.code for agency in partnership.agencies if agency.kind == "provider"}
    return {code: provider for code, provider in providers.items() if code in codes}


async def provider_performance(
    *,
    session: AsyncSession,
    slot: Slot,
    period: Period,
    threshold: int,
    area: str | None = None,
) -> dict:
    start, end = grid.span(period)
    routes = await routes_in(session=session, slot=slot, start=start, end=end)
    provider_of, outcomes_of = await known_services(session=session, slot=slot)
    for r in routes:
        provider_of.setdefault(str(r["service"]), str(r["provider"]))
    protection = route_population(routes, provider_of, threshold)
    chosen = grid.months(period)
    in_period = [
        r
        for r in routes
        if grid.month_of(r["routed_on"]) in chosen and (area is None or r["area"] == area)  # type: ignore[arg-type]
    ]

    def where(*, provider: str | None = None, service: str | None = None):  # type: ignore[no-untyped-def]
        def holds(cell: tuple) -> bool:
            if cell[0] not in chosen or (area is not None and cell[1] != area):
                return False
            if service is not None:
                return cell[2] == service
            return provider is None or provider_of[cell[2]] == provider

        return holds

    def days(**which: str) -> list[float]:
        return [
            float(r["days_to_contact"])  # type: ignore[arg-type]
            for r in in_period
            if r["days_to_contact"] is not None
            and all(r[key] == value for key, value in which.items())
        ]

    providers: dict[str, dict] = {}
    for service in sorted(provider_of, key=lambda s: (provider_of[s], s)):
        provider = provider_of[service]
        if provider not in providers:
            stages = _stages(protection, where(provider=provider))
            providers[provider] = {
                **stages,
                **_rates(stages),
                "median_days_to_first_contact": _median_days(
                    days(provider=provider), stages["contacted"], threshold
                ),
                "services": {},
            }
        stages = _stages(protection, where(service=service))
        providers[provider]["services"][service] = {
            **stages,
            **_rates(stages),
            "median_days_to_first_contact": _median_days(
                days(service=service), stages["contacted"], threshold
            ),
            "outcomes": {
                code: protection.count(
                    where(service=service), "funnel", lambda value, code=code: code in value[1]
                )
                for code in sorted(outcomes_of[service])
            },
        }
    return {
        "period": period.as_dict(),
        "area": area,
        "providers": providers,
        "returns": (
            {}
            if area is not None
            else await provider_returns(
                session=session, slot=slot, period=period, threshold=threshold
            )
        ),
        "threshold": threshold,
    }
