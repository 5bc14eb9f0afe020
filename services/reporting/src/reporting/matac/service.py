"""MATAC figures: nominations, interventions, and the change in RFGV scores."""

from collections import defaultdict
from collections.abc import Callable, Hashable
from datetime import date

from sqlalchemy import Column, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting import grid
from reporting.matac.models import Intervention, Nomination, Score
from reporting.periods import Period
from reporting.protection import Population, share_pct
from reporting.read_models import Slot

INTERVENTION_KINDS = ("support", "prevention", "diversion", "disruption", "enforcement")


async def matac_stats(
    *, session: AsyncSession, slot: Slot, period: Period, marac_areas: list[str], threshold: int
) -> dict:
    start, end = grid.span(period)
    n = Nomination.table(slot)
    nominations = await _counted(
        session,
        n.c.nominated_on,
        n.c.marac_area,
        n.c.serial_perpetrator,
        "serial",
        start=start,
        end=end,
        threshold=threshold,
        read=bool,
    )
    i = Intervention.table(slot)
    interventions = await _counted(
        session,
        i.c.started_on,
        i.c.marac_area,
        i.c.kind,
        "kind",
        start=start,
        end=end,
        threshold=threshold,
        read=str,
    )
    # Subjects whose last exit score falls in the span, against their first entry score.
    s = Score.table(slot)
    scores: dict = defaultdict(dict)
    rows = (
        await session.execute(
            select(s.c.nomination_id, s.c.stage, s.c.score, s.c.scored_on, s.c.marac_area).where(
                s.c.stage.in_(("entry", "exit"))
            )
        )
    ).all()
    for nomination_id, stage, score, scored_on, area in rows:
        kept = scores[nomination_id].get(stage)
        # the first entry score and the last exit score
        if kept is None or (stage == "entry") == (scored_on < kept[1]):
            scores[nomination_id][stage] = (score, scored_on, area)
    exits = grid.population(threshold)
    exited = []
    for v in scores.values():
        if "entry" in v and "exit" in v and start <= v["exit"][1] <= end:
            entry, exit_ = v["entry"][0], v["exit"][0]
            cell = (grid.month_of(v["exit"][1]), v["exit"][2])
            exits.add(cell, characteristics={"reduced": exit_ < entry})
            if period.contains(v["exit"][1]):
                exited.append((entry, exit_))

    seen = set((await session.execute(select(n.c.marac_area).distinct())).scalars())
    areas = list(marac_areas) + sorted(seen - set(marac_areas))
    named, acted, left = nominations.protect(), interventions.protect(), exits.protect()
    now = grid.within(period)
    total = named.count(now)
    exits_shown = left.count(now)
    reduced = left.count(now, "reduced", lambda value: value is True)
    enough = isinstance(exits_shown, int) and exits_shown >= threshold and exited
    return {
        "period": period.as_dict(),
        "nominations": total,
        "serial_perpetrators": named.count(now, "serial", lambda value: value is True),
        "by_area": {
            a: {
                "count": (count := named.count(grid.within(period, area=a))),
                "share_pct": share_pct(count, total),
            }
            for a in areas
        },
        "interventions": {
            k: acted.count(now, "kind", lambda value, k=k: value == k) for k in INTERVENTION_KINDS
        },
        "exits": exits_shown,
        "exits_with_lower_score": reduced,
        "exits_with_lower_score_pct": share_pct(reduced, exits_shown),
        "mean_entry_score": round(sum(e for e, _ in exited) / len(exited), 1) if enough else None,
        "mean_exit_score": round(sum(x for _, x in exited) / len(exited), 1) if enough else None,
        "threshold": threshold,
    }


async def _counted(
    session: AsyncSession,
    day: Column,
    area: Column,
    value: Column,
    characteristic: str,
    *,
    start: date,
    end: date,
    threshold: int,
    read: Callable[[object], Hashable],
) -> Population:
    """Records of one table from `start` to `end` in (month, area) cells, with one
    characteristic."""
    population = grid.population(threshold)
    rows = await session.execute(
        select(area, day, value, func.count())
        .where(day.between(start, end))
        .group_by(area, day, value)
    )
    for where, on, stored, count in rows.all():
        population.add(
            (grid.month_of(on), where), characteristics={characteristic: read(stored)}, n=int(count)
        )
    return population
