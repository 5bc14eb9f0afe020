"""The course each demo route took at its provider, worked out from the routes alone
(pure): what IDAS and Foundation report about it through the feedback API, and when.

A route's course is of a *kind* (declined; accepted but never reached; contacted, then
disengaged; engaged and closed with outcomes within weeks; long support, closed two
quarters later). The kinds of one service's routes of one financial quarter are dealt
out in shares, so that each kind holds none of them or at least the partnership's
small-number threshold: the funnel reporting publishes of a quarter then shows its
figures instead of hiding them ("suppressed"), as a service with a real caseload would.
Long support closes within the first two months of the second quarter after its own,
so the courses of a quarter are all over or all still running by the history's end.
Which route gets which kind, and its dates, depend only on the routes' services,
quarters and referrals' source references, so a second load finds the same courses.
"""

import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

UK = ZoneInfo("Europe/London")
THRESHOLD = 5
"""The partnership's small-number threshold (reporting's default)."""


@dataclass(frozen=True)
class DemoRoute:
    id: str
    service: str | None
    sent: datetime
    source_reference: str


@dataclass(frozen=True)
class Step:
    at: datetime
    body: dict[str, Any]

    @property
    def status(self) -> str:
        return str(self.body["status"])


Draw = Callable[[random.Random, datetime], list[Step]]


@dataclass(frozen=True)
class Kind:
    name: str
    share: float
    draw: Draw


def _later(moment: datetime, rng: random.Random, low: float, high: float) -> datetime:
    return moment + timedelta(days=rng.uniform(low, high))


def _quarter_start(moment: datetime) -> date:
    day = moment.astimezone(UK).date()
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def quarter_of(moment: datetime) -> str:
    """The financial quarter of a moment in UK time: '2023-24-Q3'."""
    day = moment.astimezone(UK).date()
    first = day.year if day.month >= 4 else day.year - 1
    return f"{first}-{(first + 1) % 100:02d}-Q{(day.month - 4) % 12 // 3 + 1}"


def _two_quarters_on(sent: datetime, rng: random.Random) -> datetime:
    """A working hour in the first two months of the second quarter after `sent`'s."""
    start = _quarter_start(sent) + relativedelta(months=6)
    day = start + timedelta(days=rng.randrange(59))
    return datetime.combine(day, time(rng.randint(9, 16), rng.randrange(60)), UK)


def _closed(at: datetime, *outcomes: str) -> Step:
    return Step(at, {"status": "closed", "outcome_codes": list(outcomes)})


def _declined(*reasons: tuple[str, str]) -> Draw:
    def draw(rng: random.Random, sent: datetime) -> list[Step]:
        code, reason = rng.choice(reasons)
        body = {"status": "declined", "reason": reason, "reason_code": code}
        return [Step(_later(sent, rng, 0.1, 1.2), body)]

    return draw


@dataclass(frozen=True)
class Pace:
    """Days between a service's steps (ranges); closing within weeks after engaging."""

    accept: tuple[float, float] = (0.05, 0.8)
    contact: tuple[float, float] = (0.2, 3)
    engage: tuple[float, float] = (1, 8)
    close: tuple[float, float] = (21, 45)
    drop_out: tuple[float, float] = (14, 30)


def _accepted(pace: Pace, rng: random.Random, sent: datetime) -> list[Step]:
    return [Step(_later(sent, rng, *pace.accept), {"status": "accepted"})]


def _contacted(pace: Pace, rng: random.Random, sent: datetime) -> list[Step]:
    steps = _accepted(pace, rng, sent)
    return [*steps, Step(_later(steps[-1].at, rng, *pace.contact), {"status": "contacted"})]


def _engaged(pace: Pace, rng: random.Random, sent: datetime) -> list[Step]:
    steps = _contacted(pace, rng, sent)
    return [*steps, Step(_later(steps[-1].at, rng, *pace.engage), {"status": "engaged"})]


def _never_reached(pace: Pace) -> Draw:
    def draw(rng: random.Random, sent: datetime) -> list[Step]:
        steps = _accepted(pace, rng, sent)
        return [*steps, _closed(_later(steps[-1].at, rng, 10, 21), "unable_to_contact")]

    return draw


def _dropped_out(pace: Pace, outcome: str, *, engaged: bool = False) -> Draw:
    def draw(rng: random.Random, sent: datetime) -> list[Step]:
        steps = (_engaged if engaged else _contacted)(pace, rng, sent)
        return [*steps, _closed(_later(steps[-1].at, rng, *pace.drop_out), outcome)]

    return draw


def _supported(pace: Pace, *outcomes: str) -> Draw:
    def draw(rng: random.Random, sent: datetime) -> list[Step]:
        steps = _engaged(pace, rng, sent)
        return [*steps, _closed(_later(steps[-1].at, rng, *pace.close), *outcomes)]

    return draw


def _long_support(pace: Pace, *outcomes: str) -> Draw:
    def draw(rng: random.Random, sent: datetime) -> list[Step]:
        return [*_engaged(pace, rng, sent), _closed(_two_quarters_on(sent, rng), *outcomes)]

    return draw


VICTIM = Pace()
HOME_SECURITY = Pace(engage=(1, 5), close=(3, 14))
PROGRAMME = Pace(accept=(0.5, 4), contact=(1, 7), engage=(7, 21), drop_out=(14, 21))
CHILDREN = (
    Kind("declined", 0.08, _declined(("declined_by_client", "The family did not want it now"))),
    Kind("disengaged", 0.15, _dropped_out(VICTIM, "disengaged")),
    Kind("supported", 0.45, _supported(VICTIM, "engaged_completed")),
    Kind("long", 0.32, _long_support(VICTIM, "risk_reduced", "engaged_completed")),
)
KINDS: dict[str | None, Sequence[Kind]] = {
    "idas_community_support": (
        Kind(
            "declined",
            0.12,
            _declined(
                ("already_supported", "Already supported by our outreach team"),
                ("declined_by_client", "The client did not want support now"),
                ("outside_service_area", "Moved out of North Yorkshire and York"),
            ),
        ),
        Kind("never reached", 0.10, _never_reached(VICTIM)),
        Kind("disengaged", 0.12, _dropped_out(VICTIM, "disengaged")),
        Kind("supported", 0.40, _supported(VICTIM, "risk_reduced", "safety_plan_in_place")),
        Kind("long", 0.26, _long_support(VICTIM, "risk_reduced", "engaged_completed")),
    ),
    "idas_refuge": (
        Kind(
            "declined",
            0.25,
            _declined(("no_capacity", "No refuge space; offered safe accommodation elsewhere")),
        ),
        Kind("long", 0.75, _long_support(VICTIM, "safety_plan_in_place", "moved_area")),
    ),
    "idas_target_hardening": (
        Kind("declined", 0.06, _declined(("already_supported", "Home already made secure"))),
        Kind("supported", 0.94, _supported(HOME_SECURITY, "safety_plan_in_place")),
    ),
    "idas_children_young_people": CHILDREN,
    "foundation_children_therapeutic": CHILDREN,
    "foundation_plus_choices": (
        Kind(
            "declined",
            0.20,
            _declined(
                ("does_not_meet_criteria", "Not standard risk: for the MARAC and MATAC"),
                ("declined_by_client", "Did not agree to take part"),
            ),
        ),
        Kind("disengaged", 0.20, _dropped_out(PROGRAMME, "disengaged")),
        Kind(
            "not completed",
            0.15,
            _dropped_out(PROGRAMME, "programme_not_completed", engaged=True),
        ),
        Kind("completed", 0.45, _long_support(PROGRAMME, "programme_completed")),
    ),
}


def _whole(n: int, shares: Sequence[float]) -> list[int]:
    """`n` split by `shares` in whole numbers that add up to it (largest remainders)."""
    total = sum(shares)
    exact = [n * share / total for share in shares]
    counts = [int(value) for value in exact]
    by_remainder = sorted(range(len(shares)), key=lambda i: counts[i] - exact[i])
    for i in by_remainder[: n - sum(counts)]:
        counts[i] += 1
    return counts


def deal(n: int, kinds: Sequence[Kind]) -> list[tuple[Kind, int]]:
    """How many of `n` routes take each kind: none or at least THRESHOLD each (the kind
    with the smallest share gives its routes up to the others until that holds)."""
    kept = list(kinds)
    while True:
        counts = _whole(n, [kind.share for kind in kept])
        small = [i for i, count in enumerate(counts) if 0 < count < THRESHOLD]
        if not small or len(kept) == 1:
            return list(zip(kept, counts, strict=True))
        kept.pop(min(small, key=lambda i: kept[i].share))


def courses(routes: Iterable[DemoRoute]) -> dict[str, list[Step]]:
    """Every report each route's provider makes about it, in order, by route id (before
    the history's end cuts any)."""
    groups: dict[tuple[str | None, str], list[DemoRoute]] = defaultdict(list)
    for route in routes:
        groups[(route.service, quarter_of(route.sent))].append(route)
    out: dict[str, list[Step]] = {}
    for (service, quarter), members in sorted(groups.items(), key=lambda g: str(g[0])):
        members.sort(key=lambda r: r.source_reference)
        random.Random(f"{service}/{quarter}").shuffle(members)
        kinds = KINDS.get(service, KINDS["idas_community_support"])
        dealt = [kind for kind, count in deal(len(members), kinds) for _ in range(count)]
        for route, kind in zip(members, dealt, strict=True):
            rng = random.Random(f"{route.source_reference}/{service}")
            out[route.id] = kind.draw(rng, route.sent)
    return out
