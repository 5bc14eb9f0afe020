"""Importing history: CSV and NDJSON, original dates, idempotent rows, row errors, a job.

The imports run on the service kit's engine: `POST /v1/imports/{kind}`, a job to poll,
and its row errors `{row, pointer, code, detail}` at `errors_url` (`row` is the file's
line: a CSV header is row 1)."""

import json
import uuid

from sqlalchemy import func, select, text

from csp_common.tables import outbox_table
from csp_devtools.testing.infra import eventually
from marac.imports.models import TABLES

import_job_table = TABLES.jobs

RUN = uuid.uuid4().hex[:8]


async def _import(client, headers, kind: str, body: str, content_type: str) -> dict:  # type: ignore[no-untyped-def]
    response = await client.post(
        f"/v1/imports/{kind}",
        content=body.encode(),
        headers={**headers, "content-type": content_type},
    )
    assert response.status_code == 202, response.text
    return await _finished(client, headers, response)


async def _finished(client, headers, response) -> dict:  # type: ignore[no-untyped-def]
    """The job once it ends, with its row errors (every page) as `errors`."""
    assert response.headers["location"] == f"/v1/imports/{response.json()['id']}"

    async def done() -> dict | None:
        job = (await client.get(response.headers["location"], headers=headers)).json()
        return job if job["status"] in ("completed", "failed") else None

    job = await eventually(done, timeout=30)
    errors, url = [], job["errors_url"]
    while url:
        page = (await client.get(url, headers=headers)).json()
        errors += page["items"]
        cursor = page["next_cursor"]
        url = f"{job['errors_url']}?cursor={cursor}" if cursor else None
    return {**job, "errors": errors}


def _ndjson(rows: list[dict]) -> str:
    return "\n".join(json.dumps(r) for r in rows) + "\n"


async def test_meetings_then_cases_keep_their_dates_and_import_once(
    marac_http, marac_app, marac_auth
) -> None:  # type: ignore[no-untyped-def]
    headers = marac_auth("admin")
    meetings = [
        {
            "source_reference": f"M1-{RUN}",
            "area": "york",
            "held_on": "2016-03-03",
            "chair_agency": "north-yorkshire-police",
            "attendance": {
                "north-yorkshire-police": "present",
                "idas": "present",
                "health": "absent",
            },
        },
        {
            "source_reference": f"M2-{RUN}",
            "area": "york",
            "held_on": "2016-03-17",
            "attendance": {"north-yorkshire-police": "present", "health": "apologies"},
        },
        {"source_reference": f"M3-{RUN}", "area": "atlantis", "held_on": "2016-03-17"},
    ]
    job = await _import(marac_http, headers, "meetings", _ndjson(meetings), "application/x-ndjson")
    assert (job["status"], job["rows_total"], job["rows_imported"], job["rows_failed"]) == (
        "completed",
        3,
        2,
        1,
    )
    assert job["progress"] == 1.0
    [error] = job["errors"]
    assert (error["row"], error["pointer"], error["code"]) == (3, "#/area", "unknown-area")
    again = await _import(
        marac_http, headers, "meetings", _ndjson(meetings), "application/x-ndjson"
    )
    assert (again["rows_imported"], again["rows_skipped"], again["rows_failed"]) == (0, 2, 1)

    victim, perpetrator = uuid.uuid4(), uuid.uuid4()
    header = (
        "source_reference,area,victim_id,perpetrator_id,referred_on,referring_agency,criteria,"
        "children_in_household,victim_age_band,victim_gender,victim_ethnicity,meeting_reference,closed_on\n"
    )
    csv = (
        header
        + "\n".join(
            [
                f"C1-{RUN},york,{victim},{perpetrator},2016-02-20,north-yorkshire-police,visible_high_risk,2,25_34,female,white,M1-{RUN},2016-06-01",
                f"C2-{RUN},york,{victim},{perpetrator},2016-03-10,health,repeat;professional_judgement,2,25_34,female,white,M2-{RUN},",
                f"C3-{RUN},york,{uuid.uuid4()},,2016-03-10,health,visible_high_risk,0,25_34,female,white,NOPE-{RUN},",
                f"C4-{RUN},york,not-a-uuid,,2016-03-10,health,visible_high_risk,0,25_34,female,white,M2-{RUN},",
            ]
        )
        + "\n"
    )
    cases_job = await _import(marac_http, headers, "cases", csv, "text/csv")
    assert (cases_job["rows_imported"], cases_job["rows_failed"]) == (2, 2)
    assert sorted(e["row"] for e in cases_job["errors"]) == [4, 5]  # the header is line 1

    listed = (
        await marac_http.get(
            "/v1/cases?area=york&referred_from=2016-01-01&referred_to=2016-12-31&sort=referred_on",
            headers=headers,
        )
    ).json()["items"]
    mine = [c for c in listed if c["victim_id"] == str(victim)]
    assert [(c["status"], c["repeat"], c["heard_on"]) for c in mine] == [
        ("closed", False, "2016-03-03"),
        ("heard", True, "2016-03-17"),
    ]
    assert mine[0]["referrer_kind"] == "police" and mine[1]["referrer_kind"] == "partner"
    async with marac_app.state.session_factory() as session:
        times = (
            await session.execute(
                select(outbox_table.c.event_type, outbox_table.c.time).where(
                    outbox_table.c.key == mine[0]["id"]
                )
            )
        ).all()
    by_type = {t.split(".")[2]: time.date().isoformat() for t, time in times}
    assert by_type == {
        "case_referred": "2016-02-20",
        "case_listed": "2016-02-20",
        "case_heard": "2016-03-03",
        "case_closed": "2016-06-01",
    }
    rerun = await _import(marac_http, headers, "cases", csv, "text/csv")
    assert (rerun["rows_imported"], rerun["rows_skipped"]) == (0, 2)


async def test_police_incidents_feed_the_matac_ranking(marac_http, marac_auth) -> None:  # type: ignore[no-untyped-def]
    subject = uuid.uuid4()
    rows = [
        {
            "source_reference": f"I{i}-{RUN}",
            "subject_id": str(subject),
            "victim_id": str(uuid.uuid4()),
            "area": "ryedale",
            "occurred_on": "2026-01-1" + str(i),
            "gravity": 5,
            "subject_age_band": "35_44",
        }
        for i in range(3)
    ]
    job = await _import(
        marac_http, marac_auth("admin"), "incidents", _ndjson(rows), "application/ndjson"
    )
    assert job["rows_imported"] == 3
    ranked = (
        await marac_http.get(
            "/v1/matac/rankings?area=scarborough-ryedale&serial_only=true",
            headers=marac_auth(area="scarborough-ryedale"),
        )
    ).json()
    assert str(subject) in [s["subject_id"] for s in ranked]


async def test_bad_import_requests(marac_http, marac_auth) -> None:  # type: ignore[no-untyped-def]
    headers = marac_auth("import")
    ndjson = {**headers, "content-type": "application/x-ndjson"}
    no_kind = await marac_http.post("/v1/imports", content=b"{}\n", headers=ndjson)
    assert no_kind.status_code in (404, 405)
    assert no_kind.headers["content-type"] == "application/problem+json"
    unknown = await marac_http.post("/v1/imports/people", content=b"{}\n", headers=ndjson)
    assert unknown.status_code in (404, 405)
    wrong_type = await marac_http.post(
        "/v1/imports/cases",
        content=b"x",
        headers={**headers, "content-type": "application/pdf"},
    )
    assert wrong_type.status_code == 415
    assert wrong_type.headers["content-type"] == "application/problem+json"
    assert (
        await marac_http.post("/v1/imports/cases", content=b"  ", headers=ndjson)
    ).status_code == 422
    assert (
        await marac_http.post(
            "/v1/imports/cases",
            content=b"{}\n",
            headers={**marac_auth(), "content-type": "application/x-ndjson"},
        )
    ).status_code == 403
    job = await _import(marac_http, headers, "cases", "not json\n[1]\n{}\n", "application/x-ndjson")
    assert (job["status"], job["rows_failed"], job["rows_imported"]) == ("completed", 3, 0)
    other = await marac_http.get(
        f"/v1/imports/{job['id']}", headers=marac_auth("import", agency="probation")
    )
    assert other.status_code == 404


async def test_a_token_with_an_area_imports_only_that_area(marac_http, marac_auth) -> None:  # type: ignore[no-untyped-def]
    rows = [
        {"source_reference": f"S-{RUN}-{a}", "area": a, "held_on": "2015-06-01"}
        for a in ("selby", "york")
    ]
    job = await _import(
        marac_http,
        marac_auth("import", area="selby"),
        "meetings",
        _ndjson(rows),
        "application/x-ndjson",
    )
    assert (job["rows_imported"], job["rows_failed"]) == (1, 1)


async def _wal_position(app) -> int:  # type: ignore[no-untyped-def]
    async with app.state.session_factory() as session:
        return await session.scalar(text("SELECT pg_current_wal_lsn()"))


async def _wal_since(app, start: int) -> bytes:  # type: ignore[no-untyped-def]
    """The write-ahead log PostgreSQL wrote since `start` (whole segments: a superset)."""
    async with app.state.session_factory() as session:
        first, last = (
            await session.execute(
                text("SELECT pg_walfile_name(:start), pg_walfile_name(pg_current_wal_lsn())"),
                {"start": start},
            )
        ).one()
        names = (
            await session.execute(
                text(
                    "SELECT name FROM pg_ls_waldir() WHERE name BETWEEN :first AND :last "
                    "ORDER BY name"
                ),
                {"first": first, "last": last},
            )
        ).scalars()
        return b"".join(
            [
                await session.scalar(
                    text("SELECT pg_read_binary_file('pg_wal/' || :name)"), {"name": name}
                )
                for name in names
            ]
        )


async def _jobs(app) -> int:  # type: ignore[no-untyped-def]
    async with app.state.session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(import_job_table)) or 0)


async def test_a_csv_with_columns_no_row_may_hold_is_refused_before_anything_is_stored(
    marac_http, marac_app, marac_auth
) -> None:  # type: ignore[no-untyped-def]
    canary = f"Canary{RUN}Name"
    start, jobs = await _wal_position(marac_app), await _jobs(marac_app)
    body = (
        "source_reference,subject_id,victim_id,victim_name,victim_dob,area,occurred_on,gravity\n"
        f"W-{RUN},{uuid.uuid4()},{uuid.uuid4()},{canary},1980-02-03,york,2024-01-05,3\n"
    )
    response = await marac_http.post(
        "/v1/imports/incidents",
        content=body.encode(),
        headers={**marac_auth("admin"), "content-type": "text/csv"},
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "victim_name" in response.json()["detail"]
    assert "victim_dob" in response.json()["detail"]
    assert canary not in response.text
    assert await _jobs(marac_app) == jobs
    assert canary.encode() not in await _wal_since(marac_app, start)


async def test_the_file_of_a_running_job_never_reaches_the_database(
    marac_http, marac_app, marac_auth
) -> None:  # type: ignore[no-untyped-def]
    canary = f"Canary{RUN}Ndjson"
    start = await _wal_position(marac_app)
    rows = [
        {"source_reference": f"N-{RUN}", "area": "york", "held_on": "2015-02-02"},
        {
            "source_reference": f"N2-{RUN}",
            "area": "york",
            "held_on": "2015-02-16",
            "victim_name": canary,
        },
    ]
    headers = marac_auth("admin")
    job = await _import(marac_http, headers, "meetings", _ndjson(rows), "application/x-ndjson")
    assert (job["status"], job["rows_imported"], job["rows_failed"]) == ("completed", 1, 1)
    [error] = job["errors"]
    assert (error["pointer"], error["code"]) == ("#/victim_name", "extra_forbidden")
    assert canary.encode() not in await _wal_since(marac_app, start)
    assert "content" not in import_job_table.c


async def test_a_deeply_nested_line_is_a_row_error_not_a_failed_job(marac_http, marac_auth) -> None:  # type: ignore[no-untyped-def]
    good = {"source_reference": f"D-{RUN}", "area": "york", "held_on": "2015-04-06"}
    body = "[" * 100_000 + "\n" + '{"a": ' * 5000 + "1" + "}" * 5000 + "\n" + json.dumps(good)
    job = await _import(marac_http, marac_auth("admin"), "meetings", body, "application/x-ndjson")
    assert (job["status"], job["rows_failed"], job["rows_imported"]) == ("completed", 2, 1)
    assert [e["row"] for e in job["errors"]] == [1, 2]


async def test_an_unbalanced_quote_does_not_swallow_the_next_row(marac_http, marac_auth) -> None:  # type: ignore[no-untyped-def]
    body = (
        "source_reference,area,held_on,venue\n"
        f'Q1-{RUN},york,2015-05-04,"Town Hall\n'
        f"Q2-{RUN},york,2015-05-18,West Offices\n"
    )
    headers = marac_auth("admin")
    job = await _import(marac_http, headers, "meetings", body, "text/csv")
    assert (job["status"], job["rows_imported"], job["rows_failed"]) == ("completed", 1, 1)
    assert job["errors"][0]["row"] == 2  # the header is line 1
    meetings = (
        await marac_http.get(
            "/v1/meetings?area=york&from=2015-05-01&to=2015-05-31", headers=headers
        )
    ).json()["items"]
    assert [(m["held_on"], m["venue"]) for m in meetings] == [("2015-05-18", "West Offices")]


async def test_cases_in_another_agencys_name_or_of_its_referral_are_refused(
    marac_http, marac_app, marac_auth, marac_producer
) -> None:  # type: ignore[no-untyped-def]
    from csp_devtools.kits.marac import publish, received_event
    from marac.referral.models import referral_table

    police_referral = received_event()
    await publish(marac_producer, police_referral)

    async def known() -> bool:
        async with marac_app.state.session_factory() as session:
            return bool(
                await session.scalar(
                    select(referral_table.c.id).where(
                        referral_table.c.id == str(police_referral.referral_id)
                    )
                )
            )

    await eventually(known, timeout=20)

    def case(reference: str, agency: str, referral_id=None, victim_id=None) -> dict:  # type: ignore[no-untyped-def]
        row = {
            "source_reference": f"{reference}-{RUN}",
            "area": "york",
            "victim_id": str(victim_id or uuid.uuid4()),
            "referred_on": "2024-03-04",
            "referring_agency": agency,
            "criteria": ["professional_judgement"],
            "children_in_household": 0,
            "victim_age_band": "25_34",
            "victim_gender": "female",
            "victim_ethnicity": "white",
        }
        if referral_id:
            row["referral_id"] = str(referral_id)
        return row

    health = marac_auth("import", agency="health")
    job = await _import(
        marac_http,
        health,
        "cases",
        _ndjson([case("H1", "health"), case("H2", "north-yorkshire-police")]),
        "application/x-ndjson",
    )
    assert (job["rows_imported"], job["rows_failed"]) == (1, 1)
    assert job["errors"][0]["row"] == 2

    admin = marac_auth("admin")  # police's token, with the partnership's admin scope
    victim = police_referral.victim_id
    rows = [
        case("R1", "health", police_referral.referral_id, victim),  # health did not make it
        case("R2", "health", uuid.uuid4(), victim),  # no such referral
        case("R3", "north-yorkshire-police", police_referral.referral_id),  # another victim
        case("R4", "north-yorkshire-police", police_referral.referral_id, victim),
    ]
    job = await _import(marac_http, admin, "cases", _ndjson(rows), "application/x-ndjson")
    assert (job["rows_imported"], job["rows_failed"]) == (1, 3)
    errors = {e["row"]: e["detail"] for e in job["errors"]}
    assert errors[1] == errors[2]  # another agency's referral reads as no referral at all
    assert sorted(errors) == [1, 2, 3]


async def test_a_job_whose_process_stopped_ends_failed_when_read(
    marac_http, marac_app, marac_auth
) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from csp_common import clock

    job_id, long_ago = uuid.uuid4(), clock.now() - timedelta(minutes=10)
    async with marac_app.state.session_factory() as session:
        await session.execute(
            import_job_table.insert().values(
                id=job_id,
                kind="meetings",
                format="csv",
                status="running",
                agency="north-yorkshire-police",
                submitted_by="test",
                rows_processed=4,
                rows_imported=4,
                rows_skipped=0,
                rows_failed=0,
                errors_stored=0,
                errors_dropped=0,
                bytes_total=1000,
                progress=0.4,
                created_at=long_ago,
                started_at=long_ago,
                heartbeat_at=long_ago,
            )
        )
        await session.commit()
    job = (await marac_http.get(f"/v1/imports/{job_id}", headers=marac_auth("admin"))).json()
    assert (job["status"], job["rows_processed"]) == ("failed", 4)
    assert "re-submit the file" in job["failure"]


async def test_a_multipart_upload_is_checked_and_imported_the_same_way(
    marac_http, marac_auth
) -> None:  # type: ignore[no-untyped-def]
    headers = marac_auth("admin")
    good = f"source_reference,area,held_on\nMP-{RUN},york,2015-06-15\n"
    response = await marac_http.post(
        "/v1/imports/meetings",
        files={"file": ("meetings.csv", good.encode(), "text/csv")},
        headers=headers,
    )
    assert response.status_code == 202, response.text
    job = await _finished(marac_http, headers, response)
    assert (job["status"], job["rows_imported"]) == ("completed", 1)
    refused = await marac_http.post(
        "/v1/imports/meetings",
        files={"file": ("m.csv", b"source_reference,area,held_on,victim_name\n", "text/csv")},
        headers=headers,
    )
    assert refused.status_code == 422 and "victim_name" in refused.json()["detail"]
    unnamed = await marac_http.post(
        "/v1/imports/meetings",
        files={"file": ("m.pdf", b"x", "application/pdf")},
        headers=headers,
    )
    assert unnamed.status_code == 415
