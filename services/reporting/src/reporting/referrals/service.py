"""Referral figures: referrals received in a period, grouped by up to two dimensions.

Each referral counts once under a single-valued dimension (area, agency, risk level...).
Under `provider` and `service` it counts once under each service it was routed to, so
the groups can add up to more than the total (`multi_valued` says so).
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import ColumnElement, case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.periods import Period, financial_year_of, fy_code
from reporting.providers.models import Route
from reporting.read_models import Slot
from reporting.referrals.models import Referral, ReferralStatus, RiskAssessment
from reporting.suppression import FigureTable, change_pct

Dimension = Literal[
    "area",
    "referring_agency",
    "referrer_kind",
    "relationship",
    "channel",
    "risk_level",
    "marac_referral",
    "status",
    "provider",
    "service",
    "month",
    "quarter",
]
DIMENSIONS: tuple[str, ...] = Dimension.__args__  # type: ignore[attr-defined]
MULTI_VALUED = {"provider", "service"}
TIME_DIMENSIONS = {"month", "quarter"}
MAX_GROUP_BY = 2


def month_of(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def quarter_of(day: date) -> str:
    fy = financial_year_of(day)
    return f"{fy_code(fy)}-Q{(day.month - 4) % 12 // 3 + 1}"


def year_later(key: str, dimension: str) -> str:
    """The key of a time group a year on (to line a previous period up with this one)."""
    if dimension == "month":
        year, month = key.split("-")
        return f"{int(year) + 1}-{month}"
    if dimension == "quarter":
        start = int(key[:4]) + 1
        return f"{fy_code(start)}{key[7:]}"
    return key


@dataclass(frozen=True)
class _Column:
    expression: Callable[[Slot], ColumnElement]
    needs: str | None = None
    bucket: Callable[[date], str] | None = None


def _columns() -> dict[str, _Column]:
    r = Referral.table
    risk = RiskAssessment.table
    status = ReferralStatus.table
    route = Route.table
    return {
        "area": _Column(lambda s: r(s).c.area),
        "referring_agency": _Column(lambda s: r(s).c.referring_agency),
        "referrer_kind": _Column(lambda s: r(s).c.referrer_kind),
        "relationship": _Column(lambda s: r(s).c.relationship),
        "channel": _Column(lambda s: r(s).c.channel),
        "risk_level": _Column(
            lambda s: func.coalesce(risk(s).c.level, literal("not_assessed")), needs="risk"
        ),
        "marac_referral": _Column(
            lambda s: case(
                (risk(s).c.referral_id.is_(None), literal("not_assessed")),
                (risk(s).c.marac_referral, literal("yes")),
                else_=literal("no"),
            ),
            needs="risk",
        ),
        "status": _Column(
            lambda s: func.coalesce(status(s).c.status, literal("received")), needs="status"
        ),
        "provider": _Column(
            lambda s: func.coalesce(route(s).c.provider, literal("none")), needs="route"
        ),
        "service": _Column(
            lambda s: func.coalesce(route(s).c.service, literal("none")), needs="route"
        ),
        "month": _Column(lambda s: r(s).c.received_on, bucket=month_of),
        "quarter": _Column(lambda s: r(s).c.received_on, bucket=quarter_of),
    }


async def referral_counts(
    *,
    session: AsyncSession,
    slot: Slot,
    period: Period,
    group_by: list[str],
    area: str | None = None,
) -> Counter[tuple[str, ...]]:
    """Referrals received in the period per combination of the group-by values.

    Under a multi-valued dimension a referral counts once per distinct value."""
    columns = _columns()
    chosen = [columns[d] for d in group_by]
    r = Referral.table(slot)
    source = r
    needs = {c.needs for c in chosen if c.needs}
    if "risk" in needs:
        risk = RiskAssessment.table(slot)
        source = source.outerjoin(risk, risk.c.referral_id == r.c.referral_id)
    if "status" in needs:
        status = ReferralStatus.table(slot)
        source = source.outerjoin(status, status.c.referral_id == r.c.referral_id)
    if "route" in needs:
        route = Route.table(slot)
        source = source.outerjoin(route, route.c.referral_id == r.c.referral_id)
    expressions = [c.expression(slot) for c in chosen]
    counted = func.count(func.distinct(r.c.referral_id)) if "route" in needs else func.count()
    statement = (
        select(*expressions, counted)
        .select_from(source)
        .where(r.c.received_on.between(period.start, period.end))
        .group_by(*expressions)
    )
    if area is not None:
        statement = statement.where(r.c.area == area)
    counts: Counter[tuple[str, ...]] = Counter()
    for *values, count in (await session.execute(statement)).all():
        key = tuple(
            column.bucket(value) if column.bucket else _text(value)
            for column, value in zip(chosen, values, strict=True)
        )
        counts[key] += int(count)
    return counts


def _text(value: object) -> str:
    return str(value)


async def total_referrals(
    *, session: AsyncSession, slot: Slot, period: Period, area: str | None = None
) -> int:
    r = Referral.table(slot)
    statement = select(func.count()).where(r.c.received_on.between(period.start, period.end))
    if area is not None:
        statement = statement.where(r.c.area == area)
    return int(await session.scalar(statement) or 0)


def referral_table(
    *, total: int, counts: Counter[tuple[str, ...]], depth: int, threshold: int
) -> FigureTable:
    """Cells: the total, each first-level group, each second-level group; related."""
    table = FigureTable(threshold)
    table.add(("total",), total)
    if depth == 0:
        table.solve()
        return table
    first = Counter[str]()
    for key, count in counts.items():
        first[key[0]] += count
    for value, count in first.items():
        table.add(("g", value), count)
    table.relate(("total",), [("g", v) for v in first])
    if depth == 2:
        children: dict[str, list[tuple]] = {}
        for key, count in counts.items():
            cell = table.add(("g2", key[0], key[1]), count)
            children.setdefault(key[0], []).append(cell)
        for value, cells in children.items():
            table.relate(("g", value), cells)
    table.solve()
    return table


async def referral_stats(
    *,
    session: AsyncSession,
    slot: Slot,
    period: Period,
    group_by: list[str],
    threshold: int,
    area: str | None = None,
) -> dict:
    previous_period = period.previous_year()
    totals = {}
    tables = {}
    for name, p in (("now", period), ("before", previous_period)):
        total = await total_referrals(session=session, slot=slot, period=p, area=area)
        counts = (
            await referral_counts(
                session=session, slot=slot, period=p, group_by=group_by, area=area
            )
            if group_by
            else Counter()
        )
        if name == "before" and group_by and group_by[0] in TIME_DIMENSIONS:
            counts = Counter(
                {(year_later(k[0], group_by[0]), *k[1:]): v for k, v in counts.items()}
            )
        totals[name] = (total, counts)
        tables[name] = referral_table(
            total=total, counts=counts, depth=len(group_by), threshold=threshold
        )
    now, before = tables["now"], tables["before"]
    referrals = now.show(("total",))
    previous = before.show(("total",))
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
    if not group_by:
        return result
    now_counts = totals["now"][1]
    before_counts = totals["before"][1]
    first_values = sorted({k[0] for k in now_counts} | {k[0] for k in before_counts})
    groups = {}
    for value in first_values:
        groups[value] = _group(now, before, ("g", value), ("total",))
        if len(group_by) == 2:
            second = sorted(
                {k[1] for k in now_counts if k[0] == value}
                | {k[1] for k in before_counts if k[0] == value}
            )
            groups[value]["groups"] = {
                v2: _group(now, before, ("g2", value, v2), ("g", value)) for v2 in second
            }
    result["groups"] = groups
    return result


def _group(now: FigureTable, before: FigureTable, key: tuple, parent: tuple) -> dict:
    count = now.show(key) if key in now.cells else 0
    previous = before.show(key) if key in before.cells else 0
    return {
        "count": count,
        "share_pct": now.share_pct(key, parent) if key in now.cells else None,
        "previous_year_count": previous,
        "change_pct": change_pct(count, previous),
    }
