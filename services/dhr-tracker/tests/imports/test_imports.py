"""Imports of reviews and recommendations through the kit's engine, on a PostgreSQL
database of their own: a review's history replayed through the workflow, idempotent by
source reference, bad rows refused alone (nothing of them stored), CSV notifications,
recommendations named by their review, who may import and read the jobs."""

import json
from collections.abc import AsyncIterator, Callable
from datetime import date
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from csp_common import clock
from csp_devtools.testing.infra import create_database, drop_database, eventually
from dhr_tracker.app import create_app

Auth = Callable[..., dict[str, str]]
TODAY = clock.at_noon(date(2025, 6, 1))


@pytest.fixture(scope="module")
async def import_app(dhr_settings_factory: Callable[..., Any]) -> AsyncIterator[FastAPI]:
    url = await create_database("csp_dhr_imports")
    app = create_app(dhr_settings_factory(database_url=url))
    async with app.router.lifespan_context(app):
        yield app
    await drop_database(url)


@pytest.fixture
async def client(import_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=import_app)
    with clock.frozen(TODAY):
        async with httpx.AsyncClient(transport=transport, base_url="http://dhr") as http:
            yield http


def ndjson(rows: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(row) + "\n" for row in rows).encode()


async def run(
    client: httpx.AsyncClient, headers: dict[str, str], kind: str, content: bytes, media: str
) -> dict[str, Any]:
    answer = await client.post(
        f"/v1/imports/{kind}", content=content, headers={**headers, "Content-Type": media}
    )
    assert answer.status_code == 202, answer.text
    job_id = answer.json()["id"]

    async def finished() -> dict[str, Any] | None:
        job = (await client.get(f"/v1/imports/{job_id}", headers=headers)).json()
        return job if job["status"] in ("completed", "failed") else None

    return await eventually(finished, timeout=60)


async def errors(client: httpx.AsyncClient, headers: dict[str, str], job: dict) -> list:
    return (await client.get(f"/v1/imports/{job['id']}/errors", headers=headers)).json()["items"]


def review_row(reference: str, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "source_reference": reference,
        "area": "harrogate",
        "notified_on": "2019-03-04",
        "notifying_agency": "north-yorkshire-police",
        "date_of_death": "2019-02-20",
        "circumstances": "homicide",
        "victim": {"age_band": "45_54", "gender": "female", "ethnicity": "white"},
        "suspect": {"age_band": "45_54", "gender": "male", "relationship": "partner"},
        "panel_agencies": ["idas", "health"],
        "moves": [
            {"to": "scoping", "on": "2019-03-10"},
            {"to": "decided", "on": "2019-03-28", "decision": "review",
             "reasons": "Meets the statutory criteria.", "home_office_told_on": "2019-03-29"},
            {"to": "panel_established", "on": "2019-05-01", "chair": "Independent chair",
             "independence_declared": True},
            {"to": "terms_of_reference_agreed", "on": "2019-05-20"},
            {"to": "information_gathering", "on": "2019-06-01"},
            {"to": "overview_drafting", "on": "2019-10-01"},
            {"to": "submitted_to_qa", "on": "2020-01-15"},
            {"to": "qa_outcome", "on": "2020-04-02", "qa_outcome": "approved",
             "letter_on": "2020-03-30"},
            {"to": "awaiting_publication", "on": "2020-04-03"},
            {"to": "published", "on": "2020-06-01",
             "address": "https://www.nypartnerships.org.uk/dhr"},
        ],
    }  # fmt: skip
    row.update(changes)
    return row


async def test_reviews_import_with_their_history_once(
    client: httpx.AsyncClient, dhr_auth: Auth
) -> None:
    rows = [
        review_row("NY-DHR-2019-1"),
        review_row("NY-DHR-BAD-MOVE", moves=[{"to": "published", "on": "2019-04-01"}]),
        review_row("NY-DHR-BAD-AREA", area="atlantis"),
        review_row("NY-DHR-2019-2", moves=[], panel_agencies=[]),
    ]
    job = await run(client, dhr_auth(), "reviews", ndjson(rows), "application/x-ndjson")
    assert (job["status"], job["rows_imported"], job["rows_failed"]) == ("completed", 2, 2), job
    found = await errors(client, dhr_auth(), job)
    assert [(e["row"], e["pointer"], e["code"]) for e in found] == [
        (2, "#/moves/0", "move_refused"),
        (3, "#/area", "unknown_area"),
    ]
    listed = (await client.get("/v1/reviews?area=harrogate", headers=dhr_auth())).json()["items"]
    assert sorted(r["stage"] for r in listed) == ["notified", "published"]
    published = next(r for r in listed if r["stage"] == "published")
    assert published["reference"].startswith("DHR-2019-")
    history = (
        await client.get(f"/v1/reviews/{published['id']}/transitions", headers=dhr_auth())
    ).json()
    assert len(history["moves"]) == 10
    office = (
        await client.get(f"/v1/reviews/{published['id']}/home-office", headers=dhr_auth())
    ).json()
    assert office["publication"] == {
        "published_on": "2020-06-01",
        "address": "https://www.nypartnerships.org.uk/dhr",
    }
    panel_member = dhr_auth("read", agency="idas")
    assert (
        await client.get(f"/v1/reviews/{published['id']}", headers=panel_member)
    ).status_code == 200
    again = await run(client, dhr_auth(), "reviews", ndjson(rows[:1]), "application/x-ndjson")
    assert (again["rows_imported"], again["rows_skipped"]) == (0, 1)


async def test_a_csv_of_notifications(client: httpx.AsyncClient, dhr_auth: Auth) -> None:
    csv = (
        "source_reference,area,notified_on,notifying_agency,date_of_death,circumstances,"
        "victim.age_band,victim.gender,victim.ethnicity,panel_agencies\n"
        "NY-CSV-1,selby,2024-05-02,north-yorkshire-police,2024-04-28,suspected_suicide,"
        "25_34,female,white,idas;health\n"
        "NY-CSV-2,selby,2024-05-02,north-yorkshire-police,2024-05-09,homicide,25_34,female,white,\n"
    )
    job = await run(client, dhr_auth(), "reviews", csv.encode(), "text/csv")
    assert (job["rows_imported"], job["rows_failed"]) == (1, 1), job
    [error] = await errors(client, dhr_auth(), job)
    assert (error["row"], error["pointer"]) == (3, "#/date_of_death")
    refused = await client.post(
        "/v1/imports/reviews",
        content=b"source_reference,victim_name\nX,Jane\n",
        headers={**dhr_auth(), "Content-Type": "text/csv"},
    )
    assert refused.status_code == 422  # a column no row may hold refuses the file


async def test_recommendations_import_named_by_their_review(
    client: httpx.AsyncClient, dhr_auth: Auth
) -> None:
    await run(
        client, dhr_auth(), "reviews", ndjson([review_row("NY-DHR-2020-1", area="york")]),
        "application/x-ndjson",
    )  # fmt: skip
    base = {
        "review": "NY-DHR-2020-1",
        "owner_agency": "health",
        "text": "Training on risk assessment for frontline staff.",
        "made_on": "2020-06-01",
    }
    rows = [
        {**base, "source_reference": "R1", "theme": "risk_assessment", "status": "completed",
         "status_on": "2021-03-01", "evidence": "Delivered to 300 staff.",
         "actions": [{"description": "Deliver sessions.", "owner_agency": "health",
                      "due_on": "2020-12-31", "completed_on": "2020-11-30", "evidence": "Done."}]},
        {**base, "source_reference": "R2", "theme": "marac_arrangements", "level": "national",
         "national_body": "home-office"},
        {**base, "source_reference": "R3", "theme": "older_people", "status": "completed"},
        {**base, "source_reference": "R4", "theme": "gardening"},
        {**base, "source_reference": "R5", "review": "NOT-A-REVIEW", "theme": "older_people"},
    ]  # fmt: skip
    job = await run(client, dhr_auth(), "recommendations", ndjson(rows), "application/x-ndjson")
    assert (job["rows_imported"], job["rows_failed"]) == (2, 3), job
    found = await errors(client, dhr_auth(), job)
    assert [(e["row"], e["pointer"]) for e in found] == [
        (3, "#/evidence"),
        (4, "#/theme"),
        (5, "#/review"),
    ]
    york = dhr_auth(area="york")
    listed = (await client.get("/v1/recommendations?theme=risk_assessment", headers=york)).json()
    [completed] = listed["items"]
    assert completed["status"] == "completed" and completed["actions"][0]["completed_on"]
    assert (await client.get("/v1/recommendations", headers=dhr_auth(area="selby"))).json()[
        "items"
    ] == [
        item
        for item in (await client.get("/v1/recommendations", headers=dhr_auth())).json()["items"]
        if item["review_id"] != completed["review_id"]
    ]
    other_area = await run(
        client, dhr_auth(area="selby"), "recommendations",
        ndjson([{**base, "source_reference": "R6", "theme": "older_people"}]),
        "application/x-ndjson",
    )  # fmt: skip
    assert other_area["rows_failed"] == 1  # the review is not theirs: it does not exist for them


async def test_who_may_import(client: httpx.AsyncClient, dhr_auth: Auth) -> None:
    body = ndjson([review_row("NY-DHR-ACCESS")])
    for role in ("read", "contribute", "none"):
        refused = await client.post(
            "/v1/imports/reviews",
            content=body,
            headers={**dhr_auth(role), "Content-Type": "application/x-ndjson"},
        )
        assert refused.status_code == 403
    job = await run(client, dhr_auth(), "reviews", body, "application/x-ndjson")
    other = dhr_auth(agency="probation")
    assert (await client.get(f"/v1/imports/{job['id']}", headers=other)).status_code == 404
