"""Hate crime figures: crimes in a period against a year before, strands, hours, areas.

Non-crime hate incidents are counted apart and never added to crime figures.
"""

from sqlalchemy import Integer, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.hate_crime.models import STRANDS, HateReport
from reporting.periods import Period
from reporting.read_models import Slot
from reporting.suppression import FigureTable, change_pct

HOUR_BANDS = tuple((start, start + 4) for start in range(0, 24, 4))


def band_label(start: int, end: int) -> str:
    return f"{start:02d}:00-{end:02d}:00"


def _flag_sum(column) -> object:
    return func.coalesce(func.sum(case((column, 1), else_=0)), 0).cast(Integer)


async def hate_counts(
    *, session: AsyncSession, slot: Slot, period: Period, area: str | None = None
) -> dict:
    """Raw counts of the period (not suppressed)."""
    t = HateReport.table(slot)
    where = [t.c.occurred_on.between(period.start, period.end)]
    if area is not None:
        where.append(t.c.area == area)
    crimes = [*where, t.c.kind == "crime"]
    totals = (
        (
            await session.execute(
                select(
                    func.count().label("crimes"),
                    _flag_sum(t.c.against_officer).label("against_officers"),
                    *[_flag_sum(t.c[f"strand_{s}"]).label(s) for s in STRANDS],
                ).where(*crimes)
            )
        )
        .mappings()
        .one()
    )
    incidents = await session.scalar(
        select(func.count()).where(*where, t.c.kind == "non_crime_incident")
    )
    hours = dict(
        (
            await session.execute(
                select(t.c.occurred_hour, func.count()).where(*crimes).group_by(t.c.occurred_hour)
            )
        )
        .tuples()
        .all()
    )
    areas = dict(
        (await session.execute(select(t.c.area, func.count()).where(*crimes).group_by(t.c.area)))
        .tuples()
        .all()
    )
    return {
        "crimes": totals["crimes"],
        "against_officers": totals["against_officers"],
        "strands": {s: totals[s] for s in STRANDS},
        "hours": {h: int(hours.get(h, 0)) for h in range(24)},
        "areas": {a: int(n) for a, n in areas.items()},
        "non_crime_incidents": int(incidents or 0),
    }


def hate_table(counts: dict, *, areas: list[str], threshold: int) -> FigureTable:
    table = FigureTable(threshold)
    table.add("crimes", counts["crimes"])
    table.add("officers", counts["against_officers"])
    table.subset("crimes", "officers")
    for strand, value in counts["strands"].items():
        table.add(("strand", strand), value)
    # A crime can carry several strands, so they need not add up to the crimes; treating
    # them as if they did only ever suppresses more.
    table.relate("crimes", [("strand", s) for s in counts["strands"]])
    for hour, value in counts["hours"].items():
        table.add(("hour", hour), value)
    for start, end in HOUR_BANDS:
        band = ("band", start)
        table.add(band, sum(counts["hours"][h] for h in range(start, end)))
        table.relate(band, [("hour", h) for h in range(start, end)])
    table.relate("crimes", [("band", start) for start, _ in HOUR_BANDS])
    for area in areas:
        table.add(("area", area), counts["areas"].get(area, 0))
    table.relate("crimes", [("area", a) for a in areas])
    table.add("incidents", counts["non_crime_incidents"])
    table.solve()
    return table


async def hate_crime_stats(
    *,
    session: AsyncSession,
    slot: Slot,
    period: Period,
    areas: list[str],
    threshold: int,
    area: str | None = None,
) -> dict:
    previous_period = period.previous_year()
    now_counts = await hate_counts(session=session, slot=slot, period=period, area=area)
    before_counts = await hate_counts(session=session, slot=slot, period=previous_period, area=area)
    if area is not None:
        shown_areas = [area]
    else:
        seen = set(now_counts["areas"]) | set(before_counts["areas"])
        shown_areas = list(areas) + sorted(seen - set(areas))
    now = hate_table(now_counts, areas=shown_areas, threshold=threshold)
    before = hate_table(before_counts, areas=shown_areas, threshold=threshold)
    crimes = now.show("crimes")
    previous_crimes = before.show("crimes")
    incidents = now.show("incidents")
    previous_incidents = before.show("incidents")
    return {
        "period": period.as_dict(),
        "previous_period": previous_period.as_dict(),
        "area": area,
        "crimes": crimes,
        "previous_year_crimes": previous_crimes,
        "change_pct": change_pct(crimes, previous_crimes),
        "against_officers": now.show("officers"),
        "previous_year_against_officers": before.show("officers"),
        "by_strand": {
            s: {
                "count": now.show(("strand", s)),
                "share_pct": now.share_pct(("strand", s), "crimes"),
            }
            for s in STRANDS
        },
        "by_hour": {str(h): now.show(("hour", h)) for h in range(24)},
        "by_hour_band": {
            band_label(start, end): now.show(("band", start)) for start, end in HOUR_BANDS
        },
        "by_area": {
            a: {"count": now.show(("area", a)), "share_pct": now.share_pct(("area", a), "crimes")}
            for a in shown_areas
        },
        "non_crime_incidents": incidents,
        "previous_year_non_crime_incidents": previous_incidents,
        "threshold": threshold,
    }
