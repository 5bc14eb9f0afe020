"""The demo loader, run against a real server: the seed report's hate crime figures, the
domestic abuse referrals of every quarter of the history, what the providers reported
about the ones routed to them (imported as each provider's history of reports), and the
quarterly returns they submitted."""

from collections import Counter
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import func, select

from csp_devtools.demo.context import DemoContext
from csp_devtools.demo.referral_hub import feedback, load_demo, returns
from csp_devtools.testing.infra import UvicornServer, create_database, drop_database
from referral_hub.app import create_app
from referral_hub.hate.models import hate_report_table
from referral_hub.imports.models import TABLES as IMPORT_TABLES
from referral_hub.referral.models import Referral, Route
from referral_hub.routes.models import RouteStatusChange

UK = ZoneInfo("Europe/London")
referral_table = Referral.__table__
route_table = Route.__table__  # type: ignore[attr-defined]
import_job_table = IMPORT_TABLES.jobs


@pytest.fixture(scope="module")
async def demo_server(
    hub_settings_factory: Callable[..., Any],
) -> AsyncIterator[UvicornServer]:
    url = await create_database("csp_hub_demo")
    app = create_app(hub_settings_factory(database_url=url, kafka_enabled=False))
    async with UvicornServer(app) as server:
        yield server
    await drop_database(url)


def _q3(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 10, 1, tzinfo=UK), datetime(year + 1, 1, 1, tzinfo=UK)


async def test_the_demo_reproduces_the_seed_reports_hate_crime_figures(
    demo_server: UvicornServer, mint: Callable[..., str]
) -> None:
    context = DemoContext(urls={"referral-hub": demo_server.url}, mint_token=mint)
    await load_demo(context)

    factory = demo_server.server.config.app.state.session_factory
    async with factory() as session:
        rows = (await session.execute(select(hate_report_table))).all()

    def crimes(window: tuple[datetime, datetime]) -> list[Any]:
        first, end = window
        return [r for r in rows if r.kind == "crime" and first <= r.occurred_at < end]

    current, previous = crimes(_q3(2023)), crimes(_q3(2022))
    assert (len(current), len(previous)) == (283, 256)
    assert round(100 * (len(current) - len(previous)) / len(previous)) == 11  # 10.5%
    race = sum("race" in r.strands for r in current)
    assert race == 156 and round(100 * race / len(current)) == 55
    assert sum(r.victim_police_officer_on_duty for r in current) == 14
    # the same counts if a report takes quarters in UTC rather than UK time
    utc = (datetime(2023, 10, 1, tzinfo=UTC), datetime(2024, 1, 1, tzinfo=UTC))
    assert len(crimes(utc)) == 283
    # non-crime incidents are there, and kept apart
    incidents = [
        r
        for r in rows
        if r.kind == "non_crime_incident" and _q3(2023)[0] <= r.occurred_at < _q3(2023)[1]
    ]
    assert incidents
    # hours: 00:00 to 04:00 (UK time) is the busiest four-hour block by far
    hours = Counter(r.occurred_at.astimezone(UK).hour for r in current)
    blocks = {start: sum(hours[h] for h in range(start, start + 4)) for start in range(0, 24, 4)}
    assert max(blocks, key=lambda start: blocks[start]) == 0
    assert blocks[0] >= 2 * max(v for k, v in blocks.items() if k != 0)
    assert {r.channel for r in rows} == {"import"}
    assert {r.occurred_at.year for r in rows} == {2022, 2023, 2024}

    async with factory() as session:
        referrals = (await session.execute(select(referral_table))).all()
        routes = (await session.execute(select(route_table))).all()
    assert 5400 <= len(referrals) <= 5800
    # enough in every area's every month that none is a small number
    cells = Counter((r.received_on.year, r.received_on.month, r.area) for r in referrals)
    assert len(cells) == 26 * 8 and min(cells.values()) >= 5, min(cells.values())
    quarters = {(r.received_on.year, (r.received_on.month - 1) // 3) for r in referrals}
    assert quarters == {(year, q) for year in (2022, 2023) for q in range(4)} | {(2024, 0)}
    assert max(r.received_on for r in referrals).isoformat() <= "2024-02-29"
    assert len({r.area for r in referrals}) == 8
    assert len({r.referring_agency for r in referrals}) >= 5
    marac = [r for r in referrals if r.marac_referral]
    assert 0.1 < len(marac) / len(referrals) < 0.4
    assert any(r.level == "high" for r in marac)
    assert any(r.repeat for r in referrals)

    # what IDAS and Foundation reported, as they would have, dated as it happened
    provided = [r for r in routes if r.provider in {"idas", "foundation"}]
    assert {r.provider for r in provided} == {"idas", "foundation"}
    statuses = Counter(r.status for r in provided)
    assert statuses["closed"] > len(provided) / 2, statuses
    assert statuses["declined"] and statuses["engaged"], statuses
    assert statuses["sent"] < len(provided) / 100, statuses
    closed = [r for r in provided if r.status == "closed"]
    assert all(r.outcome_codes for r in closed)
    routed_q3 = [r for r in provided if _q3(2023)[0] <= r.routed_at < _q3(2023)[1]]
    assert routed_q3 and all(r.status != "sent" for r in routed_q3)
    async with factory() as session:
        reported = (await session.execute(select(RouteStatusChange.__table__))).all()
    assert len(reported) > 2 * len(provided)
    assert max(c.occurred_at for c in reported) < datetime(2024, 3, 1, tzinfo=UK)

    # each service's quarterly returns, from Q4 2021/22 to Q3 2023/24, consistent with
    # the routes the partnership sent it
    quarters = [q.code for q in returns.quarters()]
    assert (quarters[0], quarters[-1], len(quarters)) == ("2021-22-Q4", "2023-24-Q3", 8)
    for provider in ("idas", "foundation"):
        token = mint(agency=provider, scopes=["provider:returns"])
        async with httpx.AsyncClient(base_url=demo_server.url) as client:
            listed = await client.get(
                f"/v1/providers/{provider}/returns", headers={"Authorization": f"Bearer {token}"}
            )
        assert listed.status_code == 200, listed.text
        items = listed.json()["items"]
        services = {r.service for r in provided if r.provider == provider}
        assert {(i["service"], i["quarter"]) for i in items} == {
            (service, quarter) for service in services for quarter in quarters
        }
        for item in items:
            start = datetime.fromisoformat(item["quarter_start"]).replace(tzinfo=UK)
            end = datetime.fromisoformat(item["quarter_end"]).replace(tzinfo=UK)
            sent = [
                r for r in provided
                if r.service == item["service"] and start <= r.routed_at.astimezone(UK) <= end
            ]  # fmt: skip
            assert item["referrals_received"] >= len(sent), item
            assert item["self_referrals"] <= item["referrals_received"] - len(sent), item
            assert all(n <= item["closures"] for n in item["outcomes"].values()), item
            assert item["version"] == 1


async def test_loading_the_demo_again_adds_nothing(
    demo_server: UvicornServer, mint: Callable[..., str]
) -> None:
    factory = demo_server.server.config.app.state.session_factory

    async def counts() -> tuple[int, int]:
        async with factory() as session:
            hate = await session.scalar(select(func.count()).select_from(hate_report_table))
            referrals = await session.scalar(select(func.count()).select_from(referral_table))
        return int(hate or 0), int(referrals or 0)

    before = await counts()
    assert before[0] > 0
    context = DemoContext(urls={"referral-hub": demo_server.url}, mint_token=mint)
    await load_demo(context)
    assert await counts() == before
    async with factory() as session:
        last = (
            await session.execute(
                select(import_job_table).order_by(import_job_table.c.created_at.desc()).limit(1)
            )
        ).one()
    assert (last.rows_imported, last.rows_failed) == (0, 0)
    assert last.rows_skipped == before[1]
    assert await feedback.report_all(context) == {"idas": 0, "foundation": 0}
    assert await returns.submit_all(context) == {"idas": 0, "foundation": 0}
