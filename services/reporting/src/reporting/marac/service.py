"""MARAC figures: cases heard by area, year on year, repeat and referral measures.

Keyword-only functions taking a session; they read, never write.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Integer, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.marac.models import ActionAgreed, ActionDone, CaseHearing
from reporting.periods import Period
from reporting.read_models import Slot
from reporting.suppression import FigureTable, change_pct

EQUALITY_MEASURES = (
    "victim_minoritised",
    "victim_lgbt",
    "victim_disabled",
    "victim_male",
    "victim_16_17",
    "perpetrator_under_18",
)


@dataclass
class HearingTotals:
    """What was heard in one MARAC area in a period (raw counts, not yet suppressed)."""

    cases: int = 0
    repeat: int = 0
    police: int = 0
    partner: int = 0
    children: int = 0
    equality: dict[str, int] = field(default_factory=lambda: dict.fromkeys(EQUALITY_MEASURES, 0))
    by_agency: dict[str, int] = field(default_factory=dict)

    def add(self, other: "HearingTotals") -> None:
        self.cases += other.cases
        self.repeat += other.repeat
        self.police += other.police
        self.partner += other.partner
        self.children += other.children
        for measure, value in other.equality.items():
            self.equality[measure] = self.equality.get(measure, 0) + value
        for agency, value in other.by_agency.items():
            self.by_agency[agency] = self.by_agency.get(agency, 0) + value


def _sum_flag(column) -> object:
    return func.coalesce(func.sum(case((column, 1), else_=0)), 0).cast(Integer)


async def hearings_by_area(
    *, session: AsyncSession, slot: Slot, period: Period
) -> dict[str, HearingTotals]:
    """Cases heard in the period, by MARAC area."""
    t = CaseHearing.table(slot)
    in_period = t.c.heard_on.between(period.start, period.end)
    statement = (
        select(
            t.c.marac_area,
            func.count().label("cases"),
            _sum_flag(t.c.repeat).label("repeat"),
            _sum_flag(t.c.referrer_kind == "police").label("police"),
            _sum_flag(t.c.referrer_kind == "partner").label("partner"),
            func.coalesce(func.sum(t.c.children_in_household), 0).label("children"),
            *[_sum_flag(t.c[m]).label(m) for m in EQUALITY_MEASURES],
        )
        .where(in_period)
        .group_by(t.c.marac_area)
    )
    result: dict[str, HearingTotals] = {}
    for row in (await session.execute(statement)).mappings():
        result[row["marac_area"]] = HearingTotals(
            cases=row["cases"],
            repeat=row["repeat"],
            police=row["police"],
            partner=row["partner"],
            children=int(row["children"]),
            equality={m: row[m] for m in EQUALITY_MEASURES},
        )
    agencies = (
        select(t.c.marac_area, t.c.referring_agency, func.count())
        .where(in_period)
        .group_by(t.c.marac_area, t.c.referring_agency)
    )
    for area, agency, count in (await session.execute(agencies)).all():
        result[area].by_agency[agency] = count
    return result


def ordered_areas(configured: Iterable[str], seen: Iterable[str]) -> list[str]:
    """The configured MARAC areas in their order, then any other area the events named."""
    configured = list(configured)
    return configured + sorted(set(seen) - set(configured))


def case_table(
    *, by_area: dict[str, HearingTotals], areas: list[str], threshold: int
) -> FigureTable:
    """Cases and repeat cases, in total and by area, with their relations."""
    table = FigureTable(threshold)
    total = HearingTotals()
    for area in areas:
        total.add(by_area.get(area, HearingTotals()))
    table.add("cases", total.cases)
    table.add("repeat", total.repeat)
    table.subset("cases", "repeat")
    for area in areas:
        figures = by_area.get(area, HearingTotals())
        table.add(("cases", area), figures.cases)
        table.add(("repeat", area), figures.repeat)
        table.subset(("cases", area), ("repeat", area))
    table.relate("cases", [("cases", area) for area in areas])
    table.relate("repeat", [("repeat", area) for area in areas])
    table.solve()
    return table


async def marac_stats(
    *,
    session: AsyncSession,
    slot: Slot,
    period: Period,
    marac_areas: list[str],
    threshold: int,
) -> dict:
    """Cases heard in a period, year on year, with each area's share and the repeat rate."""
    previous_period = period.previous_year()
    current = await hearings_by_area(session=session, slot=slot, period=period)
    previous = await hearings_by_area(session=session, slot=slot, period=previous_period)
    areas = ordered_areas(marac_areas, [*current, *previous])
    now = case_table(by_area=current, areas=areas, threshold=threshold)
    before = case_table(by_area=previous, areas=areas, threshold=threshold)
    by_area = {}
    for area in areas:
        cases = now.show(("cases", area))
        previous_cases = before.show(("cases", area))
        by_area[area] = {
            "cases": cases,
            "share_pct": now.share_pct(("cases", area), "cases"),
            "previous_year_cases": previous_cases,
            "change_pct": change_pct(cases, previous_cases),
            "repeat_pct": now.share_pct(("repeat", area), ("cases", area)),
        }
    cases = now.show("cases")
    previous_cases = before.show("cases")
    return {
        "period": period.as_dict(),
        "previous_period": previous_period.as_dict(),
        "cases": cases,
        "previous_year_cases": previous_cases,
        "change_pct": change_pct(cases, previous_cases),
        "repeat_cases": now.show("repeat"),
        "repeat_pct": now.share_pct("repeat", "cases"),
        "by_area": by_area,
        "threshold": threshold,
    }


async def actions_by_agency(
    *, session: AsyncSession, slot: Slot, period: Period, today: date
) -> dict[str, dict[str, int]]:
    """Actions due in the period, by owner agency: done, how, and still open past due."""
    agreed = ActionAgreed.table(slot)
    done = ActionDone.table(slot)
    statement = (
        select(agreed.c.owner_agency, done.c.outcome, agreed.c.due_on, done.c.completed_on)
        .select_from(agreed.outerjoin(done, done.c.action_id == agreed.c.action_id))
        .where(agreed.c.due_on.between(period.start, period.end))
    )
    result: dict[str, dict[str, int]] = {}
    for agency, outcome, due_on, completed_on in (await session.execute(statement)).all():
        figures = result.setdefault(
            agency,
            {
                "due": 0,
                "completed": 0,
                "completed_on_time": 0,
                "circumstances_changed": 0,
                "agency_did_not_act": 0,
                "open": 0,
                "overdue": 0,
            },
        )
        figures["due"] += 1
        if outcome is None:
            figures["open"] += 1
            if due_on < today:
                figures["overdue"] += 1
        else:
            figures[outcome] += 1
            if outcome == "completed" and completed_on <= due_on:
                figures["completed_on_time"] += 1
    return result
