"""POST /v1/imports/hub-cases: open cases from an existing case system, in CSV and NDJSON,
through the import engine (the jobs run with their own sessions: committed rows)."""

import asyncio
import csv
import io
import json
import uuid
from collections.abc import Callable
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from csp_common.tables import outbox_table
from referral_hub.hubs.cases.models import case_table
from referral_hub.imports.hub_cases import HubCaseImportRow

COLUMNS = list(HubCaseImportRow.model_fields)


def row(reference: str, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "source_reference": reference,
        "hub": "selby",
        "kind": "asb_nuisance",
        "reported_on": "2023-10-02",
        "opened_on": "2023-10-04",
        "location_kind": "place",
        "place": f"Abbey Walk play area {reference}",
        "victim_given_name": f"Vic{reference}",
        "victim_family_name": "Tim",
        "victim_date_of_birth": "1970-01-01",
        "subject_given_name": f"Sub{reference}",
        "subject_family_name": "Ject",
    }
    values.update(overrides)
    return values


def csv_file(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for r in rows:
        writer.writerow({c: r.get(c, "") for c in COLUMNS})
    return out.getvalue().encode()


async def _run(
    client: httpx.AsyncClient, content: bytes, content_type: str, headers: dict[str, str]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    answer = await client.post(
        "/v1/imports/hub-cases", content=content, headers=headers | {"Content-Type": content_type}
    )
    assert answer.status_code == 202, answer.text
    for _ in range(600):
        job = (await client.get(answer.headers["location"], headers=headers)).json()
        if job["status"] in {"completed", "failed"}:
            break
        await asyncio.sleep(0.05)
    errors = (await client.get(job["errors_url"], params={"limit": 100}, headers=headers)).json()
    return job, errors["items"]


async def _stored(app: FastAPI, prefix: str) -> dict[str, Any]:
    async with app.state.session_factory() as session:
        rows = await session.execute(
            select(case_table).where(case_table.c.source_reference.like(f"{prefix}%"))
        )
        return {r.source_reference: r for r in rows}


async def test_open_cases_are_imported_once_with_their_dates(
    hub_http: httpx.AsyncClient, hub_app: FastAPI, hub_headers: Callable[..., Any]
) -> None:
    importer = hub_headers(agency="north-yorkshire-council", scopes=["hubs:write", "hubs:read"])
    ref = f"SDC-{uuid.uuid4().hex[:6]}"
    rows = [
        row(f"{ref}-1"),
        row(f"{ref}-2", location_kind="address", place="", address_line="3 Gowthorpe",
            postcode="YO8 4ET", victim_given_name="", victim_family_name="",
            victim_date_of_birth=""),
        row(f"{ref}-3", hub="atlantis"),
        row(f"{ref}-4", kind="piracy"),
        row(f"{ref}-5", reported_on="2023-13-01"),
        row(f"{ref}-6", reporting_agency="probation"),
    ]  # fmt: skip
    job, errors = await _run(hub_http, csv_file(rows), "text/csv", importer)
    assert job["status"] == "completed", job
    assert (job["rows_imported"], job["rows_skipped"], job["rows_failed"]) == (2, 0, 4)
    assert {e["row"]: e["pointer"] for e in errors} == {
        4: "#/hub",
        5: "#/kind",
        6: "#/reported_on",
        7: "#/reporting_agency",
    }
    stored = await _stored(hub_app, ref)
    first = stored[f"{ref}-1"]
    assert (first.hub, first.channel, str(first.opened_on)) == ("selby", "import", "2023-10-04")
    async with hub_app.state.session_factory() as session:
        event = (
            await session.execute(
                select(outbox_table.c.data).where(outbox_table.c.key == str(first.id))
            )
        ).one()
    payload = json.loads(event.data)
    assert payload["source"] == "import" and payload["opened_on"] == "2023-10-04"
    assert "Abbey" not in event.data.decode()

    ndjson = "\n".join(json.dumps({k: v for k, v in r.items() if v != ""}) for r in rows[:2])
    again, _ = await _run(hub_http, ndjson.encode(), "application/x-ndjson", importer)
    assert (again["rows_imported"], again["rows_skipped"]) == (0, 2)
    assert len(await _stored(hub_app, ref)) == 2
