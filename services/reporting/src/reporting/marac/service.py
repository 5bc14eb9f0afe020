"""MARAC figures: cases heard by area, year on year, repeat and referral measures.

Keyword-only functions taking a session; they read, never write. The cases heard of
whole financial years are protected together (`protection`), for these figures and
for the SafeLives return alike.
"""

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting import grid
from reporting.marac.models import ActionAgreed, ActionDone, CaseHearing
from reporting.periods import Period
from reporting.protection import Protection, Shown, change_pct, share_pct
from reporting.read_models import Slot

EQUALITY_MEASURES = (
    "victim_minoritised",
    "victim_lgbt",
    "victim_disabled",
    "victim_male",
    "victim_16_17",
    "perpetrator_under_18",
)


AGENCY = "agency"
"""The referring agency and its kind (police or partner) are one characteristic: either
can be worked out from the other."""


async def hearing_population(
    *, session: AsyncSession, slot: Slot, start: date, end: date, threshold: int
) -> Protection:
    """The cases heard from `start` to `end` (whole financial years), protected: the
    MARAC figures and the SafeLives return publish the same blocks."""
    t = CaseHearing.table(slot)
    columns = [
        t.c.heard_on,
        t.c.marac_area,
        t.c.repeat,
        t.c.referring_agency,
        t.c.referrer_kind,
        *[t.c[m] for m in EQUALITY_MEASURES],
    ]
    statement = (
        select(*columns, func.count(), func.coalesce(func.sum(t.c.children_in_household), 0))
        .where(t.c.heard_on.between(start, end))
        .group_by(*columns)
    )
    population = grid.population(threshold)
    for row in (await session.execute(statement)).all():
        heard_on, area, repeat, agency, kind, *flags, n, children = row
        population.add(
            (grid.month_of(heard_on), area),
            characteristics={
                "repeat": bool(repeat),
                AGENCY: (agency, kind),
                **{m: bool(v) for m, v in zip(EQUALITY_MEASURES, flags, strict=True)},
            },
            measures={"children": int(children)},
            n=int(n),
        )
    return population.protect()


def ordered_areas(configured: Iterable[str], seen: Iterable[str]) -> list[str]:
    """The configured MARAC areas in their order, then any other area the events named."""
    configured = list(configured)
    return configured + sorted(set(seen) - set(configured))


async def seen_marac_areas(*, session: AsyncSession, slot: Slot) -> set[str]:
    t = CaseHearing.table(slot)
    return set((await session.execute(select(t.c.marac_area).distinct())).scalars())


def flagged(protection: Protection, where, characteristic: str) -> Shown:
    """Cases with a flag set (repeat, an equality measure)."""
    return protection.count(where, characteristic, lambda value: value is True)


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
    start, end = grid.span(period, previous_period)
    protection = await hearing_population(
        session=session, slot=slot, start=start, end=end, threshold=threshold
    )
    areas = ordered_areas(marac_areas, await seen_marac_areas(session=session, slot=slot))
    now, before = grid.within(period), grid.within(previous_period)
    cases = protection.count(now)
    previous_cases = protection.count(before)
    repeat = flagged(protection, now, "repeat")
    by_area = {}
    for area in areas:
        here = grid.within(period, area=area)
        area_cases = protection.count(here)
        area_before = protection.count(grid.within(previous_period, area=area))
        by_area[area] = {
            "cases": area_cases,
            "share_pct": share_pct(area_cases, cases),
            "previous_year_cases": area_before,
            "change_pct": change_pct(area_cases, area_before),
            "repeat_pct": share_pct(flagged(protection, here, "repeat"), area_cases),
        }
    return {
        "period": period.as_dict(),
        "previous_period": previous_period.as_dict(),
        "cases": cases,
        "previous_year_cases": previous_cases,
        "change_pct": change_pct(cases, previous_cases),
        "repeat_cases": repeat,
        "repeat_pct": share_pct(repeat, cases),
        "by_area": by_area,
        "threshold": threshold,
    }


ACTION = "action"
"""The agency owning an action and what became of it are one characteristic: an
agency's completed actions are its actions due less the others."""

COMPLETED = frozenset({"completed_on_time", "completed_late"})
STATES = (*sorted(COMPLETED), "circumstances_changed", "agency_did_not_act", "open")


def _state(outcome: str | None, due_on: date, completed_on: date | None) -> str:
    if outcome is None:
        return "open"
    if outcome == "completed":
        return "completed_on_time" if completed_on <= due_on else "completed_late"
    return outcome


async def action_population(
    *, session: AsyncSession, slot: Slot, start: date, end: date, threshold: int
) -> Protection:
    """The actions due from `start` to `end` (whole financial years), in cells of their
    due month and MARAC area, with the owner and what became of each: an action is about
    a case, so its figures are protected like the cases'."""
    agreed = ActionAgreed.table(slot)
    done = ActionDone.table(slot)
    columns = [
        agreed.c.due_on,
        agreed.c.marac_area,
        agreed.c.owner_agency,
        done.c.outcome,
        done.c.completed_on,
    ]
    statement = (
        select(*columns, func.count())
        .select_from(agreed.outerjoin(done, done.c.action_id == agreed.c.action_id))
        .where(agreed.c.due_on.between(start, end))
        .group_by(*columns)
    )
    # A small state is grouped with the agency's other states before anyone else's.
    population = grid.population(threshold, value_steps={ACTION: (lambda value: value[0],)})
    for due_on, area, agency, outcome, completed_on, n in (await session.execute(statement)).all():
        population.add(
            (grid.month_of(due_on), area),
            characteristics={ACTION: (agency, _state(outcome, due_on, completed_on))},
            n=int(n),
        )
    return population.protect()


async def actions_by_agency(
    *,
    session: AsyncSession,
    slot: Slot,
    period: Period,
    today: date,
    agencies: list[str],
    threshold: int,
) -> dict[str, dict[str, Shown | float | None]]:
    """Actions due in the period, by owner agency (the partnership's, then any other
    that owns one): done, how, and still open; overdue once the period has ended."""
    start, end = grid.span(period)
    protection = await action_population(
        session=session, slot=slot, start=start, end=end, threshold=threshold
    )
    now = grid.within(period)
    owners = {agency for (_, (agency, _)) in protection.population.values[ACTION]}
    result: dict[str, dict[str, Shown | float | None]] = {}
    for agency in ordered_areas(agencies, owners):

        def count(states: frozenset[str] | set[str], agency: str = agency) -> Shown:
            return protection.count(
                now, ACTION, lambda value: value[0] == agency and value[1] in states
            )

        due, completed, still_open = count(set(STATES)), count(COMPLETED), count({"open"})
        result[agency] = {
            "due": due,
            "completed": completed,
            "completed_on_time": count({"completed_on_time"}),
            "circumstances_changed": count({"circumstances_changed"}),
            "agency_did_not_act": count({"agency_did_not_act"}),
            "open": still_open,
            "overdue": still_open if period.end < today else None,
            "completed_pct": share_pct(completed, due),
        }
    return result
