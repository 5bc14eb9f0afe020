"""The needs assessment's measures, computed from imported aggregates (crime, population,
severity weights, comparators), never stored: the demonstration data read 8.5 per 1,000
against England and Wales's 9.6, 3% with a knife, a severity score of 3.2 against 5.1."""

import functools
import json
from decimal import Decimal

import pytest
from sqlalchemy import inspect

from csp_devtools.demo.svd_fund import measures as demo
from csp_devtools.testing.infra import eventually
from csp_devtools.testing.kafka import read_topic


@pytest.fixture(scope="module")
async def loaded(committed_fund, auth_header):
    app, client = committed_fund
    manager = auth_header(agency="pfcc", scopes=["fund:manage"])
    jobs = []
    for kind, rows in demo.SOURCES.items():
        answer = await client.post(
            f"/v1/imports/{kind}",
            content=demo.as_csv(rows()),
            headers={**manager, "Content-Type": "text/csv"},
        )
        assert answer.status_code == 202, answer.text
        jobs.append(answer.json()["id"])

    async def finished(job_id):
        job = (await client.get(f"/v1/imports/{job_id}", headers=manager)).json()
        return job if job["status"] in ("completed", "failed") else None

    for job_id in jobs:
        job = await eventually(functools.partial(finished, job_id), timeout=120)
        assert (job["status"], job["rows_failed"]) == ("completed", 0), job
    return app, client


async def test_the_measures_of_2022_23_read_as_the_needs_assessment(loaded, auth_header):
    app, client = loaded
    answer = await client.get(
        "/v1/measures",
        params={"year": "2022-23"},
        headers=auth_header(agency="pfcc", scopes=["reports:read"]),
    )
    assert answer.status_code == 200, answer.text
    measures = answer.json()
    whole = measures["partnership"]
    assert whole["population"] == 823_529
    assert whole["violence_with_injury"] == 7_000
    assert whole["violence_with_injury_per_1000"] == "8.5"
    assert whole["knife_share_percent"] == "3.0"
    assert whole["crime_severity_score"] == "3.2"
    assert whole["unweighted_offence_codes"] == []
    assert measures["weights"] == {"edition": demo.WEIGHTS_EDITION, "source": demo.WEIGHTS_SOURCE}
    assert {(c["measure"], Decimal(c["value"])) for c in measures["comparators"]} == {
        ("violence_with_injury_per_1000", Decimal("9.6")),
        ("crime_severity_score", Decimal("5.1")),
    }
    assert all(c["source"] for c in measures["comparators"])
    assert (measures["period_start"], measures["period_end"]) == ("2022-04-01", "2023-03-31")
    groups = {g["group"]: g["offences"] for g in whole["serious_violence"]}
    assert groups["violence-with-injury"] == 7_000
    assert groups["homicide"] == 8
    assert groups["stalking-harassment"] == 6_500
    york = next(area for area in measures["areas"] if area["area"] == "york")
    assert york["population"] == 206_529
    assert Decimal(york["violence_with_injury_per_1000"]) == Decimal("8.5")
    # computed, not stored: no table holds a measure
    async with app.state.engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    assert not [name for name in tables if "measure" in name]


async def test_another_year_has_no_offences_and_no_population(loaded, auth_header):
    _, client = loaded
    answer = await client.get(
        "/v1/measures",
        params={"year": "2023-24"},
        headers=auth_header(agency="pfcc", scopes=["fund:manage"]),
    )
    whole = answer.json()["partnership"]
    assert whole["violence_with_injury"] == 0
    assert whole["violence_with_injury_per_1000"] is None
    assert whole["crime_severity_score"] is None


async def test_a_named_edition_and_bad_years(loaded, auth_header):
    _, client = loaded
    reader = auth_header(agency="pfcc", scopes=["reports:read"])
    for year in ("2022-24", "2022", "22-23", "2022-2023"):
        answer = await client.get("/v1/measures", params={"year": year}, headers=reader)
        assert answer.status_code == 422, year
    missing = await client.get(
        "/v1/measures", params={"year": "2022-23", "edition": "ons-2031"}, headers=reader
    )
    assert missing.status_code == 422
    named = await client.get(
        "/v1/measures", params={"year": "2022-23", "edition": demo.WEIGHTS_EDITION}, headers=reader
    )
    assert named.json()["partnership"]["crime_severity_score"] == "3.2"
    refused = await client.get(
        "/v1/measures",
        params={"year": "2022-23"},
        headers=auth_header(agency="youth-trust", scopes=["fund:apply"]),
    )
    assert refused.status_code == 403


async def test_importing_again_imports_nothing_twice_and_unknown_areas_are_refused(
    loaded, auth_header
):
    _, client = loaded
    manager = auth_header(agency="pfcc", scopes=["fund:manage"])
    elsewhere = {"offence_code": "8N", "area": "leeds", "month": "2022-05", "knife": False}
    rows = [*demo.crime_rows()[:3], {**elsewhere, "count": 9}]
    answer = await client.post(
        "/v1/imports/crime",
        content=demo.as_csv(rows),
        headers={**manager, "Content-Type": "text/csv"},
    )
    job_id = answer.json()["id"]

    async def finished():
        job = (await client.get(f"/v1/imports/{job_id}", headers=manager)).json()
        return job if job["status"] == "completed" else None

    job = await eventually(finished, timeout=60)
    assert (job["rows_imported"], job["rows_skipped"], job["rows_failed"]) == (0, 3, 1)
    errors = (await client.get(f"/v1/imports/{job_id}/errors", headers=manager)).json()
    assert errors["items"][0]["pointer"] == "#/area"
    measures = await client.get("/v1/measures", params={"year": "2022-23"}, headers=manager)
    assert measures.json()["partnership"]["violence_with_injury"] == 7_000
    refused = await client.post(
        "/v1/imports/crime",
        content=demo.as_csv(rows),
        headers={**auth_header(agency="pfcc", scopes=["reports:read"]), "Content-Type": "text/csv"},
    )
    assert refused.status_code == 403


async def test_publishing_the_measures_puts_them_on_the_broker(loaded, auth_header, broker):
    _, client = loaded
    answer = await client.post(
        "/v1/measures/publications",
        json={"year": "2022-23"},
        headers=auth_header(agency="pfcc", scopes=["fund:manage"]),
    )
    assert answer.status_code == 201, answer.text
    refused = await client.post(
        "/v1/measures/publications",
        json={"year": "2022-23"},
        headers=auth_header(agency="pfcc", scopes=["reports:read"]),
    )
    assert refused.status_code == 403

    async def published():
        records = await read_topic(broker.bootstrap_servers, "csp.svd-fund", timeout=3)
        return [
            r
            for r in records
            if dict(r.headers).get("ce_type") == b"csp.svd-fund.measures_published.v1"
            and r.key == b"2022-23"
        ] or None

    # the suite's broker is shared: other tests publish measures of other years (and of this
    # one, in other databases, before this test's); this test's is the year's last
    record = (await eventually(published, timeout=30))[-1]
    event = json.loads(record.value)
    data = event.get("data", event)
    assert data["partnership"]["violence_with_injury_per_1000"] == 8.5
    assert data["partnership"]["knife_share_percent"] == 3.0
    assert data["partnership"]["crime_severity_score"] == 3.2
    assert data["weights_edition"] == demo.WEIGHTS_EDITION
    assert {c["value"] for c in data["comparators"]} == {9.6, 5.1}
