"""Commissioned services' performance: the funnel of the routes made in a period.

A route is counted in the cohort of the day it was routed; each later status it has
reached so far counts in its stage (accepted, declined, contacted, engaged, closed),
so the figures of a past quarter grow as providers report back. Time to first contact
is from routing to the `contacted` status.
"""

import statistics
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.periods import Period
from reporting.providers.models import Route, RouteOutcome, RouteStatus
from reporting.read_models import Slot
from reporting.suppression import FigureTable

STAGES = ("received", "accepted", "declined", "contacted", "engaged", "closed")

ServiceKey = tuple[str, str]


async def funnel_counts(
    *, session: AsyncSession, slot: Slot, period: Period, area: str | None = None
) -> dict[ServiceKey, dict]:
    route = Route.table(slot)
    status = RouteStatus.table(slot)
    outcome = RouteOutcome.table(slot)
    figures: dict[ServiceKey, dict] = defaultdict(
        lambda: {"stages": dict.fromkeys(STAGES, 0), "outcomes": {}, "days_to_contact": []}
    )
    where_route = [route.c.routed_on.between(period.start, period.end)]
    where_status = [status.c.routed_on.between(period.start, period.end)]
    where_outcome = [outcome.c.routed_on.between(period.start, period.end)]
    if area is not None:
        where_route.append(route.c.area == area)
        where_status.append(status.c.area == area)
        where_outcome.append(outcome.c.area == area)
    received = select(route.c.provider, route.c.service, func.count()).where(*where_route)
    for provider, service, count in (
        await session.execute(received.group_by(route.c.provider, route.c.service))
    ).all():
        figures[(provider, service)]["stages"]["received"] = count
    stages = (
        select(status.c.provider, status.c.service, status.c.status, func.count())
        .where(*where_status)
        .group_by(status.c.provider, status.c.service, status.c.status)
    )
    for provider, service, stage, count in (await session.execute(stages)).all():
        if stage in STAGES and stage != "received":
            figures[(provider, service)]["stages"][stage] = count
    outcomes = (
        select(outcome.c.provider, outcome.c.service, outcome.c.outcome, func.count())
        .where(*where_outcome)
        .group_by(outcome.c.provider, outcome.c.service, outcome.c.outcome)
    )
    for provider, service, code, count in (await session.execute(outcomes)).all():
        figures[(provider, service)]["outcomes"][code] = count
    contacts = select(
        status.c.provider, status.c.service, status.c.routed_at, status.c.occurred_at
    ).where(*where_status, status.c.status == "contacted")
    for provider, service, routed_at, occurred_at in (await session.execute(contacts)).all():
        days = max((occurred_at - routed_at).total_seconds(), 0) / 86400
        figures[(provider, service)]["days_to_contact"].append(days)
    return dict(figures)


def _funnel_cells(table: FigureTable, prefix: tuple, stages: dict[str, int]) -> None:
    for stage in STAGES:
        table.add((*prefix, stage), stages[stage])
    cell = lambda stage: (*prefix, stage)  # noqa: E731
    # received = accepted + declined + not yet decided
    table.partition(cell("received"), [cell("accepted"), cell("declined")], (*prefix, "undecided"))
    table.subset(cell("accepted"), cell("contacted"), (*prefix, "not_contacted"))
    table.subset(cell("contacted"), cell("engaged"), (*prefix, "not_engaged"))
    table.subset(cell("accepted"), cell("closed"), (*prefix, "not_closed"))


def provider_table(figures: dict[ServiceKey, dict], threshold: int) -> FigureTable:
    table = FigureTable(threshold)
    providers: dict[str, list[ServiceKey]] = defaultdict(list)
    for key in figures:
        providers[key[0]].append(key)
    for provider, keys in providers.items():
        totals = {s: sum(figures[k]["stages"][s] for k in keys) for s in STAGES}
        _funnel_cells(table, ("p", provider), totals)
        for key in keys:
            figures_of = figures[key]
            _funnel_cells(table, ("s", *key), figures_of["stages"])
            closed = ("s", *key, "closed")
            outcome_cells = [
                table.add(("o", *key, code), count)
                for code, count in figures_of["outcomes"].items()
            ]
            if outcome_cells:
                # A closed route can have several outcomes; treated as if it had one.
                table.relate(closed, outcome_cells)
        for stage in STAGES:
            table.relate(("p", provider, stage), [("s", *k, stage) for k in keys])
    table.solve()
    return table


def _median_days(days: list[float], threshold: int) -> float | None:
    """Median days to first contact; none from fewer routes than the threshold."""
    if len(days) < threshold:
        return None
    return round(statistics.median(days), 1)


def _rates(table: FigureTable, prefix: tuple) -> dict[str, float | None]:
    cell = lambda stage: (*prefix, stage)  # noqa: E731
    return {
        "accepted_pct": table.share_pct(cell("accepted"), cell("received")),
        "contacted_pct": table.share_pct(cell("contacted"), cell("accepted")),
        "engaged_pct": table.share_pct(cell("engaged"), cell("contacted")),
    }


async def provider_performance(
    *,
    session: AsyncSession,
    slot: Slot,
    period: Period,
    threshold: int,
    area: str | None = None,
) -> dict:
    figures = await funnel_counts(session=session, slot=slot, period=period, area=area)
    table = provider_table(figures, threshold)
    providers: dict[str, dict] = {}
    for provider, service in sorted(figures):
        entry = providers.setdefault(
            provider,
            {
                **{stage: table.show(("p", provider, stage)) for stage in STAGES},
                **_rates(table, ("p", provider)),
                "median_days_to_first_contact": _median_days(
                    [
                        d
                        for k, f in figures.items()
                        if k[0] == provider
                        for d in f["days_to_contact"]
                    ],
                    threshold,
                ),
                "services": {},
            },
        )
        figures_of = figures[(provider, service)]
        entry["services"][service] = {
            **{stage: table.show(("s", provider, service, stage)) for stage in STAGES},
            **_rates(table, ("s", provider, service)),
            "median_days_to_first_contact": _median_days(figures_of["days_to_contact"], threshold),
            "outcomes": {
                code: table.show(("o", provider, service, code))
                for code in sorted(figures_of["outcomes"])
            },
        }
    return {
        "period": period.as_dict(),
        "area": area,
        "providers": providers,
        "threshold": threshold,
    }
