"""What IDAS and Foundation reported about the demo's referrals routed to them, as each
would have reported it through `POST /v1/routes/{id}/feedback`, dated when it happened.

Imported referrals reach no provider by webhook, so the demo plays the providers: each
reads every route in its inbox and reports, route by route, the course it took there
(`courses`): declined, never reached, disengaged, supported and closed with outcomes,
or long support. What would happen after the history's end is not reported, so the
routes of its last weeks (and long support of its last quarters) are still open. A
route's next report is worked out from the status it has, so a second load finds
nothing new to report.
"""

import asyncio
import uuid
from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from csp_devtools.demo.context import HISTORY_ENDS, DemoContext
from csp_devtools.demo.referral_hub.courses import DemoRoute, Step, courses

UK = ZoneInfo("Europe/London")
PROVIDERS = ("idas", "foundation")
ENDS = datetime.combine(HISTORY_ENDS, time(23, 59), UK)
STATUSES = ("sent", "accepted", "declined", "contacted", "engaged", "closed")
CONCURRENT_ROUTES = 8
KEYS = uuid.UUID("0f6bd0f4-52a6-4d1e-9d3e-6a1f7c0b5e21")
"""The namespace of the reports' Idempotency-Keys (one per route and status)."""


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


async def _report(client: httpx.AsyncClient, route: dict[str, Any], course: list[Step]) -> int:
    made = 0
    for step in still_to_report(route["status"], course):
        key = uuid.uuid5(KEYS, f"{route['id']}/{step.status}")
        answer = await client.post(
            f"/v1/routes/{route['id']}/feedback",
            json=step.body | {"occurred_at": step.at.isoformat()},
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
    async with provider_client(context, provider, "provider:feedback") as client:
        items = await read_inbox(client, provider)
        course_of = courses(demo_route(item) for item in items)
        room = asyncio.Semaphore(CONCURRENT_ROUTES)

        async def one(item: dict[str, Any]) -> int:
            async with room:
                return await _report(client, item["route"], course_of[item["route"]["id"]])

        return sum(await asyncio.gather(*(one(item) for item in items)))


async def report_all(context: DemoContext) -> dict[str, int]:
    return {provider: await report_provider(context, provider) for provider in PROVIDERS}
