"""The quarterly performance returns IDAS and Foundation submitted for each of their
services through `PUT /v1/providers/{provider}/returns/{service}/{quarter}` (scope
`provider:returns`), for every quarter of the demo's history that was over by its end.

A return counts a service's whole caseload, from every source, so it is worked out from
the same courses the providers reported on the partnership's routes (`courses`), scaled
by the service's referrals from elsewhere (self-referrals, helplines, other areas; about
as many each quarter): referrals received against the routes sent in the quarter, cases
closed and their outcome measures against the routes closed in it, the caseload and
those waiting for first contact on its last day against the routes open or not yet
contacted then, and the median wait of the routes first contacted in it. Sending the
same figures again changes nothing (the API answers 200, replayed), so a second load
submits nothing new.
"""

import random
import statistics
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from csp_devtools.demo.context import HISTORY_ENDS, HISTORY_STARTS, DemoContext
from csp_devtools.demo.referral_hub.courses import UK, DemoRoute, Step, courses, quarter_of
from csp_devtools.demo.referral_hub.feedback import (
    PROVIDERS,
    demo_route,
    provider_client,
    read_inbox,
)

ALL_SOURCES: Mapping[str, float] = {
    # service: its referrals from every source per route from the partnership
    "idas_community_support": 3.0,
    "idas_refuge": 2.5,
    "idas_target_hardening": 1.5,
    "idas_children_young_people": 2.0,
    "foundation_plus_choices": 2.0,
    "foundation_children_therapeutic": 2.0,
}
SELF_REFERRED = 0.4
"""Of the referrals from elsewhere, the share of people who referred themselves."""
OPEN = frozenset({"accepted", "contacted", "engaged"})
WAITING = frozenset({"sent", "accepted"})


@dataclass(frozen=True)
class Quarter:
    code: str
    start: datetime
    end: datetime
    """The first moment after the quarter."""


def quarters() -> list[Quarter]:
    """The financial quarters of the history that were over by its end."""
    out = []
    start = date(HISTORY_STARTS.year, (HISTORY_STARTS.month - 1) // 3 * 3 + 1, 1)
    while (end := start + relativedelta(months=3)) <= HISTORY_ENDS + timedelta(days=1):
        begins = datetime.combine(start, time(), UK)
        out.append(Quarter(quarter_of(begins), begins, datetime.combine(end, time(), UK)))
        start = end
    return out


def _status_at(route: DemoRoute, course: list[Step], moment: datetime) -> str:
    if route.sent >= moment:
        return "before"
    reached = [step.status for step in course if step.at < moment]
    return reached[-1] if reached else "sent"


def _within(step: Step, quarter: Quarter) -> bool:
    return quarter.start <= step.at < quarter.end


def figures(
    service: str,
    quarter: Quarter,
    routes: list[DemoRoute],
    course_of: dict[str, list[Step]],
    typical: float,
) -> dict[str, Any]:
    """One service's return for one quarter, from its routes' courses; `typical` is its
    routes in an average quarter (referrals from elsewhere vary less than the
    partnership's)."""
    scale = ALL_SOURCES.get(service, 2.0)
    sent = sum(quarter.start <= r.sent < quarter.end for r in routes)
    elsewhere = random.Random(f"{service}/{quarter.code}").uniform(0.9, 1.1)
    closures = [
        (step, any(earlier.status == "engaged" for earlier in course_of[r.id]))
        for r in routes
        for step in course_of[r.id]
        if step.status == "closed" and _within(step, quarter)
    ]
    codes = [set(step.body["outcome_codes"]) for step, _ in closures]
    waits = [
        (step.at - r.sent).total_seconds() / 86400
        for r in routes
        for step in course_of[r.id]
        if step.status == "contacted" and _within(step, quarter)
    ]
    at_end = [_status_at(r, course_of[r.id], quarter.end) for r in routes]
    extra = round(typical * (scale - 1) * elsewhere)
    outcomes = (
        {"behaviour_change": sum("programme_completed" in c for c in codes)}
        if service == "foundation_plus_choices"
        else {
            "risk_reduced": sum("risk_reduced" in c for c in codes),
            "feels_safer": sum(engaged for _, engaged in closures),
        }
    )
    return {
        "referrals_received": sent + extra,
        "self_referrals": round(extra * SELF_REFERRED),
        "caseload": round(sum(s in OPEN for s in at_end) * scale),
        "closures": round(len(closures) * scale),
        "outcomes": {measure: round(n * scale) for measure, n in outcomes.items()},
        "waiting_at_end": round(sum(s in WAITING for s in at_end) * scale),
        "median_wait_days": round(statistics.median(waits), 1) if waits else None,
    }


def provider_returns(items: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """(service, quarter) -> the return, for each service of the inbox's routes and each
    quarter over from its first route on."""
    routes = [demo_route(item) for item in items]
    course_of = courses(routes)
    by_service: dict[str, list[DemoRoute]] = defaultdict(list)
    for route in routes:
        if route.service:
            by_service[route.service].append(route)
    out = {}
    for service, own in sorted(by_service.items()):
        first = min(route.sent for route in own)
        over = [quarter for quarter in quarters() if quarter.end > first]
        typical = len(own) / (len(over) + 1)  # and the history's last, unfinished quarter
        for quarter in over:
            out[(service, quarter.code)] = figures(service, quarter, own, course_of, typical)
    return out


async def submit_provider(
    context: DemoContext, provider: str, items: list[dict[str, Any]] | None = None
) -> int:
    """Every return `provider` submits for the routes of its inbox (`items`, read if not
    given: the returns need the routes, not their statuses); how many were new or
    corrected."""
    if items is None:
        async with provider_client(context, provider, "provider:feedback") as reader:
            items = await read_inbox(reader, provider)
    made = 0
    async with provider_client(context, provider, "provider:returns") as client:
        for (service, quarter), body in provider_returns(items).items():
            answer = await client.put(
                f"/v1/providers/{provider}/returns/{service}/{quarter}", json=body
            )
            if answer.status_code not in (200, 201):
                raise RuntimeError(
                    f"return {provider}/{service}/{quarter}: {answer.status_code} {answer.text}"
                )
            made += answer.headers.get("Idempotent-Replayed") != "true"
    return made


async def submit_all(context: DemoContext) -> dict[str, int]:
    return {provider: await submit_provider(context, provider) for provider in PROVIDERS}
