"""MATAC figures: nominations, interventions, and the change in RFGV scores."""

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.matac.models import Intervention, Nomination, Score
from reporting.periods import Period
from reporting.read_models import Slot
from reporting.suppression import FigureTable

INTERVENTION_KINDS = ("support", "prevention", "diversion", "disruption", "enforcement")


async def matac_stats(
    *, session: AsyncSession, slot: Slot, period: Period, marac_areas: list[str], threshold: int
) -> dict:
    n = Nomination.table(slot)
    in_period = n.c.nominated_on.between(period.start, period.end)
    by_area = dict(
        (
            await session.execute(
                select(n.c.marac_area, func.count()).where(in_period).group_by(n.c.marac_area)
            )
        )
        .tuples()
        .all()
    )
    serial = int(
        await session.scalar(select(func.count()).where(in_period, n.c.serial_perpetrator)) or 0
    )
    i = Intervention.table(slot)
    kinds = dict(
        (
            await session.execute(
                select(i.c.kind, func.count())
                .where(i.c.started_on.between(period.start, period.end))
                .group_by(i.c.kind)
            )
        )
        .tuples()
        .all()
    )
    # Subjects whose exit score falls in the period, against their entry score.
    s = Score.table(slot)
    scores: dict = defaultdict(dict)
    rows = (
        await session.execute(
            select(s.c.nomination_id, s.c.stage, s.c.score, s.c.scored_on).where(
                s.c.stage.in_(("entry", "exit"))
            )
        )
    ).all()
    for nomination_id, stage, score, scored_on in rows:
        kept = scores[nomination_id].get(stage)
        # the first entry score and the last exit score
        if kept is None or (stage == "entry") == (scored_on < kept[1]):
            scores[nomination_id][stage] = (score, scored_on)
    exited = [
        (v["entry"][0], v["exit"][0])
        for v in scores.values()
        if "entry" in v and "exit" in v and period.contains(v["exit"][1])
    ]
    reduced = sum(1 for entry, exit_ in exited if exit_ < entry)

    areas = list(marac_areas) + sorted(set(by_area) - set(marac_areas))
    table = FigureTable(threshold)
    table.add("nominations", sum(by_area.values()))
    for area in areas:
        table.add(("area", area), by_area.get(area, 0))
    table.relate("nominations", [("area", a) for a in areas])
    table.add("serial", serial)
    table.subset("nominations", "serial")
    for kind in INTERVENTION_KINDS:
        table.add(("kind", kind), kinds.get(kind, 0))
    table.add("exited", len(exited))
    table.add("reduced", reduced)
    table.subset("exited", "reduced")
    table.solve()
    enough = len(exited) >= threshold
    return {
        "period": period.as_dict(),
        "nominations": table.show("nominations"),
        "serial_perpetrators": table.show("serial"),
        "by_area": {
            a: {
                "count": table.show(("area", a)),
                "share_pct": table.share_pct(("area", a), "nominations"),
            }
            for a in areas
        },
        "interventions": {k: table.show(("kind", k)) for k in INTERVENTION_KINDS},
        "exits": table.show("exited"),
        "exits_with_lower_score": table.show("reduced"),
        "exits_with_lower_score_pct": table.share_pct("reduced", "exited"),
        "mean_entry_score": round(sum(e for e, _ in exited) / len(exited), 1) if enough else None,
        "mean_exit_score": round(sum(x for _, x in exited) / len(exited), 1) if enough else None,
        "threshold": threshold,
    }
