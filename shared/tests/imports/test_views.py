"""The import API: create a job with an upload, poll it, page its errors; who sees what."""

import asyncio
import io
import uuid
from typing import Any

from openpyxl import Workbook


async def test_an_ndjson_file_is_imported_with_its_bad_rows_reported(demo: Any) -> None:
    p = demo.prefix()
    lines: list[Any] = [
        demo.row(f"{p}-1", tags=["a", "b"], owner={"given_name": "Bo", "area": "york"}),
        demo.row(f"{p}-2", size=1001, made_on=20230101),
        "",
        "not json",
        demo.row(f"{p}-1"),  # again: skipped
        demo.row(f"{p}-5", name="Refused"),
        demo.row(f"{p}-6", victim_name="Canary"),
    ]
    job, errors = await demo.run(demo.ndjson(lines), demo.NDJSON)
    assert (job["status"], job["format"], job["kind"]) == ("completed", "ndjson", "things")
    assert (job["rows_processed"], job["rows_total"], job["progress"]) == (6, 6, 1.0)
    assert (job["rows_imported"], job["rows_skipped"], job["rows_failed"]) == (1, 1, 4)
    assert [(e["row"], e["pointer"], e["code"]) for e in errors] == [
        (2, "#/size", "less_than_equal"),
        (2, "#/made_on", "date_format"),
        (4, "#", "json_invalid"),
        (6, "#/name", "forbidden"),
        (7, "#/victim_name", "extra_forbidden"),
    ]
    assert all(set(e) == {"row", "pointer", "code", "detail"} for e in errors)
    assert not any("Canary" in e["detail"] for e in errors)
    stored = await demo.stored(p)
    assert list(stored) == [f"{p}-1"]
    assert (stored[f"{p}-1"]["tags"], stored[f"{p}-1"]["owner_area"]) == (["a", "b"], "york")
    audited = await demo.scalar(
        "SELECT count(*) FROM audit_log WHERE record_id = :id AND purpose = :purpose",
        id=f"{demo.AGENCY}/{p}-1",
        purpose=f"import job {job['id']}",
    )
    assert audited == 1


async def test_a_csv_file_maps_columns_to_the_rows_json(demo: Any) -> None:
    p = demo.prefix()
    header = ["Source_Reference", "name", "size", "tags", "owner.given_name", "owner.area"]
    content = "\ufeff".encode() + demo.csv(
        header,
        [
            [f"{p}-1", "Ann", "7", "red; blue", "Bo", "selby"],
            ["", "", "", "", "", ""],
            [f"{p}-3", "Ann", "1.5", "", "", ""],
            [f"{p}-4", "Ann", "2"],
        ],
    )
    job, errors = await demo.run(content, demo.CSV)
    assert (job["rows_processed"], job["rows_imported"], job["rows_failed"]) == (3, 1, 2)
    assert [(e["row"], e["pointer"], e["code"]) for e in errors] == [
        (4, "#/size", "int_type"),
        (5, "#", "cells"),
    ]
    stored = await demo.stored(p)
    assert stored[f"{p}-1"]["tags"] == ["red", "blue"]
    assert stored[f"{p}-1"]["owner_area"] == "selby"


async def test_an_unbalanced_quote_fails_its_own_row_only(demo: Any) -> None:
    p = demo.prefix()
    content = (
        "source_reference,name,size\r\n"
        f'{p}-1,"Ann,3\r\n'  # the quote is never closed...
        f'{p}-2,Bo",4\r\n'  # ...until here: read as CSV, lines 2 and 3 would be one row
        f"{p}-3,Cy,5\r\n"
    ).encode()
    job, errors = await demo.run(content, demo.CSV)
    assert (job["rows_processed"], job["rows_imported"], job["rows_failed"]) == (3, 2, 1)
    assert [(e["row"], e["pointer"], e["code"]) for e in errors] == [(2, "#", "csv")]
    assert "quote" in errors[0]["detail"]
    assert sorted(await demo.stored(p)) == [f"{p}-2", f"{p}-3"]


async def test_a_quoted_line_break_is_refused_not_merged(demo: Any) -> None:
    p = demo.prefix()
    content = demo.csv(
        ["source_reference", "name", "size"], [[f"{p}-1", "Ann\nBo", "3"], [f"{p}-3", "Cy", "1"]]
    )
    job, errors = await demo.run(content, demo.CSV)
    assert (job["rows_processed"], job["rows_imported"]) == (3, 1)
    assert [(e["row"], e["code"]) for e in errors] == [(2, "csv"), (3, "cells")]


async def test_an_xlsx_workbook_is_read_as_a_person_sees_it(demo: Any) -> None:
    from datetime import date, datetime

    p = demo.prefix()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["source_reference", "name", "size", "made_on", "tags", "note"])
    sheet.append([f"{p}-1", "Ann", 7, date(2023, 1, 2), "a;b", True])
    sheet.append([f"{p}-2", "Bo", 7.0, datetime(2023, 1, 2, 13, 30), None, None])
    sheet.append([f"{p}-3", "Cy", 1.5, None, None, None])
    sheet.append([])
    sheet.append([f"{p}-5", "Di", 1, "2023-02-03", None, "=1+1"])
    sheet.cell(row=2, column=4).number_format = "yyyy-mm-dd"
    sheet.cell(row=3, column=4).number_format = "yyyy-mm-dd hh:mm"
    buffer = io.BytesIO()
    book.save(buffer)
    job, errors = await demo.run(buffer.getvalue(), demo.XLSX)
    assert (job["format"], job["rows_processed"], job["rows_imported"]) == ("xlsx", 4, 2)
    assert [(e["row"], e["pointer"], e["code"]) for e in errors] == [
        (3, "#/made_on", "date_format"),  # a date-time where a date belongs
        (4, "#/size", "int_type"),
    ]
    stored = await demo.stored(p)
    first = stored[f"{p}-1"]
    assert (first["size"], first["made_on"], first["tags"], first["note"]) == (
        7,
        date(2023, 1, 2),
        ["a", "b"],
        "true",
    )
    assert stored[f"{p}-5"]["note"] is None  # a formula never computed has no value


async def test_a_multipart_upload_says_its_format_by_its_name(demo: Any) -> None:
    p = demo.prefix()
    response = await demo.client.post(
        "/v1/imports/things",
        files={"file": ("things.ndjson", demo.ndjson([demo.row(f"{p}-1")]), "text/plain")},
        headers=demo.importer,
    )
    assert response.status_code == 202, response.text
    assert response.headers["location"] == f"/v1/imports/{response.json()['id']}"
    await demo.settle()
    job, errors = await demo.finished(response.json()["id"])
    assert (job["format"], job["rows_imported"], errors) == ("ndjson", 1, [])
    nameless = await demo.client.post(
        "/v1/imports/things",
        files={"file": ("things", b"{}\n", "application/octet-stream")},
        headers=demo.importer,
    )
    assert nameless.status_code == 415
    no_part = await demo.client.post(
        "/v1/imports/things", files={"other": ("a.csv", b"x", "text/csv")}, headers=demo.importer
    )
    assert no_part.status_code == 422


async def test_files_that_cannot_be_imported_are_refused_before_a_job(demo: Any) -> None:
    jobs = await demo.scalar("SELECT count(*) FROM import_job")
    wrong = await demo.post(b"source_reference,name,size,victim_name,victim_name\n", demo.CSV)
    assert wrong.status_code == 422
    assert wrong.headers["content-type"] == "application/problem+json"
    body = wrong.json()
    assert [e["code"] for e in body["errors"]] == ["unknown", "repeated"]
    assert "'victim_name'" in body["detail"]
    missing = await demo.post(b"name\n", demo.CSV)
    assert [e["code"] for e in missing.json()["errors"]] == ["missing"]
    assert (await demo.post(b"  \n\n", demo.NDJSON)).json()["type"].endswith("/empty-file")
    assert (await demo.post(b"", demo.CSV)).status_code == 422
    assert (await demo.post(b"\xff\xfe,x\n", demo.CSV)).status_code == 422
    assert (await demo.post(b"PK not a zip", demo.XLSX)).json()["type"].endswith("/unreadable-file")
    assert (await demo.post(b"x", "application/pdf")).status_code == 415
    too_big = await demo.post(b"{}\n" * (demo.MAX_BYTES // 3 + 1), demo.NDJSON)
    assert too_big.status_code == 413
    assert await demo.scalar("SELECT count(*) FROM import_job") == jobs


async def test_format_query_says_what_the_media_type_cannot(demo: Any) -> None:
    p = demo.prefix()
    response = await demo.client.post(
        "/v1/imports/things?format=csv",
        content=f"source_reference,name,size\n{p}-1,Ann,3\n".encode(),
        headers={**demo.importer, "Content-Type": "application/octet-stream"},
    )
    assert response.status_code == 202
    await demo.settle()
    assert list(await demo.stored(p)) == [f"{p}-1"]
    assert (await demo.post(b"{}\n", demo.NDJSON.upper() + "; charset=utf-8")).status_code == 202
    await demo.settle()


async def test_a_job_is_visible_to_its_agency_and_admin_only(demo: Any) -> None:
    p = demo.prefix()
    job, _ = await demo.run(demo.ndjson([demo.row(f"{p}-1"), {"x": 1}]), demo.NDJSON)
    other = demo.token(agency="probation", scopes=[demo.SCOPE])
    for url in (f"/v1/imports/{job['id']}", job["errors_url"]):
        assert (await demo.client.get(url, headers=other)).status_code == 404
        assert (
            await demo.client.get(url, headers=demo.token(agency=demo.AGENCY, scopes=[]))
        ).status_code == 403
        admin = demo.token(agency="pfcc", scopes=[demo.SCOPE, "admin"])
        assert (await demo.client.get(url, headers=admin)).status_code == 200
    unknown = await demo.client.get(f"/v1/imports/{uuid.uuid4()}", headers=demo.importer)
    assert unknown.status_code == 404
    assert (await demo.post(b"{}\n", demo.NDJSON, headers=other | {"x": "y"})).status_code == 202
    await demo.settle()
    no_scope = await demo.post(
        b"{}\n", demo.NDJSON, headers=demo.token(agency=demo.AGENCY, scopes=[])
    )
    assert no_scope.status_code == 403
    assert (await demo.client.post("/v1/imports/things", content=b"{}\n")).status_code == 401


async def test_row_errors_are_paged_in_file_order(demo: Any) -> None:
    lines = [{"source_reference": "", "size": "x"} for _ in range(120)]
    job, _ = await demo.run(demo.ndjson(lines), demo.NDJSON)
    seen: list[tuple[int, str]] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 50, **({"cursor": cursor} if cursor else {})}
        page = await demo.client.get(job["errors_url"], headers=demo.importer, params=params)
        assert page.status_code == 200
        seen += [(e["row"], e["pointer"]) for e in page.json()["items"]]
        pages += 1
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert job["rows_failed"] == 120
    assert len(seen) == 360 and pages == 8  # three errors a row
    assert seen == sorted(
        seen, key=lambda e: (e[0], ["#/source_reference", "#/name", "#/size"].index(e[1]))
    )
    for forged in ("1", "x.1", "99999999999.1", "1.999999", "-1.0"):
        bad = await demo.client.get(
            job["errors_url"], headers=demo.importer, params={"cursor": forged}
        )
        assert bad.status_code == 400, forged
        assert bad.json()["type"].endswith("/invalid-cursor")


async def test_progress_moves_chunk_by_chunk(demo: Any) -> None:
    p = demo.prefix()
    gate = demo.faults.gate = asyncio.Event()
    rows = [demo.row(f"{p}-{n}") for n in range(120)]
    response = await demo.post(demo.ndjson(rows), demo.NDJSON)
    job = response.json()
    assert (job["status"], job["progress"], job["bytes_total"]) == (
        "queued",
        0.0,
        len(demo.ndjson(rows)),
    )
    await demo.faults.entered.wait()
    running = (await demo.client.get(f"/v1/imports/{job['id']}", headers=demo.importer)).json()
    assert (running["status"], running["rows_processed"], running["started_at"] is not None) == (
        "running",
        0,
        True,
    )
    gate.set()
    await demo.settle()
    done, _ = await demo.finished(job["id"])
    assert (done["status"], done["rows_imported"], done["progress"]) == ("completed", 120, 1.0)
