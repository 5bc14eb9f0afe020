"""POST /v1/imports/hate-reports: CSV, NDJSON and XLSX (as the body or a multipart
form), UK times, idempotency, events."""

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from csp_common.tables import outbox_table
from referral_hub.hate.models import hate_report_table


def hate_row(reference: str, **overrides: Any) -> dict[str, Any]:
    return {
        "source_reference": reference,
        "kind": "crime",
        "strands": ["race"],
        "occurred_at": "2023-11-03T01:20:00Z",
        "area": "scarborough",
        "victim_police_officer_on_duty": False,
        "reporting_channel": "police",
    } | overrides


async def stored(app: FastAPI, prefix: str) -> dict[str, Any]:
    async with app.state.session_factory() as session:
        rows = await session.execute(
            select(hate_report_table).where(hate_report_table.c.source_reference.like(f"{prefix}%"))
        )
        return {r.source_reference: r for r in rows}


async def test_csv_hate_reports_with_uk_times_and_bad_rows(
    import_client: httpx.AsyncClient, import_app: FastAPI, migrator: dict[str, str], kit: Any
) -> None:
    importer = migrator  # row 2 is another agency's report
    ref = f"HC-{uuid.uuid4().hex[:8]}"
    rows = [
        hate_row(f"{ref}-1", occurred_at="2023-07-01 01:30", strands=["race", "disability"]),
        hate_row(f"{ref}-2", kind="non_crime_incident", occurred_at="2023-12-01 23:10",
                 reporting_channel="third_party_reporting_centre",
                 reporting_agency="city-of-york-council"),
        hate_row(f"{ref}-3", strands=["race", "dislike of cyclists"]),
        hate_row(f"{ref}-4", area="leeds"),
        hate_row(f"{ref}-5", occurred_at="yesterday"),
        hate_row(f"{ref}-6", victim_police_officer_on_duty=True),
    ]  # fmt: skip
    content = kit.csv_file("hate-reports", rows)
    job, errors = await kit.run_import(import_client, "hate-reports", content, importer, kit.CSV)
    assert job["status"] == "completed"
    assert (job["rows_imported"], job["rows_skipped"], job["rows_failed"]) == (3, 0, 3)
    assert {row: [e["pointer"] for e in found] for row, found in kit.by_row(errors).items()} == {
        4: ["#/strands/1"],
        5: ["#/area"],
        6: ["#/occurred_at"],
    }
    reports = await stored(import_app, ref)
    summer, winter = reports[f"{ref}-1"], reports[f"{ref}-2"]
    assert summer.occurred_at == datetime(2023, 7, 1, 0, 30, tzinfo=UTC)  # BST
    assert summer.strands == ["race", "disability"]
    assert summer.channel == "import" and summer.reporting_agency == kit.IMPORTER
    assert winter.occurred_at == datetime(2023, 12, 1, 23, 10, tzinfo=UTC)  # GMT
    assert (winter.kind, winter.reporting_agency) == ("non_crime_incident", "city-of-york-council")
    assert reports[f"{ref}-6"].victim_police_officer_on_duty is True

    async with import_app.state.session_factory() as session:
        event = (
            await session.execute(
                select(outbox_table.c.data, outbox_table.c.time).where(
                    outbox_table.c.key == str(summer.id)
                )
            )
        ).one()
    assert json.loads(event.data) == {
        "report_id": str(summer.id),
        "kind": "crime",
        "strands": ["race", "disability"],
        "occurred_at": "2023-07-01T01:30:00+01:00",
        "area": "scarborough",
        "victim_police_officer_on_duty": False,
        "reporting_channel": "police",
        "channel": "import",
    }
    assert event.time == summer.occurred_at  # the original date, not the import's

    again, _ = await kit.run_import(import_client, "hate-reports", content, importer, kit.CSV)
    assert (again["rows_imported"], again["rows_skipped"], again["rows_failed"]) == (0, 3, 3)
    assert len(await stored(import_app, ref)) == 3


async def test_ndjson_hate_reports_share_references_with_the_api(
    import_client: httpx.AsyncClient,
    import_app: FastAPI,
    importer: dict[str, str],
    auth_header: Any,
    kit: Any,
) -> None:
    ref = f"HN-{uuid.uuid4().hex[:8]}"
    reporter = auth_header(agency=kit.IMPORTER, scopes=["hate-reports:write"])
    body = hate_row(f"{ref}-1")
    answer = await import_client.post("/v1/hate-reports", json=body, headers=reporter)
    assert answer.status_code == 201
    rows = [body, hate_row(f"{ref}-2"), hate_row(f"{ref}-3", reporting_agency="nobody")]
    job, errors = await kit.run_import(
        import_client, "hate-reports", kit.ndjson(rows), importer, kit.NDJSON
    )
    assert (job["rows_imported"], job["rows_skipped"], job["rows_failed"]) == (1, 1, 1)
    assert [(e["row"], e["pointer"], e["code"]) for e in errors] == [
        (3, "#/reporting_agency", "unknown")
    ]
    assert set(await stored(import_app, ref)) == {f"{ref}-1", f"{ref}-2"}


async def test_a_hate_report_of_another_agency_needs_the_delegation(
    import_client: httpx.AsyncClient, import_app: FastAPI, importer: dict[str, str], kit: Any
) -> None:
    ref = f"HA-{uuid.uuid4().hex[:8]}"
    rows = [hate_row(f"{ref}-1", reporting_agency="city-of-york-council"), hate_row(f"{ref}-2")]
    job, errors = await kit.run_import(
        import_client, "hate-reports", kit.ndjson(rows), importer, kit.NDJSON
    )
    assert (job["status"], job["rows_imported"], job["rows_failed"]) == ("completed", 1, 1)
    assert [(e["row"], e["code"]) for e in errors] == [(1, "forbidden")]
    assert {r.reporting_agency for r in (await stored(import_app, ref)).values()} == {kit.IMPORTER}


async def test_xlsx_hate_reports_as_a_person_sees_the_cells(
    import_client: httpx.AsyncClient, import_app: FastAPI, importer: dict[str, str], kit: Any
) -> None:
    ref = f"HX-{uuid.uuid4().hex[:8]}"
    columns = ["Source_Reference", "kind", "strands", "occurred_at", "area",
               "reporting_channel", "victim_police_officer_on_duty"]  # fmt: skip
    rows = [
        [f"{ref}-1", "crime", "race;religion", datetime(2023, 7, 1, 1, 30), "york", "police",
         False],  # a date-time cell: UK time
        [f"{ref}-2", "crime", "race", "2023-12-01 23:10", "selby", "police", None],
        [f"{ref}-3", "crime", "race", datetime(2023, 7, 1), "leeds", "police", None],
        [f"{ref}-4", "crime", "race", 42, "york", "police", None],
    ]  # fmt: skip
    content = kit.xlsx_file("hate-reports", rows, columns)
    job, errors = await kit.run_import(import_client, "hate-reports", content, importer, kit.XLSX)
    assert (job["status"], job["format"], job["rows_imported"], job["rows_failed"]) == (
        "completed",
        "xlsx",
        2,
        2,
    )
    assert [(e["row"], e["pointer"]) for e in errors] == [(4, "#/area"), (5, "#/occurred_at")]
    reports = await stored(import_app, ref)
    assert reports[f"{ref}-1"].occurred_at == datetime(2023, 7, 1, 0, 30, tzinfo=UTC)  # BST
    assert reports[f"{ref}-1"].strands == ["race", "religion"]
    assert reports[f"{ref}-2"].occurred_at == datetime(2023, 12, 1, 23, 10, tzinfo=UTC)


async def test_a_multipart_upload_is_taken_as_marac_takes_it(
    import_client: httpx.AsyncClient, import_app: FastAPI, importer: dict[str, str], kit: Any
) -> None:
    ref = f"HM-{uuid.uuid4().hex[:8]}"
    csv_content = kit.csv_file("hate-reports", [hate_row(f"{ref}-1")])
    ndjson_content = kit.ndjson([hate_row(f"{ref}-2"), hate_row(f"{ref}-3", area="leeds")])
    from_csv, _ = await kit.run_import(
        import_client, "hate-reports", csv_content, importer, filename="reports.CSV"
    )
    from_ndjson, errors = await kit.run_import(
        import_client, "hate-reports", ndjson_content, importer, filename="reports.ndjson"
    )
    assert (from_csv["format"], from_csv["rows_imported"]) == ("csv", 1)
    assert (from_ndjson["format"], from_ndjson["rows_imported"]) == ("ndjson", 1)
    assert [(e["row"], e["pointer"]) for e in errors] == [(2, "#/area")]
    assert set(await stored(import_app, ref)) == {f"{ref}-1", f"{ref}-2"}
    no_file = await import_client.post(
        "/v1/imports/hate-reports", files={"other": ("x.csv", csv_content)}, headers=importer
    )
    assert no_file.status_code == 422
    assert no_file.json()["type"].endswith("/validation")
