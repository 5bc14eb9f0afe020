"""Police-recorded domestic abuse crimes come through the same crime aggregates as the
serious violence measures, flagged: counted by area for a financial year, published with
the measures, and a row's flag is part of its cell (the same offence, area and month
with and without the flag are two cells)."""

import csv
import functools
import io
import json

import pytest

from csp_devtools.testing.infra import eventually
from csp_devtools.testing.kafka import read_topic
from svd_fund.measures.rules import Cell, measure_all
from svd_fund.policy import local_definition

YEAR = "2031-32"
COLUMNS = ("offence_code", "area", "month", "knife", "domestic_abuse", "count")


def crime_rows() -> list[dict[str, object]]:
    return [
        # 8N violence with injury: 30 of Selby's 100 flagged as domestic abuse
        {"offence_code": "8N", "area": "selby", "month": "2031-05", "knife": False,
         "domestic_abuse": True, "count": 30},
        {"offence_code": "8N", "area": "selby", "month": "2031-05", "knife": False,
         "domestic_abuse": False, "count": 70},
        # 8Q stalking and harassment, no serious violence knife: all flagged
        {"offence_code": "8Q", "area": "selby", "month": "2032-02", "knife": False,
         "domestic_abuse": True, "count": 12},
        {"offence_code": "8N", "area": "craven", "month": "2031-11", "knife": True,
         "domestic_abuse": True, "count": 4},
        # outside the financial year
        {"offence_code": "8N", "area": "craven", "month": "2032-04", "knife": False,
         "domestic_abuse": True, "count": 500},
    ]  # fmt: skip


def as_csv(rows: list[dict[str, object]], columns=COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: str(v).lower() if isinstance(v, bool) else v for k, v in row.items()})
    return out.getvalue()


async def import_crime(client, manager, content: str) -> dict:
    answer = await client.post(
        "/v1/imports/crime", content=content, headers={**manager, "Content-Type": "text/csv"}
    )
    assert answer.status_code == 202, answer.text
    job_id = answer.json()["id"]

    async def finished(job_id):
        job = (await client.get(f"/v1/imports/{job_id}", headers=manager)).json()
        return job if job["status"] in ("completed", "failed") else None

    return await eventually(functools.partial(finished, job_id), timeout=120)


@pytest.fixture(scope="module")
async def loaded(committed_fund, auth_header):
    app, client = committed_fund
    manager = auth_header(agency="pfcc", scopes=["fund:manage"])
    job = await import_crime(client, manager, as_csv(crime_rows()))
    assert (job["status"], job["rows_imported"], job["rows_failed"]) == ("completed", 5, 0), job
    return app, client


def test_the_flag_counts_offences_of_any_code():
    whole, (selby, craven) = measure_all(
        cells=[
            Cell("8N", "selby", knife=False, count=70),
            Cell("8N", "selby", knife=False, count=30, domestic_abuse=True),
            Cell("99Z", "craven", knife=False, count=6, domestic_abuse=True),
        ],
        populations={},
        areas=["selby", "craven"],
        groups=local_definition(),
        violence_with_injury="violence-with-injury",
        weights=None,
    )
    assert (whole.domestic_abuse, selby.domestic_abuse, craven.domestic_abuse) == (36, 30, 6)
    assert selby.violence_with_injury == 100  # the flag splits cells, never adds to them


async def test_a_years_domestic_abuse_crimes_by_area(loaded, auth_header):
    _, client = loaded
    answer = await client.get(
        "/v1/measures",
        params={"year": YEAR},
        headers=auth_header(agency="pfcc", scopes=["reports:read"]),
    )
    assert answer.status_code == 200, answer.text
    measures = answer.json()
    assert measures["partnership"]["domestic_abuse"] == 46
    by_area = {area["area"]: area for area in measures["areas"]}
    assert by_area["selby"]["domestic_abuse"] == 42
    assert by_area["selby"]["violence_with_injury"] == 100
    assert by_area["craven"]["domestic_abuse"] == 4
    assert by_area["york"]["domestic_abuse"] == 0


async def test_the_same_cell_again_is_skipped_and_a_file_without_the_flag_is_not_flagged(
    loaded, auth_header
):
    _, client = loaded
    manager = auth_header(agency="pfcc", scopes=["fund:manage"])
    again = await import_crime(client, manager, as_csv(crime_rows()[:2]))
    assert (again["rows_imported"], again["rows_skipped"]) == (0, 2)
    unflagged = [{"offence_code": "8N", "area": "ryedale", "month": "2031-06", "knife": False,
                  "count": 9}]  # fmt: skip
    columns = ("offence_code", "area", "month", "knife", "count")
    job = await import_crime(client, manager, as_csv(unflagged, columns))
    assert (job["rows_imported"], job["rows_failed"]) == (1, 0), job
    measures = (await client.get("/v1/measures", params={"year": YEAR}, headers=manager)).json()
    ryedale = next(area for area in measures["areas"] if area["area"] == "ryedale")
    assert (ryedale["violence_with_injury"], ryedale["domestic_abuse"]) == (9, 0)


async def test_a_flag_that_is_not_a_boolean_is_refused(loaded, auth_header):
    _, client = loaded
    manager = auth_header(agency="pfcc", scopes=["fund:manage"])
    bad = [{**crime_rows()[0], "domestic_abuse": "perhaps", "month": "2031-07"}]
    job = await import_crime(client, manager, as_csv(bad))
    assert (job["rows_imported"], job["rows_failed"]) == (0, 1), job
    errors = (await client.get(f"/v1/imports/{job['id']}/errors", headers=manager)).json()
    assert errors["items"][0]["pointer"] == "#/domestic_abuse"


async def test_the_published_measures_carry_the_domestic_abuse_crimes(loaded, auth_header, broker):
    _, client = loaded
    answer = await client.post(
        "/v1/measures/publications",
        json={"year": YEAR},
        headers=auth_header(agency="pfcc", scopes=["fund:manage"]),
    )
    assert answer.status_code == 201, answer.text

    async def published():
        records = await read_topic(broker.bootstrap_servers, "csp.svd-fund", timeout=3)
        return [r for r in records if r.key == YEAR.encode()] or None

    [record, *_] = await eventually(published, timeout=30)
    event = json.loads(record.value)
    data = event.get("data", event)
    assert data["partnership"]["domestic_abuse_crimes"] >= 46
    areas = {area["area"]: area["domestic_abuse_crimes"] for area in data["areas"]}
    assert (areas["selby"], areas["craven"]) == (42, 4)
