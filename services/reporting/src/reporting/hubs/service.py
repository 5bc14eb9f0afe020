"""Community safety hub figures for a period against the same period a year before:
cases opened and closed by hub and kind, cases about a repeat location or with a
repeat victim, the cases' risk levels, incidents logged, interventions of the statutory
toolkit issued and breached by kind, the outcomes of the cases closed, and the ASB case
review ("community trigger") figures the relevant bodies must publish: applications,
those not meeting the threshold, reviews held and reviews with recommendations.

Every figure is about people or their cases, so each kind of record (cases opened,
cases closed, incidents, interventions, breaches, applications) is a population of its
own, read for whole financial years and protected as small numbers (`protection`). An
application's threshold decision and review are one characteristic of it (a review is
held only where the threshold was met, so either could be worked out from the other).

Periods follow the day things happened: a case opened or closed, an incident, an
intervention issued or breached, an application received (its decision and review
count with it, in the period it was received).
"""

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.partnership import Partnership
from reporting import grid
from reporting.hubs.models import (
    CaseReview,
    HubBreach,
    HubCase,
    HubClosure,
    HubIncident,
    HubIntervention,
    HubRiskAssessment,
    ThresholdDecision,
    TriggerApplication,
)
from reporting.periods import Period
from reporting.protection import Protection, Shown, change_pct, share_pct
from reporting.read_models import Slot

KIND_NAMES = {
    "asb_personal": "Personal anti-social behaviour",
    "asb_nuisance": "Nuisance anti-social behaviour",
    "asb_environmental": "Environmental anti-social behaviour",
}
"""Names of case kinds whose code in words would not do."""
RISK_LEVELS = ("high", "medium", "standard", "not_assessed")
NOT_ASSESSED = "not_assessed"

# An application's stage: where its threshold decision and review have got to.
UNDECIDED = "undecided"
NOT_MET = "threshold_not_met"
MET = "threshold_met"
REVIEWED = "reviewed"
REVIEWED_WITH_RECOMMENDATIONS = "reviewed_with_recommendations"
REVIEWS = {REVIEWED, REVIEWED_WITH_RECOMMENDATIONS}


def name_of(code: str, names: Mapping[str, str]) -> str:
    """A code's name for people: the one given, or the code in words."""
    return names.get(code) or code.replace("_", " ").capitalize()


@dataclass(frozen=True)
class HubCodes:
    """The partnership's hub areas, kinds of case, closing outcomes and interventions (in
    the order of its ladders), in the order the figures list them, and their names. Codes
    the events name that the configuration does not follow, by name."""

    hubs: tuple[str, ...]
    kinds: tuple[str, ...]
    outcomes: tuple[str, ...]
    interventions: tuple[str, ...]
    hub_names: Mapping[str, str]
    intervention_names: Mapping[str, str]

    @classmethod
    def of(cls, partnership: Partnership) -> "HubCodes":
        config = partnership.hubs
        areas = config.areas or partnership.areas
        return cls(
            hubs=tuple(a.code for a in areas),
            kinds=tuple(config.case_kinds),
            outcomes=tuple(config.closing_outcomes),
            interventions=tuple(k.code for k in config.interventions),
            hub_names={a.code: a.name for a in areas},
            intervention_names={k.code: k.name for k in config.interventions},
        )

    def kind_name(self, code: str) -> str:
        return name_of(code, KIND_NAMES)

    def hub_name(self, code: str) -> str:
        return self.hub_names.get(code, code)

    def intervention_name(self, code: str) -> str:
        return name_of(code, self.intervention_names)


def ordered(seen: Iterable[str], preferred: Sequence[str] = ()) -> list[str]:
    """The preferred codes in their order, then the others seen, by name."""
    return list(preferred) + sorted(set(seen) - set(preferred))


async def _distinct(session: AsyncSession, *columns) -> set[str]:  # type: ignore[no-untyped-def]
    found: set[str] = set()
    for column in columns:
        found |= set((await session.execute(select(column).distinct())).scalars())
    return found


def _cell(day: date, hub: str) -> tuple[int, str]:
    return (grid.month_of(day), hub)


async def _counted(
    session: AsyncSession,
    table: Table,
    day: str,
    start: date,
    end: date,
    threshold: int,
    characteristics: Sequence[str] = (),
) -> Protection:
    """The rows of a table whose `day` is from `start` to `end`, in cells (month, hub),
    with the columns named as characteristics, protected."""
    columns = [table.c[day], table.c.hub, *(table.c[c] for c in characteristics)]
    population = grid.population(threshold)
    for row_day, hub, *values in (
        await session.execute(select(*columns).where(table.c[day].between(start, end)))
    ).all():
        population.add(
            _cell(row_day, hub),
            characteristics=dict(zip(characteristics, values, strict=True)),
        )
    return population.protect()


async def _opened(
    session: AsyncSession, slot: Slot, start: date, end: date, threshold: int
) -> Protection:
    """Cases opened, with their kind, their latest risk level and the repeat flags."""
    case = HubCase.table(slot)
    risk = HubRiskAssessment.table(slot)
    latest: dict[object, tuple] = {}
    statement = (
        select(risk.c.case_id, risk.c.sequence, risk.c.event_time, risk.c.level)
        .join(case, case.c.case_id == risk.c.case_id)
        .where(case.c.opened_on.between(start, end))
    )
    for case_id, sequence, event_time, level in (await session.execute(statement)).all():
        order = (sequence, event_time)
        if case_id not in latest or latest[case_id][0] <= order:
            latest[case_id] = (order, level)
    population = grid.population(threshold)
    rows = await session.execute(
        select(
            case.c.case_id,
            case.c.opened_on,
            case.c.hub,
            case.c.kind,
            case.c.repeat_location,
            case.c.repeat_victim,
        ).where(case.c.opened_on.between(start, end))
    )
    for case_id, opened_on, hub, kind, repeat_location, repeat_victim in rows.all():
        population.add(
            _cell(opened_on, hub),
            characteristics={
                "kind": kind,
                "risk": latest[case_id][1] if case_id in latest else NOT_ASSESSED,
                "repeat_location": bool(repeat_location),
                "repeat_victim": bool(repeat_victim),
            },
        )
    return population.protect()


async def _applications(
    session: AsyncSession, slot: Slot, start: date, end: date, threshold: int
) -> Protection:
    """ASB case review applications received, each with its stage as a characteristic.
    An application heard of only through its decision counts from the decision's
    `received_on`."""
    application = TriggerApplication.table(slot)
    decision = ThresholdDecision.table(slot)
    review = CaseReview.table(slot)
    received: dict[object, tuple[date, str]] = {}
    for table in (decision, application):  # the application's own event wins
        for application_id, received_on, hub in (
            await session.execute(
                select(table.c.application_id, table.c.received_on, table.c.hub).where(
                    table.c.received_on.between(start, end)
                )
            )
        ).all():
            received[application_id] = (received_on, hub)
    met = {
        application_id: bool(was_met)
        for application_id, was_met in (
            await session.execute(select(decision.c.application_id, decision.c.met))
        ).all()
        if application_id in received
    }
    recommended: dict[object, bool] = {}
    for application_id, recommendations in (
        await session.execute(select(review.c.application_id, review.c.recommendations))
    ).all():
        if application_id in received:
            recommended[application_id] = recommended.get(application_id, False) or (
                recommendations > 0
            )
    population = grid.population(threshold)
    for application_id, (received_on, hub) in received.items():
        population.add(
            _cell(received_on, hub),
            characteristics={"stage": _stage(met.get(application_id), recommended, application_id)},
        )
    return population.protect()


def _stage(met: bool | None, recommended: dict[object, bool], application_id: object) -> str:
    if application_id in recommended:
        return REVIEWED_WITH_RECOMMENDATIONS if recommended[application_id] else REVIEWED
    if met is None:
        return UNDECIDED
    return MET if met else NOT_MET


class _Compare:
    """Counts of one protected population in the period and the year before, within a
    hub (or all of them)."""

    def __init__(self, protection: Protection, period: Period, hub: str | None) -> None:
        self.protection = protection
        self.now = grid.within(period, area=hub)
        self.before = grid.within(period.previous_year(), area=hub)
        self.period = period

    def at(self, hub: str) -> "_Compare":
        return _Compare(self.protection, self.period, hub)

    def figure(
        self,
        characteristic: str | None = None,
        values: Callable[[Hashable], bool] | None = None,
        of: Shown | None = None,
    ) -> dict:
        count = self.protection.count(self.now, characteristic, values)
        previous = self.protection.count(self.before, characteristic, values)
        figure = {
            "count": count,
            "previous_year_count": previous,
            "change_pct": change_pct(count, previous),
        }
        if of is not None:
            figure["share_pct"] = share_pct(count, of)
        return figure


def _is(value: object) -> Callable[[Hashable], bool]:
    return lambda stored: stored == value


def _among(values: set[str]) -> Callable[[Hashable], bool]:
    return lambda stored: stored in values


async def hub_stats(
    *,
    session: AsyncSession,
    slot: Slot,
    period: Period,
    codes: HubCodes,
    threshold: int,
    hub: str | None = None,
) -> dict:
    """The hubs' figures in the period and a year before; `hub`: only that one. Every
    code the partnership configures is listed, with a 0 where nothing happened (a
    missing one would say nothing about a figure that is suppressed)."""
    start, end = grid.span(period, period.previous_year())
    case, closure = HubCase.table(slot), HubClosure.table(slot)
    intervention, breach = HubIntervention.table(slot), HubBreach.table(slot)
    opened = _Compare(await _opened(session, slot, start, end, threshold), period, hub)
    closed = _Compare(
        await _counted(session, closure, "closed_on", start, end, threshold, ("kind", "outcome")),
        period,
        hub,
    )
    incidents = _Compare(
        await _counted(session, HubIncident.table(slot), "occurred_on", start, end, threshold),
        period,
        hub,
    )
    issued = _Compare(
        await _counted(session, intervention, "issued_on", start, end, threshold, ("kind",)),
        period,
        hub,
    )
    breached = _Compare(
        await _counted(session, breach, "breached_on", start, end, threshold, ("kind",)),
        period,
        hub,
    )
    applications = _Compare(await _applications(session, slot, start, end, threshold), period, hub)

    kinds = ordered(await _distinct(session, case.c.kind, closure.c.kind), codes.kinds)
    seen_hubs = await _distinct(session, case.c.hub, closure.c.hub)
    shown_hubs = [hub] if hub is not None else ordered(seen_hubs, codes.hubs)
    intervention_kinds = ordered(
        await _distinct(session, intervention.c.kind, breach.c.kind), codes.interventions
    )
    outcomes = ordered(await _distinct(session, closure.c.outcome), codes.outcomes)

    def opened_closed(where_opened: _Compare, where_closed: _Compare, kind: str | None) -> dict:
        values = None if kind is None else _is(kind)
        characteristic = None if kind is None else "kind"
        return {
            "opened": where_opened.figure(characteristic, values),
            "closed": where_closed.figure(characteristic, values),
        }

    total_opened = opened.figure()
    return {
        "period": period.as_dict(),
        "previous_period": period.previous_year().as_dict(),
        "hub": hub,
        "cases": opened_closed(opened, closed, None),
        "by_kind": {k: opened_closed(opened, closed, k) for k in kinds},
        "by_hub": {
            h: {
                **opened_closed(opened.at(h), closed.at(h), None),
                "by_kind": {k: opened_closed(opened.at(h), closed.at(h), k) for k in kinds},
            }
            for h in shown_hubs
        },
        "repeat_locations": opened.figure("repeat_location", _is(True), of=total_opened["count"]),
        "repeat_victims": opened.figure("repeat_victim", _is(True), of=total_opened["count"]),
        "risk_levels": {
            level: opened.figure("risk", _is(level), of=total_opened["count"])
            for level in RISK_LEVELS
        },
        "incidents": incidents.figure(),
        "interventions": {
            "issued": issued.figure(),
            "breached": breached.figure(),
            "by_kind": {
                k: {
                    "issued": issued.figure("kind", _is(k)),
                    "breached": breached.figure("kind", _is(k)),
                }
                for k in intervention_kinds
            },
        },
        "outcomes": {o: closed.figure("outcome", _is(o)) for o in outcomes},
        "community_trigger": {
            "applications": applications.figure(),
            "threshold_not_met": applications.figure("stage", _is(NOT_MET)),
            "reviews_held": applications.figure("stage", _among(REVIEWS)),
            "reviews_with_recommendations": applications.figure(
                "stage", _is(REVIEWED_WITH_RECOMMENDATIONS)
            ),
        },
        "threshold": threshold,
    }
