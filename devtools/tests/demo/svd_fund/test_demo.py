"""The demo, loaded through the API into a real server on SQLite (as `make run` does):
the measures read as the needs assessment, with the crimes flagged as domestic abuse
(every area but York) for the committee report's table, the round's awards stay within its budget,
its 360Giving export passes the service's validation, returns are due and overdue, every
step dated in 2023/24 as it happened; a second load changes nothing."""

from decimal import Decimal

import httpx
import pytest

from csp_devtools.demo.svd_fund import domestic_abuse_crimes
from csp_devtools.demo.svd_fund import load as demo
from csp_devtools.demo.svd_fund.measures import crime_rows
from csp_devtools.testing.infra import UvicornServer
from svd_fund.app import create_app
from svd_fund.giving.rules import package_problems


@pytest.fixture(scope="module")
async def demo_server(fund_settings_factory, tmp_path_factory):
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('svd-demo')}/svd-fund.db"
    app = create_app(fund_settings_factory(database_url=url))
    server = await UvicornServer(app).start()
    yield server
    await server.stop()


async def test_the_demo_loads_through_the_api(demo_server, mint, auth_header):
    made = await demo.load(demo_server.url, mint)
    assert len(made["grants"]) == 6 and len(made["waitlisted"]) == 1
    reader = auth_header(agency="pfcc", scopes=["reports:read"])
    manager = auth_header(agency="pfcc", scopes=["fund:manage"])
    async with httpx.AsyncClient(base_url=demo_server.url, timeout=60) as client:
        published = (
            await client.get("/v1/measures", params={"year": "2022-23"}, headers=reader)
        ).json()
        measures = published["partnership"]
        flagged = domestic_abuse_crimes.flagged(crime_rows())
        assert measures["domestic_abuse"] == sum(r["count"] for r in flagged if r["domestic_abuse"])
        by_area = {a["area"]: a["domestic_abuse"] for a in published["areas"]}
        assert by_area.pop("york") == 0 and min(by_area.values()) > 100, by_area
        assert (
            measures["violence_with_injury_per_1000"],
            measures["knife_share_percent"],
            measures["crime_severity_score"],
        ) == ("8.5", "3.0", "3.2")
        fund_round = (await client.get(f"/v1/rounds/{made['round_id']}", headers=manager)).json()
        assert Decimal(fund_round["awarded_total"]) == Decimal("68500.00")
        assert Decimal(fund_round["awarded_total"]) <= Decimal(fund_round["budget"])
        # the partnership's 2023/24 round, recorded with its own dates
        assert fund_round["opens_at"] == "2023-04-03T09:00:00+01:00"
        assert fund_round["status"] == "closed"
        grants = (
            await client.get("/v1/grants", params={"round_id": made["round_id"]}, headers=manager)
        ).json()["items"]
        assert {g["awarded_on"] for g in grants} == {"2023-06-28"}
        paid = [t["paid_on"] for g in grants for t in g["tranches"] if t["paid_on"]]
        assert len(paid) == 10 and all("2023-04-01" <= day <= "2024-03-31" for day in paid), paid
        package = (
            await client.get(f"/v1/rounds/{made['round_id']}/360giving.json", headers=reader)
        ).json()
        assert len(package["grants"]) == 6
        assert package_problems(package, id_prefix="360G-nypfcc") == []
        priorities = {c["code"] for g in package["grants"] for c in g["classifications"]}
        assert priorities == {
            "awareness",
            "children-young-people",
            "weapons",
            "night-time-economy",
            "vawg",
        }
        overdue = (
            await client.get("/v1/returns", params={"overdue": True, "limit": 200}, headers=manager)
        ).json()["items"]
        assert overdue and all(r["overdue"] for r in overdue)
        approved = (
            await client.get("/v1/returns", params={"status": "approved"}, headers=manager)
        ).json()["items"]
        assert len(approved) == 4
        bids = (
            await client.get(
                "/v1/bids", params={"round_id": made["round_id"], "limit": 200}, headers=manager
            )
        ).json()["items"]
        assert {b["status"] for b in bids} == {"awarded", "waitlisted", "ineligible"}
    assert await demo.load(demo_server.url, mint) == {"loaded": False}
