"""The demo loads through the import API of a real server and reads as the seed's §5:
five reviews since 2018, three published, one signed off by the Home Office and awaiting
publication, one just commissioned after a suicide with an independent chair; the
partnership's common themes in the recommendations; loading again adds nothing."""

from collections import Counter
from collections.abc import AsyncIterator, Callable
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from csp_devtools.demo.dhr_tracker.load import demo_data, load
from csp_devtools.testing.infra import UvicornServer, create_database, drop_database
from dhr_tracker.app import create_app
from dhr_tracker.settings import SEED_THEMES


@pytest.fixture(scope="module")
async def demo_server(dhr_settings_factory: Callable[..., Any]) -> AsyncIterator[str]:
    url = await create_database("csp_dhr_demo")
    async with UvicornServer(create_app(dhr_settings_factory(database_url=url))) as server:
        yield server.url
    await drop_database(url)


def test_the_recent_reviews_are_dated_from_the_day_of_loading() -> None:
    today = date(2027, 5, 1)
    reviews = {r["source_reference"]: r for r in demo_data(today)["reviews"]}
    assert reviews["NY-DHR-2024-01"]["moves"][-1]["on"] == (today - timedelta(days=10)).isoformat()
    assert reviews["NY-DHR-2018-01"]["notified_on"] == "2018-06-11"  # published ones keep theirs
    assert demo_data(today) == demo_data(today)


async def test_the_demo_reads_as_the_seeds_section_5(
    demo_server: str, mint: Callable[..., str]
) -> None:
    jobs = await load(demo_server, mint)
    for kind in ("reviews", "recommendations"):
        assert (jobs[kind]["status"], jobs[kind]["rows_failed"]) == ("completed", 0), jobs[kind]
    assert (jobs["reviews"]["rows_imported"], jobs["training_items_added"]) == (5, 4)
    headers = {"Authorization": f"Bearer {mint(agency='pfcc', scopes=['dhr:manage'])}"}
    async with httpx.AsyncClient(base_url=demo_server, headers=headers) as client:
        reviews = (await client.get("/v1/reviews?sort=notified_on")).json()["items"]
        assert len(reviews) == 5 and min(r["notified_on"] for r in reviews) >= "2018-01-01"
        reached = Counter(r["stage"] for r in reviews)
        assert reached["published"] + reached["monitoring"] == 3
        assert reached["awaiting_publication"] == 1
        [signed_off] = [r for r in reviews if r["stage"] == "awaiting_publication"]
        office = (await client.get(f"/v1/reviews/{signed_off['id']}/home-office")).json()
        assert office["qa_rounds"][-1]["outcome"] == "approved"
        [newest] = [r for r in reviews if r["stage"] == "panel_established"]
        assert newest["circumstances"] == "suspected_suicide"
        assert newest["clocks"]["overdue"] == []  # just commissioned
        panel = (await client.get(f"/v1/reviews/{newest['id']}/panel")).json()
        assert panel["chair"]["independence_declared"] is True
        themes = (await client.get("/v1/learning/themes")).json()["themes"]
        assert [t["theme"] for t in themes] == list(SEED_THEMES)
        assert all(t["recommendations"]["total"] >= 1 for t in themes), themes
        assert sum(t["recommendations"]["completed"] for t in themes) >= 5
    again = await load(demo_server, mint)
    assert again["reviews"]["rows_imported"] == 0 and again["reviews"]["rows_skipped"] == 5
    assert again["recommendations"]["rows_imported"] == 0 and again["training_items_added"] == 0
