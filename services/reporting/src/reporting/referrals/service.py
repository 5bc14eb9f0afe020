"""Referral figures: referrals received in a period, grouped by one characteristic
(agency, relationship, channel, risk level, MARAC referral, status, provider or service
routed to), by area, month or quarter, or by one of those within another.

Under `provider` and `service` a referral counts once under each it was routed to (or
under "none"), so the groups can add up to more than the total (`multi_valued`).

Every figure is protected with all the others a caller can ask for (`protection`):
the referrals of whole financial years are read, blocked and published together.
"""

from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting import grid
from reporting.periods import Period, calendar_month, financial_year_of, fy_code, fy_quarter
from reporting.protection import Protection, Shown, change_pct, share_pct
from reporting.providers.models import Route
from reporting.read_models import Slot
from reporting.referrals.models import Referral, ReferralStatus, RiskAssessment

Dimension = Literal[
    "area",
    "month",
    "quarter",
    "referring_agency",
    "referrer_kind",
    "relationship",
    "channel",
    "risk_level",
    "marac_referral",
    "status",
    "provider",
    "service",
]
DIMENSIONS: tuple[str, ...] = Dimension.__args__  # type: ignore[attr-defined]
PLACES = ("area", "month", "quarter")
MULTI_VALUED = {"provider", "service"}
NO_ROUTE = "none"
MAX_GROUP_BY = 2
RISK_LEVELS = ("high", "medium", "standard", "not_assessed")
MARAC_REFERRAL = ("yes", "no", "not_assessed")


@dataclass(frozen=True)
class Trait:
    """A characteristic a dimension reads: its name in the population, and the group
    keys a stored value falls under. An agency and its kind are one characteristic, as
    are a risk level and the MARAC referral it led to (either could be worked out from
    the other), and the provider and service of the routes a referral had."""

    characteristic: str
    keys: Callable[[Hashable], set[str]]

    def holds(self, stored: Hashable, key: str) -> bool:
        return key in self.keys(stored)


def _part(index: int | None) -> Callable[[Hashable], set[str]]:
    if index is None:
        return lambda value: {str(value)}
    return lambda value: {str(value[index])}  # type: ignore[index]


def _routed(index: int) -> Callable[[Hashable], set[str]]:
    return lambda routes: {str(route[index]) for route in routes} or {NO_ROUTE}  # type: ignore[attr-defined]


TRAITS = {
    "referring_agency": Trait("agency", _part(0)),
    "referrer_kind": Trait("agency", _part(1)),
    "relationship": Trait("relationship", _part(None)),
    "channel": Trait("channel", _part(None)),
    "risk_level": Trait("risk", _part(0)),
    "marac_referral": Trait("risk", _part(1)),
    "status": Trait("status", _part(None)),
    "provider": Trait("routes", _routed(0)),
    "service": Trait("routes", _routed(1)),
}


def _providers(routes: frozenset) -> frozenset:
    return frozenset(provider for provider, _ in routes)


def quarter_key(day: date) -> str:
    return f"{fy_code(financial_year_of(day))}-Q{(day.month - 4) % 12 // 3 + 1}"


async def _routes_of(
    *, session: AsyncSession, slot: Slot, start: date, end: date
) -> dict[object, frozenset[tuple[str, str]]]:
    """The (provider, service) pairs each referral received from `start` to `end` was
    routed to."""
    r = Referral.table(slot)
    route = Route.table(slot)
    statement = (
        select(route.c.referral_id, route.c.provider, route.c.service)
        .join(r, r.c.referral_id == route.c.referral_id)
        .where(r.c.received_on.between(start, end))
    )
    routes: dict[object, set[tuple[str, str]]] = defaultdict(set)
    for referral_id, provider, service in (await session.execute(statement)).all():
        routes[referral_id].add((provider, service))
    return {referral_id: frozenset(pairs) for referral_id, pairs in routes.items()}


async def referral_population(
    *, session: AsyncSession, slot: Slot, start: date, end: date, threshold: int
) -> Protection:
    """The referrals received from `start` to `end` (whole financial years), protected.
    The combinations of routes are grouped by their providers first, so that figures by
    provider are published wherever they are large enough."""
    r = Referral.table(slot)
    risk = RiskAssessment.table(slot)
    status = ReferralStatus.table(slot)
    statement = select(
        r.c.referral_id,
        r.c.received_on,
        r.c.area,
        r.c.referring_agency,
        r.c.referrer_kind,
        r.c.relationship,
        r.c.channel,
        risk.c.level,
        risk.c.marac_referral,
        status.c.status,
    ).select_from(
        r.outerjoin(risk, risk.c.referral_id == r.c.referral_id).outerjoin(
            status, status.c.referral_id == r.c.referral_id
        )
    )
    routes = await _routes_of(session=session, slot=slot, start=start, end=end)
    population = grid.population(threshold, value_steps={"routes": [_providers]})
    rows = await session.execute(statement.where(r.c.received_on.between(start, end)))
    for row in rows.all():
        (referral_id, received, area, agency, kind, relationship, channel, level, marac, state) = (
            row
        )
        assessed = level is not None
        population.add(
            (grid.month_of(received), area),
            characteristics={
                "agency": (agency, kind),
                "relationship": relationship,
                "channel": channel,
                "risk": (
                    level if assessed else "not_assessed",
                    ("yes" if marac else "no") if assessed else "not_assessed",
                ),
                "status": state or "received",
                "routes": routes.get(referral_id, frozenset()),
            },
        )
    return population.protect()


@dataclass(frozen=True)
class Selection:
    """Some of the referrals: of some cells, and of some values of one characteristic."""

    where: Callable[[tuple], bool]
    trait: Trait | None = None
    value: str | None = None

    def narrowed(
        self, where: Callable[[tuple], bool] | None = None, trait: Trait | None = None, value=None
    ) -> "Selection":
        if where is not None:
            outer = self.where
            return Selection(lambda cell: outer(cell) and where(cell), self.trait, self.value)
        return Selection(self.where, trait, value)

    def count(self, protection: Protection) -> Shown:
        if self.trait is None:
            return protection.count(self.where)
        trait, value = self.trait, self.value
        return protection.count(
            self.where, trait.characteristic, lambda stored: trait.holds(stored, value)
        )


async def dimension_keys(
    *, session: AsyncSession, slot: Slot, dimension: str, period: Period, areas: list[str]
) -> list[str]:
    """The groups a dimension shows: never fewer because a period had no such referral
    (a missing group would say "none" about a figure that is suppressed)."""
    if dimension == "month":
        return [month.code for month in period.months()]
    if dimension == "quarter":
        return list(dict.fromkeys(quarter_key(m.start) for m in period.months()))
    fixed = {"risk_level": RISK_LEVELS, "marac_referral": MARAC_REFERRAL}
    if dimension in fixed:
        return list(fixed[dimension])
    if dimension in MULTI_VALUED:
        route = Route.table(slot)
        seen = set((await session.execute(select(route.c[dimension]).distinct())).scalars())
        return [*sorted(seen), NO_ROUTE]
    r = Referral.table(slot)
    column = {
        "area": r.c.area,
        "referring_agency": r.c.referring_agency,
        "referrer_kind": r.c.referrer_kind,
        "relationship": r.c.relationship,
        "channel": r.c.channel,
    }.get(dimension)
    if column is None:  # status
        s = ReferralStatus.table(slot)
        seen = set((await session.execute(select(s.c.status).distinct())).scalars())
        return ["received", *sorted(seen - {"received"})]
    seen = set((await session.execute(select(column).distinct())).scalars())
    configured = areas if dimension == "area" else []
    return list(configured) + sorted(seen - set(configured))


def _narrow(selection: Selection, dimension: str, key: str, years_back: int) -> Selection:
    """The selection within one group; `years_back` 1 for the year before (whose months
    and quarters are grouped under this year's)."""
    if dimension == "area":
        return selection.narrowed(where=lambda cell: cell[1] == key)
    if dimension in ("month", "quarter"):
        group = (
            calendar_month(int(key[:4]) - years_back, int(key[5:7]))
            if dimension == "month"
            else fy_quarter(int(key[:4]) - years_back, int(key[-1]))
        )
        chosen = set(grid.months(group))
        return selection.narrowed(where=lambda cell: cell[0] in chosen)
    return selection.narrowed(trait=TRAITS[dimension], value=key)


async def referral_stats(
    *,
    session: AsyncSession,
    slot: Slot,
    period: Period,
    group_by: list[str],
    threshold: int,
    area: str | None = None,
    areas: list[str] | None = None,
) -> dict:
    """Referrals received in the period and a year before, with the groups asked for."""
    previous_period = period.previous_year()
    start, end = grid.span(period, previous_period)
    protection = await referral_population(
        session=session, slot=slot, start=start, end=end, threshold=threshold
    )
    keys = {
        d: await dimension_keys(
            session=session, slot=slot, dimension=d, period=period, areas=list(areas or [])
        )
        for d in group_by
    }
    if area is not None and "area" in keys:
        keys["area"] = [area]
    now = Selection(grid.within(period, area=area))
    before = Selection(grid.within(previous_period, area=area))
    referrals = now.count(protection)
    previous = before.count(protection)
    result: dict = {
        "period": period.as_dict(),
        "previous_period": previous_period.as_dict(),
        "area": area,
        "group_by": group_by,
        "multi_valued": any(d in MULTI_VALUED for d in group_by),
        "referrals": referrals,
        "previous_year_referrals": previous,
        "change_pct": change_pct(referrals, previous),
        "groups": {},
        "threshold": threshold,
    }

    def groups(level: int, this: Selection, last: Selection, parent: Shown) -> dict:
        dimension = group_by[level]
        out = {}
        for key in keys[dimension]:
            mine = _narrow(this, dimension, key, 0)
            theirs = _narrow(last, dimension, key, 1)
            count, before_count = mine.count(protection), theirs.count(protection)
            out[key] = {
                "count": count,
                "share_pct": share_pct(count, parent),
                "previous_year_count": before_count,
                "change_pct": change_pct(count, before_count),
                "groups": groups(level + 1, mine, theirs, count)
                if level + 1 < len(group_by)
                else None,
            }
        return out

    if group_by:
        result["groups"] = groups(0, now, before, referrals)
    return result
