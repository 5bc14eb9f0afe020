"""Hate crime figures: crimes in a period against a year before, strands, hours, days
of the week, areas.

Non-crime hate incidents are counted apart and never added to crime figures. A crime's
hour is a characteristic whose values are grouped in four-hour bands first; its day of
the week (of the local day it happened, so a rebuild gives the same) one whose values
are grouped as weekdays and the weekend first; each strand, and being against an
officer, is a characteristic of its own.
"""

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting import grid
from reporting.hate_crime.models import STRANDS, HateReport
from reporting.periods import Period
from reporting.protection import Protection, change_pct, share_pct
from reporting.read_models import Slot

HOUR_BANDS = tuple((start, start + 4) for start in range(0, 24, 4))
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKEND = frozenset({5, 6})


def band_label(start: int, end: int) -> str:
    return f"{start:02d}:00-{end:02d}:00"


async def hate_populations(
    *, session: AsyncSession, slot: Slot, start: date, end: date, threshold: int
) -> tuple[Protection, Protection]:
    """Crimes and, apart, non-crime incidents from `start` to `end` (whole financial
    years), each protected (the two are never added up)."""
    t = HateReport.table(slot)
    columns = [
        t.c.kind,
        t.c.occurred_on,
        t.c.area,
        t.c.occurred_hour,
        t.c.against_officer,
        *[t.c[f"strand_{s}"] for s in STRANDS],
    ]
    statement = (
        select(*columns, func.count()).where(t.c.occurred_on.between(start, end)).group_by(*columns)
    )

    crimes = grid.population(
        threshold,
        value_steps={"hour": [lambda hour: hour // 4], "weekday": [lambda day: day in WEEKEND]},
    )
    incidents = grid.population(threshold)
    for kind, occurred_on, area, hour, officer, *strands, n in (
        await session.execute(statement)
    ).all():
        cell = (grid.month_of(occurred_on), area)
        if kind != "crime":
            incidents.add(cell, n=int(n))
            continue
        crimes.add(
            cell,
            characteristics={
                "officer": bool(officer),
                "hour": int(hour),
                "weekday": occurred_on.weekday(),
                **{s: bool(v) for s, v in zip(STRANDS, strands, strict=True)},
            },
            n=int(n),
        )
    return crimes.protect(), incidents.protect()


async def seen_areas(*, session: AsyncSession, slot: Slot) -> set[str]:
    t = HateReport.table(slot)
    return set((await session.execute(select(t.c.area).distinct())).scalars())


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
    start, end = grid.span(period, previous_period)
    crimes, incidents = await hate_populations(
        session=session, slot=slot, start=start, end=end, threshold=threshold
    )
    if area is not None:
        shown_areas = [area]
    else:
        seen = await seen_areas(session=session, slot=slot)
        shown_areas = list(areas) + sorted(seen - set(areas))
    now = grid.within(period, area=area)
    before = grid.within(previous_period, area=area)

    def where(value: object):
        return lambda stored: stored == value

    total = crimes.count(now)
    previous_total = crimes.count(before)
    strands = {s: crimes.count(now, s, where(True)) for s in STRANDS}
    hours = {h: crimes.count(now, "hour", where(h)) for h in range(24)}
    bands = {
        band_label(first, last): crimes.count(
            now, "hour", lambda hour, first=first, last=last: first <= hour < last
        )
        for first, last in HOUR_BANDS
    }
    weekdays = {
        name: crimes.count(now, "weekday", where(number)) for number, name in enumerate(WEEKDAYS)
    }
    by_area = {}
    for code in shown_areas:
        count = crimes.count(grid.within(period, area=code))
        by_area[code] = {"count": count, "share_pct": share_pct(count, total)}
    return {
        "period": period.as_dict(),
        "previous_period": previous_period.as_dict(),
        "area": area,
        "crimes": total,
        "previous_year_crimes": previous_total,
        "change_pct": change_pct(total, previous_total),
        "against_officers": crimes.count(now, "officer", where(True)),
        "previous_year_against_officers": crimes.count(before, "officer", where(True)),
        "by_strand": {
            s: {"count": strands[s], "share_pct": share_pct(strands[s], total)} for s in STRANDS
        },
        "by_hour": {str(h): hours[h] for h in range(24)},
        "by_hour_band": bands,
        "by_weekday": weekdays,
        "weekdays_vs_weekend": {
            "weekdays": crimes.count(now, "weekday", lambda day: day not in WEEKEND),
            "weekend": crimes.count(now, "weekday", lambda day: day in WEEKEND),
        },
        "by_area": by_area,
        "non_crime_incidents": incidents.count(now),
        "previous_year_non_crime_incidents": incidents.count(before),
        "threshold": threshold,
    }
