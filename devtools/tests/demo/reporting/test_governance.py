"""The demo's governance statuses, set through reporting's API by each priority's owner:
every priority has a status dated in the history, with its note; the committee report of
the demo's quarter shows them (§1); a second load sets nothing."""

import re
from html import unescape

import httpx

from csp_devtools.demo import LOADERS
from csp_devtools.demo.reporting import governance


async def test_every_priority_gets_its_owners_dated_status_once(
    reporting_server, mint, auth_header
):
    assert LOADERS["reporting"] is governance.load_demo
    made = await governance.load(reporting_server.url, mint)
    assert made == {"set": sum(len(s) for s in governance.STATUSES.values())}
    reader = auth_header(agency="pfcc", scopes=["reports:read"])
    async with httpx.AsyncClient(base_url=reporting_server.url, timeout=60) as client:
        priorities = (await client.get("/v1/governance/priorities", headers=reader)).json()
        report = await client.get(
            "/v1/reports/scrutiny", params={"period": "2023-24-Q3"}, headers=reader
        )
    assert {p["code"] for p in priorities} == set(governance.STATUSES)
    for priority in priorities:
        newest = governance.STATUSES[priority["code"]][-1]
        assert priority["status"]["status"] == newest["status"], priority["code"]
        assert priority["status"]["set_on"] == "2024-02-08"
        assert priority["status"]["note"] == newest["note"]
        assert priority["status"]["set_by_agency"] == priority["owner"]["agency"]
        assert [h["set_on"] for h in priority["history"]] == ["2024-02-08", "2023-10-12"]
    assert report.status_code == 200, report.text
    text = " ".join(re.sub(r"<[^>]+>", " ", unescape(report.text)).split())
    assert "Not yet set" not in text
    assert "At risk 2024-02-08" in text and "On track 2024-02-08" in text
    assert await governance.load(reporting_server.url, mint) == {"set": 0}
