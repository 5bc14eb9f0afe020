"""What IDAS and Foundation reported about the demo's referrals routed to them, dated
when it happened: each provider's history of reports, brought in through
`POST /v1/imports/route-feedback` (the reports of `POST /v1/routes/{id}/feedback`, one a
row), as a provider moving its case records onto the platform would.

Imported referrals reach no provider by webhook, so the demo plays the providers: each
reads every route in its inbox and reports, route by route, the course it took there
(`courses`): declined, never reached, disengaged, supported and closed with outcomes,
or long support. What would happen after the history's end is not reported, so the
routes of its last weeks (and long support of its last quarters) are still open. A
route's next report is worked out from the status it has, so a second load finds
nothing new to report. One file a provider, not a request a report: the demo's
thousands of routes would take minutes report by report.
"""

from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from csp_devtools.demo.context import HISTORY_ENDS, DemoContext
from csp_devtools.demo.referral_hub.courses import DemoRoute, Step, courses
from csp_devtools.demo.referral_hub.upload import import_file, ndjson

UK = ZoneInfo("Europe/London")
PROVIDERS = ("idas", "foundation")
ENDS = datetime.combine(HISTORY_ENDS, time(23, 59), UK)
STATUSES = ("sent", "accepted", "declined", "contacted", "engaged", "closed")


def sent_at(route: dict[str, Any]) -> datetime:
    sent = datetime.fromisoformat(route["routed_at"])
    return sent if sent.tzinfo else sent.replace(tzinfo=UTC)  # a UTC time without its offset


def demo_route(item: dict[str, Any]) -> DemoRoute:
    """An inbox item as `courses` reads it."""
    route = item["route"]
    return DemoRoute(
        id=route["id"],
        service=route["service"],
        sent=sent_at(route),
        source_reference=item["referral"]["source_reference"],
    )


def still_to_report(status: str, course: list[Step]) -> list[Step]:
    """The reports of `course` after the route's present status, up to the history's end."""
    statuses = [step.status for step in course]
    done = statuses.index(status) + 1 if status in statuses else 0
    return [step for step in course[done:] if step.at <= ENDS]


async def read_inbox(client: httpx.AsyncClient, provider: str) -> list[dict[str, Any]]:
    """Every route in the provider's inbox, whatever its status."""
    items = []
    for status in STATUSES:
        cursor = None
        while True:
            params = {"status": status, "limit": 200} | ({"cursor": cursor} if cursor else {})
            page = await client.get(f"/v1/providers/{provider}/inbox", params=params)
            page.raise_for_status()
            answer = page.json()
            items += answer["items"]
            cursor = answer["next_cursor"]
            if cursor is None:
                break
    return items


def provider_client(context: DemoContext, provider: str, scope: str) -> httpx.AsyncClient:
    """referral-hub's API as the provider's own system calls it."""
    token = context.mint_token(
        agency=provider, scopes=[scope], subject=f"{provider}-demo", ttl=3600
    )
    return httpx.AsyncClient(
        base_url=context.urls["referral-hub"],
        headers={"Authorization": f"Bearer {token}", "X-Purpose": f"demo: {scope}"},
        timeout=60,
    )


def reports(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of the provider's import: every report still to make about the inbox's
    routes, in the order they happened (so each route's in its own order)."""
    course_of = courses(demo_route(item) for item in items)
    steps = [
        (step.at, item["route"]["id"], step)
        for item in items
        for step in still_to_report(item["route"]["status"], course_of[item["route"]["id"]])
    ]
    return [
        {"route_id": route_id, **step.body, "occurred_at": at.isoformat()}
        for at, route_id, step in sorted(steps, key=lambda s: (s[0], s[1]))
    ]


async def inbox(context: DemoContext, provider: str) -> list[dict[str, Any]]:
    async with provider_client(context, provider, "provider:feedback") as client:
        return await read_inbox(client, provider)


async def report_provider(
    context: DemoContext, provider: str, items: list[dict[str, Any]] | None = None
) -> int:
    """Everything `provider` has to report about the routes in its inbox (`items`, read
    if not given); how many reports."""
    async with provider_client(context, provider, "provider:feedback") as client:
        rows = reports(items if items is not None else await read_inbox(client, provider))
        if not rows:
            return 0
        job = await import_file(client, "route-feedback", "application/x-ndjson", ndjson(rows))
        return int(job["rows_imported"])


async def report_all(context: DemoContext) -> dict[str, int]:
    return {provider: await report_provider(context, provider) for provider in PROVIDERS}
