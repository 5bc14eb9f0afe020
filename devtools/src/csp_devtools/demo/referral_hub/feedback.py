"""What IDAS and Foundation reported about the demo's referrals routed to them, as each
would have reported it through `POST /v1/routes/{id}/feedback`, dated when it happened.

Imported referrals reach no provider by webhook, so the demo plays the providers: each
reads its inbox and reports, route by route, the course a referral to that service
takes (`course`): most are accepted within a day, contacted within days and engaged;
a few are declined (a refuge with no room, a client already supported, a perpetrator
programme's criteria); most engaged routes close weeks or months later with their
outcomes. What would happen after the history's end is not reported, so the routes of
its last weeks are still open. A route's course depends only on its referral's source
reference and its service, so a second load finds nothing new to report.
"""

import asyncio
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from csp_devtools.demo.context import HISTORY_ENDS, DemoContext

UK = ZoneInfo("Europe/London")
PROVIDERS = ("idas", "foundation")
ENDS = datetime.combine(HISTORY_ENDS, time(23, 59), UK)
CONCURRENT_ROUTES = 8
KEYS = uuid.UUID("0f6bd0f4-52a6-4d1e-9d3e-6a1f7c0b5e21")
"""The namespace of the reports' Idempotency-Keys (one per route and status)."""


@dataclass(frozen=True)
class Report:
    after: timedelta
    """After the route was sent."""
    body: dict[str, Any]


def _hours(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(hours=rng.uniform(low, high))


def _days(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(days=rng.uniform(low, high))


def _closed(after: timedelta, *outcomes: str) -> Report:
    return Report(after, {"status": "closed", "outcome_codes": list(outcomes)})


def _declined(rng: random.Random, reasons: list[tuple[str, str]]) -> list[Report]:
    code, reason = rng.choice(reasons)
    return [
        Report(_hours(rng, 2, 30), {"status": "declined", "reason": reason, "reason_code": code})
    ]


def _victim_support(rng: random.Random, *, refuge: bool) -> list[Report]:
    """IDAS: community support or a refuge place."""
    if rng.random() < (0.22 if refuge else 0.06):
        reasons = (
            [("no_capacity", "No refuge space; offered safe accommodation elsewhere")]
            if refuge
            else [
                ("already_supported", "Already supported by our outreach team"),
                ("declined_by_client", "The client did not want support now"),
                ("outside_service_area", "Moved out of North Yorkshire and York"),
            ]
        )
        return _declined(rng, reasons)
    accepted = _hours(rng, 1, 20)
    reports = [Report(accepted, {"status": "accepted"})]
    if rng.random() < 0.12:  # never reached on a safe number
        return [*reports, _closed(accepted + _days(rng, 10, 21), "unable_to_contact")]
    contacted = accepted + _days(rng, 0.2, 3)
    reports.append(Report(contacted, {"status": "contacted"}))
    if rng.random() < 0.18:
        return [*reports, _closed(contacted + _days(rng, 14, 35), "disengaged")]
    engaged = contacted + _days(rng, 1, 8)
    reports.append(Report(engaged, {"status": "engaged"}))
    closing = engaged + _days(rng, 90, 180) if refuge else engaged + _days(rng, 45, 120)
    outcomes = rng.choice(
        [
            ("risk_reduced", "safety_plan_in_place"),
            ("risk_reduced", "engaged_completed"),
            ("safety_plan_in_place", "engaged_completed"),
            ("moved_area",) if refuge else ("referred_elsewhere",),
        ]
    )
    return [*reports, _closed(closing, *outcomes)]


def _perpetrator_programme(rng: random.Random) -> list[Report]:
    """Foundation's +Choices, a voluntary behaviour change programme for standard risk."""
    if rng.random() < 0.15:
        return _declined(
            rng,
            [
                ("does_not_meet_criteria", "Not standard risk: for the MARAC and MATAC"),
                ("declined_by_client", "Did not agree to take part"),
            ],
        )
    accepted = _days(rng, 0.5, 4)
    contacted = accepted + _days(rng, 1, 7)
    reports = [
        Report(accepted, {"status": "accepted"}),
        Report(contacted, {"status": "contacted"}),
    ]
    if rng.random() < 0.25:
        return [*reports, _closed(contacted + _days(rng, 14, 30), "disengaged")]
    engaged = contacted + _days(rng, 7, 28)
    reports.append(Report(engaged, {"status": "engaged"}))
    if rng.random() < 0.35:
        return [*reports, _closed(engaged + _days(rng, 30, 90), "programme_not_completed")]
    return [*reports, _closed(engaged + _days(rng, 120, 200), "programme_completed")]


def course(source_reference: str, service: str | None) -> list[Report]:
    """Every report the provider makes about the route, in order (before any is cut)."""
    rng = random.Random(f"{source_reference}/{service}")
    if service == "foundation_plus_choices":
        return _perpetrator_programme(rng)
    return _victim_support(rng, refuge=service == "idas_refuge")


def still_to_report(route: dict[str, Any], source_reference: str) -> list[tuple[datetime, dict]]:
    """(when, body) of the reports after the route's present status, up to the history's end."""
    sent = datetime.fromisoformat(route["routed_at"])
    if sent.tzinfo is None:  # a UTC time written without its offset
        sent = sent.replace(tzinfo=UTC)
    reports = course(source_reference, route["service"])
    statuses = [r.body["status"] for r in reports]
    done = statuses.index(route["status"]) + 1 if route["status"] in statuses else 0
    return [
        (sent + report.after, report.body)
        for report in reports[done:]
        if sent + report.after <= ENDS
    ]


async def _inbox(client: httpx.AsyncClient, provider: str) -> list[dict[str, Any]]:
    items, cursor = [], None
    while True:
        params = {"status": "sent", "limit": 200} | ({"cursor": cursor} if cursor else {})
        page = await client.get(f"/v1/providers/{provider}/inbox", params=params)
        page.raise_for_status()
        answer = page.json()
        items += answer["items"]
        cursor = answer["next_cursor"]
        if cursor is None:
            return items


async def _report(client: httpx.AsyncClient, route: dict[str, Any], source_reference: str) -> int:
    made = 0
    for when, body in still_to_report(route, source_reference):
        key = uuid.uuid5(KEYS, f"{route['id']}/{body['status']}")
        answer = await client.post(
            f"/v1/routes/{route['id']}/feedback",
            json=body | {"occurred_at": when.isoformat()},
            headers={"Idempotency-Key": str(key)},
        )
        if answer.status_code != 200:
            raise RuntimeError(
                f"feedback on route {route['id']}: {answer.status_code} {answer.text}"
            )
        made += 1
    return made


async def report_provider(context: DemoContext, provider: str) -> int:
    """Everything `provider` has to report about the routes in its inbox; how many reports."""
    token = context.mint_token(
        agency=provider, scopes=["provider:feedback"], subject=f"{provider}-demo", ttl=3600
    )
    async with httpx.AsyncClient(
        base_url=context.urls["referral-hub"],
        headers={"Authorization": f"Bearer {token}", "X-Purpose": "demo: provider feedback"},
        timeout=60,
    ) as client:
        items = await _inbox(client, provider)
        room = asyncio.Semaphore(CONCURRENT_ROUTES)

        async def one(item: dict[str, Any]) -> int:
            async with room:
                return await _report(client, item["route"], item["referral"]["source_reference"])

        return sum(await asyncio.gather(*(one(item) for item in items)))


async def report_all(context: DemoContext) -> dict[str, int]:
    return {provider: await report_provider(context, provider) for provider in PROVIDERS}
