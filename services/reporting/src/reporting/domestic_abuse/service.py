"""Police-recorded domestic abuse crimes by financial year and area, from the serious
violence measures svd-fund published (the same aggregate crime import, flagged): each
year's latest publication.

The crimes are counted in cells (year, area), protected as small numbers: a small area
is merged with the year's others, and a year still small shows nothing. An area with no
domestic abuse crime in any year shown was not imported (the partnership's table may
leave an area out, as the seed's leaves York) and is not listed.
"""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.protection import Population, change_pct
from reporting.read_models import Slot
from reporting.svd_fund.models import PARTNERSHIP, AreaMeasures, Measures


async def published_years(*, session: AsyncSession, slot: Slot, up_to: str) -> dict:
    """Year -> (event time of its latest publication, published on), for the years not
    after `up_to` whose publication carries domestic abuse crimes."""
    measures = Measures.table(slot)
    areas = AreaMeasures.table(slot)
    latest = {
        row.year: (row.event_time, row.published_on)
        for row in (
            await session.execute(
                select(measures.c.year, measures.c.event_time, measures.c.published_on).where(
                    measures.c.year <= up_to
                )
            )
        ).all()
    }
    flagged = {
        (row.year, row.event_time)
        for row in (
            await session.execute(
                select(areas.c.year, areas.c.event_time)
                .where(areas.c.year <= up_to, areas.c.domestic_abuse_crimes.is_not(None))
                .distinct()
            )
        ).all()
    }
    return {year: value for year, value in latest.items() if (year, value[0]) in flagged}


async def domestic_abuse_crimes(
    *,
    session: AsyncSession,
    slot: Slot,
    year: str,
    years: int,
    area_order: list[str],
    threshold: int,
) -> dict:
    published = await published_years(session=session, slot=slot, up_to=year)
    chosen = sorted(published)[-years:]
    t = AreaMeasures.table(slot)
    rows = (
        await session.execute(
            select(t.c.year, t.c.area, t.c.event_time, t.c.domestic_abuse_crimes).where(
                t.c.year.in_(chosen), t.c.area != PARTNERSHIP
            )
        )
    ).all()
    population = Population(threshold=threshold, chain=(lambda c: c[0], lambda c: c[0]))
    seen: set[str] = set()
    for row in rows:
        if row.event_time != published[row.year][0] or not row.domestic_abuse_crimes:
            continue
        population.add((row.year, row.area), n=int(row.domestic_abuse_crimes))
        seen.add(row.area)
    protection = population.protect()
    listed = [a for a in area_order if a in seen] + sorted(seen - set(area_order))
    by_area = {
        area: {y: protection.count(lambda c, y=y, area=area: c == (y, area)) for y in chosen}
        for area in listed
    }
    total = {y: protection.count(lambda c, y=y: c[0] == y) for y in chosen}

    def change(counts: dict) -> float | None:
        return change_pct(counts[chosen[-1]], counts[chosen[-2]]) if len(chosen) > 1 else None

    return {
        "year": year,
        "years": chosen,
        "published_on": {y: published[y][1] for y in chosen},
        "areas": by_area,
        "total": total,
        "change_pct": {area: change(counts) for area, counts in by_area.items()},
        "total_change_pct": change(total),
        "threshold": threshold,
    }
