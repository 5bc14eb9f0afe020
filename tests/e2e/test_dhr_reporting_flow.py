"""dhr-tracker and reporting as real servers on a broker of their own: a review notified
through dhr-tracker's API reaches reporting's `GET /v1/stats/dhr` within seconds, and
its decision to review moves it from notified to commissioned there."""

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from csp_devtools.testing.infra import (
    Broker,
    UvicornServer,
    create_database,
    drop_database,
    eventually,
)
from dhr_tracker.app import create_app as create_dhr
from dhr_tracker.settings import DhrSettings
from reporting.app import create_app as create_reporting
from reporting.settings import ReportingSettings

REVIEW = {
    "area": "scarborough",
    "notified_on": "2024-01-31",
    "notifying_agency": "north-yorkshire-police",
    "date_of_death": "2024-01-20",
    "circumstances": "homicide",
    "victim": {"age_band": "25_34", "gender": "female", "ethnicity": "white"},
    "suspect": {"age_band": "35_44", "gender": "male", "relationship": "partner"},
}


@pytest.fixture(scope="module")
async def dhr_reporting(signing_keys: tuple[Path, Path]) -> AsyncIterator[dict[str, str]]:
    broker = Broker().start()
    dhr_db = await create_database("csp_e2e_dhr")
    reporting_db = await create_database("csp_e2e_dhr_reporting")
    common: dict[str, Any] = {
        "kafka_bootstrap_servers": broker.bootstrap_servers,
        "auth_public_key_file": signing_keys[1],
        "outbox_poll_interval_seconds": 0.2,
    }
    dhr = create_dhr(DhrSettings(database_url=dhr_db, deadline_scheduler_enabled=False, **common))
    reporting = create_reporting(
        ReportingSettings(
            database_url=reporting_db,
            consumer_group="reporting-dhr-e2e",
            dashboard_secret="e2e-dashboard-secret-0123456789",
            **common,
        )
    )
    try:
        async with UvicornServer(dhr) as dhr_server, UvicornServer(reporting) as reporting_server:
            yield {"dhr-tracker": dhr_server.url, "reporting": reporting_server.url}
    finally:
        for database in (dhr_db, reporting_db):
            await drop_database(database)
        broker.stop()


async def test_a_notified_review_reaches_the_dhr_figures(
    dhr_reporting: dict[str, str], mint: Callable[..., str]
) -> None:
    manager = {
        "Authorization": f"Bearer {mint(agency='north-yorkshire-council', scopes=['dhr:manage'])}"
    }
    reader = {"Authorization": f"Bearer {mint(agency='pfcc', scopes=['reports:read'])}"}
    async with (
        httpx.AsyncClient(base_url=dhr_reporting["dhr-tracker"]) as dhr,
        httpx.AsyncClient(base_url=dhr_reporting["reporting"]) as reporting,
    ):

        async def reviews() -> dict:
            answer = await reporting.get("/v1/stats/dhr", params={"since": 2024}, headers=reader)
            assert answer.status_code == 200, answer.text
            return answer.json()["reviews"]

        before = await reviews()
        made = await dhr.post("/v1/reviews", json=REVIEW, headers=manager)
        assert made.status_code == 201, made.text
        review = made.json()

        async def notified() -> dict | None:
            figures = await reviews()
            return figures if figures["notified"] == before["notified"] + 1 else None

        after_notice = await eventually(notified, timeout=30, interval=0.2)
        assert after_notice["commissioned"] == before["commissioned"]

        for move in ({"to": "scoping", "on": "2024-02-05"}, _decision()):
            moved = await dhr.post(
                f"/v1/reviews/{review['id']}/transitions", json=move, headers=manager
            )
            assert moved.status_code in (200, 201), moved.text

        async def commissioned() -> dict | None:
            figures = await reviews()
            return figures if figures["commissioned"] == before["commissioned"] + 1 else None

        await eventually(commissioned, timeout=30, interval=0.2)


def _decision() -> dict[str, Any]:
    return {
        "to": "decided",
        "on": "2024-02-20",
        "decision": "review",
        "reasons": "The death meets the statutory criteria.",
    }
