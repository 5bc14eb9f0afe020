"""Prevention and Early Identification Fund figures for a financial year: bids and awards
by priority, area and activity type, spend against budget, monitoring returns, outputs
and outcomes by priority, and the serious violence measures.

Awards are made to organisations, not people: money and counts of bids, grants and
returns are published as they are. Outputs that count people (participants, people
trained, referrals made) are protected as small numbers (`protection`), by age band
too; counts of things (sessions, weapons surrendered, venues, a campaign's reach) are
published as they are.

A return is overdue when its due date (fixed when the grant's schedule was made) is
before today, the partnership's date, and no submission of it has been heard of.

Every priority and activity type named has a title: the one its latest round opening
carried (the year's rounds first), or the code made readable where no round's opening
carried one (events published before titles travelled).
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.contracts.equality import AgeBand
from csp_common.contracts.svd_fund import OutputMeasure
from reporting import grid
from reporting.figures import Kind
from reporting.periods import financial_year, parse_fy
from reporting.protection import Population, rate_pct
from reporting.read_models import Slot
from reporting.svd_fund.models import (
    PARTNERSHIP,
    AreaMeasures,
    Award,
    AwardTag,
    Bid,
    BidTag,
    Comparator,
    Measures,
    Payment,
    Return,
    ReturnApproval,
    ReturnOutcome,
    ReturnOutput,
    Round,
    RoundPriority,
    RoundTitle,
    ScheduledReturn,
)

MEASURES: tuple[str, ...] = OutputMeasure.__args__  # type: ignore[attr-defined]
PEOPLE = ("participants", "people_trained", "referrals_made")
AGE_BANDS = [band.value for band in AgeBand]
TAG_KINDS = ("priority", "area", "activity_type")
TITLED_KINDS = ("priority", "activity_type")


def readable(code: str) -> str:
    """A code as words, where no title is known: 'children-young-people' reads
    'Children young people'."""
    return code.replace("_", " ").replace("-", " ").capitalize()


async def _titles(
    session: AsyncSession, slot: Slot, round_ids: set, named: dict[str, Iterable[str]]
) -> dict[str, dict[str, str]]:
    """kind -> code -> title of each code `named`. The latest opening's title wins, a
    round of the year over any other."""
    rows = sorted(
        await _rows(session, RoundTitle, slot),
        key=lambda r: (r.round_id in round_ids, r.event_time),
    )
    known: dict[str, dict[str, str]] = {kind: {} for kind in TITLED_KINDS}
    for row in rows:
        if row.kind in known:
            known[row.kind][row.code] = row.title
    return {
        kind: {code: known[kind].get(code) or readable(code) for code in sorted(set(named[kind]))}
        for kind in TITLED_KINDS
    }


async def _rows(session: AsyncSession, model, slot: Slot) -> list:  # type: ignore[no-untyped-def]
    return list((await session.execute(select(model.table(slot)))).all())


def _tags(rows: Iterable, owner: str, chosen: set) -> dict[str, dict[object, list[str]]]:
    """kind -> owner id -> codes, for the owners chosen."""
    tags: dict[str, dict[object, list[str]]] = {kind: defaultdict(list) for kind in TAG_KINDS}
    for row in rows:
        key = getattr(row, owner)
        if key in chosen and row.kind in tags:
            tags[row.kind][key].append(row.code)
    for by_owner in tags.values():
        for codes in by_owner.values():
            codes.sort()
    return tags


def _money(budget: int, awarded: int, paid: int) -> dict:
    return {
        "budget_pence": budget,
        "awarded_pence": awarded,
        "paid_pence": paid,
        "unawarded_pence": budget - awarded,
        "awarded_percent": rate_pct(awarded, budget),
    }


async def svd_stats(
    *, session: AsyncSession, slot: Slot, year: str, threshold: int, today: date
) -> dict:
    """The fund's rounds opened in the financial year `year` (`2023-24`), and the latest
    measures published for a year not after it. `today`: the partnership's date, which
    decides the returns overdue."""
    rounds = [r for r in await _rows(session, Round, slot) if r.year == year]
    round_ids = {r.round_id for r in rounds}
    bids = [b for b in await _rows(session, Bid, slot) if b.round_id in round_ids]
    awards = [a for a in await _rows(session, Award, slot) if a.round_id in round_ids]
    payments = [p for p in await _rows(session, Payment, slot) if p.round_id in round_ids]
    bid_tags = _tags(await _rows(session, BidTag, slot), "bid_id", {b.bid_id for b in bids})
    grant_tags = _tags(
        await _rows(session, AwardTag, slot), "grant_id", {a.grant_id for a in awards}
    )
    paid_by_grant: dict[object, int] = defaultdict(int)
    for payment in payments:
        paid_by_grant[payment.grant_id] += payment.amount_pence

    def breakdown(kind: str, named: Iterable[str] = ()) -> dict[str, dict[str, int]]:
        """`named`: codes listed even with no bid (the priorities the rounds fund)."""
        figures = ("bids", "requested_pence", "awards", "awarded_pence", "paid_pence")
        out: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(figures, 0))
        for code in named:
            out[code] = dict.fromkeys(figures, 0)
        for bid in bids:
            if bid.outcome == "submitted":
                for code in bid_tags[kind].get(bid.bid_id, []):
                    out[code]["bids"] += 1
                    out[code]["requested_pence"] += bid.amount_pence
        for award in awards:
            for code in grant_tags[kind].get(award.grant_id, []):
                out[code]["awards"] += 1
                out[code]["awarded_pence"] += award.amount_pence
                out[code]["paid_pence"] += paid_by_grant[award.grant_id]
        return dict(sorted(out.items()))

    eligible = [b for b in bids if b.outcome == "submitted"]
    funded = {
        r.priority for r in await _rows(session, RoundPriority, slot) if r.round_id in round_ids
    }
    by_priority = breakdown("priority", funded)
    by_activity_type = breakdown("activity_type")
    monitoring = await _monitoring(
        session=session,
        slot=slot,
        round_ids=round_ids,
        grant_tags=grant_tags,
        priorities=list(by_priority),
        threshold=threshold,
        year=year,
        today=today,
    )
    titles = await _titles(
        session,
        slot,
        round_ids,
        {
            "priority": [*by_priority, *monitoring["outcomes_by_priority"]],
            "activity_type": by_activity_type,
        },
    )
    return {
        "year": year,
        "rounds": len(rounds),
        "spend": _money(
            sum(r.budget_pence for r in rounds),
            sum(a.amount_pence for a in awards),
            sum(p.amount_pence for p in payments),
        ),
        "bids": {
            "submitted": len(bids),
            "eligible": len(eligible),
            "ineligible": len(bids) - len(eligible),
            "requested_pence": sum(b.amount_pence for b in eligible),
        },
        "awards": {"grants": len(awards), "awarded_pence": sum(a.amount_pence for a in awards)},
        "by_priority": by_priority,
        "by_area": breakdown("area"),
        "by_activity_type": by_activity_type,
        "titles": titles,
        **monitoring,
        "measures": await _measures(session=session, slot=slot, year=year, threshold=threshold),
        "threshold": threshold,
    }


async def _monitoring(
    *,
    session: AsyncSession,
    slot: Slot,
    round_ids: set,
    grant_tags: dict[str, dict[object, list[str]]],
    priorities: list[str],
    threshold: int,
    year: str,
    today: date,
) -> dict:
    """`priorities`: those the year's eligible bids or grants name."""
    returns = {
        r.return_id: r for r in await _rows(session, Return, slot) if r.round_id in round_ids
    }
    scheduled = [r for r in await _rows(session, ScheduledReturn, slot) if r.round_id in round_ids]
    the_year = financial_year(parse_fy(year))
    approved = {a.return_id for a in await _rows(session, ReturnApproval, slot)} & set(returns)
    outputs = [o for o in await _rows(session, ReturnOutput, slot) if o.return_id in returns]
    outcomes = [o for o in await _rows(session, ReturnOutcome, slot) if o.return_id in returns]
    priorities_of = grant_tags["priority"]
    areas_of = grant_tags["area"]

    def cell(output) -> tuple:  # type: ignore[no-untyped-def]
        """(month, area, priorities): the grant's first area, and its priorities so that
        one protection decides the figures in all and by priority together."""
        grant = returns[output.return_id].grant_id
        areas = areas_of.get(grant) or ["partnership"]
        month = grid.month_of(returns[output.return_id].submitted_on)
        return (month, areas[0], tuple(priorities_of.get(grant, [])))

    protections = {}
    for measure in PEOPLE:
        population = grid.population(threshold)
        for o in outputs:
            if o.measure == measure:
                population.add(cell(o), characteristics={"age_band": o.age_band}, n=o.count)
        protections[measure] = population.protect()

    def people(measure: str, priority: str | None) -> dict:
        """A count of people in the returns (of the priority's grants), protected, with
        its age bands."""
        protection = protections[measure]

        def where(c: tuple) -> bool:
            return priority is None or priority in c[2]

        return {
            "kind": Kind.PEOPLE,
            "total": protection.count(where),
            "age_band": {
                band: protection.count(where, "age_band", lambda stored, b=band: stored == b)
                for band in AGE_BANDS
            },
        }

    def things(measure: str, priority: str | None) -> int:
        return sum(
            o.count
            for o in outputs
            if o.measure == measure
            and (
                priority is None or priority in priorities_of.get(returns[o.return_id].grant_id, [])
            )
        )

    def measured(priority: str | None) -> dict:
        return {
            m: people(m, priority)
            if m in PEOPLE
            else {"kind": Kind.AGENCIES, "total": things(m, priority)}
            for m in MEASURES
        }

    by_kind: dict[str, int] = defaultdict(int)
    for r in returns.values():
        by_kind[r.kind] += 1
    late = sum(1 for r in returns.values() if r.late)
    return {
        "returns": {
            "submitted": len(returns),
            "on_time": len(returns) - late,
            "late": late,
            "approved": len(approved),
            "awaiting_approval": len(returns) - len(approved),
            "by_kind": {k: by_kind[k] for k in ("quarterly", "evaluation")},
            "scheduled": len(scheduled),
            "due_in_year": sum(1 for r in scheduled if the_year.start <= r.due_on <= the_year.end),
            "overdue": sum(1 for r in scheduled if r.due_on < today and r.return_id not in returns),
        },
        "outputs": measured(None),
        "outputs_by_priority": {p: measured(p) for p in priorities},
        "outcomes_by_priority": {
            p: sum(1 for o in outcomes if o.priority == p)
            for p in sorted({o.priority for o in outcomes} | set(priorities))
        },
    }


def _protected_measures(by_area: dict[str, dict], threshold: int) -> None:
    """The offences counted in the measures are cases: the areas' counts are protected
    together (so that none is the partnership's less the others'), the partnership's on
    its own; a rate or share of a count not shown is not shown either."""
    for measure, derived in (
        ("violence_with_injury", "violence_with_injury_per_1000"),
        ("knife_involved", "knife_share_percent"),
    ):
        areas = Population(threshold=threshold, chain=(lambda c: "all", lambda c: "all"))
        whole = Population(threshold=threshold, chain=(lambda c: "all", lambda c: "all"))
        for area, figures in by_area.items():
            (whole if area == PARTNERSHIP else areas).add((area,), n=int(figures[measure]))
        shown = {PARTNERSHIP: whole.protect()}
        protected = areas.protect()
        for area, figures in by_area.items():
            protection = shown.get(area, protected)
            figures[measure] = protection.count(lambda c, area=area: c == (area,))
            if not isinstance(figures[measure], int):
                figures[derived] = None
        for figures in by_area.values():
            if not isinstance(figures["violence_with_injury"], int):
                figures["knife_share_percent"] = None


async def _measures(*, session: AsyncSession, slot: Slot, year: str, threshold: int) -> dict | None:
    published = [m for m in await _rows(session, Measures, slot) if m.year <= year]
    if not published:
        return None
    latest = max(published, key=lambda m: m.year)
    areas = [
        a
        for a in await _rows(session, AreaMeasures, slot)
        if a.year == latest.year and a.event_time == latest.event_time
    ]
    figures = [
        "population",
        "violence_with_injury",
        "violence_with_injury_per_1000",
        "knife_involved",
        "knife_share_percent",
        "crime_severity_score",
    ]
    by_area = {a.area: {f: getattr(a, f) for f in figures} for a in areas}
    _protected_measures(by_area, threshold)
    return {
        "year": latest.year,
        "published_on": latest.published_on,
        "weights_edition": latest.weights_edition,
        "partnership": by_area.pop(PARTNERSHIP, None),
        "areas": dict(sorted(by_area.items())),
        "comparators": [
            {"measure": c.measure, "geography": c.geography, "value": c.value}
            for c in await _rows(session, Comparator, slot)
            if c.year == latest.year and c.event_time == latest.event_time
        ],
    }
