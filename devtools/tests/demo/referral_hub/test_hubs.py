"""The hubs' demo loader against a real server: every hub and York has cases all through
the history (Q3 2023/24 too) with incidents, assessments, interventions, closures and
case review applications, none dated after the history's end, and a second run records
nothing twice."""

from collections.abc import AsyncIterator, Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from csp_devtools.demo.context import HISTORY_ENDS, DemoContext
from csp_devtools.demo.referral_hub.hubs import HUBS, load_hubs
from csp_devtools.testing.infra import UvicornServer, create_database, drop_database
from referral_hub.app import create_app
from referral_hub.hubs.cases.models import case_table, incident_table
from referral_hub.hubs.interventions.models import intervention_table
from referral_hub.hubs.trigger.models import case_review_table


@pytest.fixture(scope="module")
async def hubs_server(hub_settings_factory: Callable[..., Any]) -> AsyncIterator[UvicornServer]:
    url = await create_database("csp_hubs_demo")
    app = create_app(hub_settings_factory(database_url=url, kafka_enabled=False))
    async with UvicornServer(app) as server:
        yield server
    await drop_database(url)


async def _counts(server: UvicornServer) -> dict[str, Any]:
    factory = server.server.config.app.state.session_factory
    async with factory() as session:

        async def count(table: Any) -> int:
            return int(
                (await session.execute(select(func.count()).select_from(table))).scalar_one()
            )

        by_hub = dict(
            (
                await session.execute(
                    select(case_table.c.hub, func.count()).group_by(case_table.c.hub)
                )
            ).all()
        )
        span = (
            await session.execute(
                select(func.min(case_table.c.opened_on), func.max(case_table.c.opened_on))
            )
        ).one()
        closed = (
            await session.execute(select(func.count()).where(case_table.c.status == "closed"))
        ).scalar_one()
        q3 = (
            await session.execute(
                select(func.count()).where(
                    case_table.c.opened_on.between(date(2023, 10, 1), date(2023, 12, 31))
                )
            )
        ).scalar_one()
        latest = max(
            [
                await session.scalar(select(func.max(column)))
                for column in (
                    case_table.c.closed_on,
                    intervention_table.c.issued_on,
                    case_review_table.c.received_on,
                )
            ]
        )
        return {
            "q3_2023_24": q3,
            "latest": latest,
            "by_hub": by_hub,
            "span": tuple(span),
            "closed": closed,
            "incidents": await count(incident_table),
            "interventions": await count(intervention_table),
            "reviews": await count(case_review_table),
        }


async def test_every_hub_has_its_cases_once(
    hubs_server: UvicornServer, mint: Callable[..., str]
) -> None:
    context = DemoContext(urls={"referral-hub": hubs_server.url}, mint_token=mint)
    await load_hubs(context)
    first = await _counts(hubs_server)
    assert first["by_hub"] == HUBS
    assert first["span"][0] >= date(2022, 1, 1) and first["span"][1] <= HISTORY_ENDS
    # opened all through the history: the seed report's quarter has its cases
    assert first["q3_2023_24"] >= 5, first
    assert first["latest"] <= HISTORY_ENDS, first
    assert first["closed"] > 0 and first["incidents"] > sum(HUBS.values())
    assert first["interventions"] > 0 and first["reviews"] > 0

    await load_hubs(context)
    assert await _counts(hubs_server) == first
