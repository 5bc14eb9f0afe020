"""POST /v1/imports/referrals: CSV and NDJSON, bad rows, idempotency, original dates."""

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from csp_common.tables import audit_table, outbox_table
from csp_devtools.testing.idempotency import KEYED_POSTS
from referral_hub.referral.models import Referral, Route

referral_table = Referral.__table__
route_table = Route.__table__


def tag() -> str:
    """Letters only (names are normalised to letters and digits)."""
    return "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:10])


@pytest.fixture
def row(make_referral: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    """An import row: a referral body with a source_reference and a unique victim."""

    def build(reference: str, *, yes: int = 3, victim: str | None = None, **overrides: Any):
        body = make_referral(yes=yes, **({"incident_date": "2023-05-01"} | overrides))
        body["source_reference"] = reference
        body["victim"] = {**body["victim"], "family_name": victim or f"Smith{tag()}"}
        body["perpetrator"] = {**body["perpetrator"], "family_name": f"Jones{victim or tag()}"}
        return body

    return build


async def referrals_by_reference(app: FastAPI, references: list[str]) -> dict[str, Any]:
    async with app.state.session_factory() as session:
        rows = await session.execute(
            select(referral_table).where(referral_table.c.source_reference.in_(references))
        )
        return {r.source_reference: r for r in rows}


async def test_ndjson_good_rows_are_imported_and_bad_rows_reported(
    import_client: httpx.AsyncClient,
    import_app: FastAPI,
    migrator: dict[str, str],
    kit: Any,
    row: Callable[..., dict[str, Any]],
) -> None:
    importer = migrator  # row 1 is another agency's referral
    ref = f"NDJ-{tag()}"
    bad_postcode = row(f"{ref}-3")
    bad_postcode["victim"]["postcode"] = "NOT A POSTCODE"
    no_reference = row("x")
    del no_reference["source_reference"]
    rows = [
        row(f"{ref}-1", referring_agency="health", received_at="2023-05-02T14:30:00+01:00"),
        '{"area": "york", broken json',
        bad_postcode,
        row(f"{ref}-4", area="leeds"),
        "",
        no_reference,
        row(f"{ref}-7", referring_agency="the-bbc"),
        row(f"{ref}-8", yes=15),
        row(f"{ref}-9", dash={"incidents_last_12_months": -1}),
    ]
    job, errors = await kit.run_import(
        import_client, "referrals", kit.ndjson(rows), importer, kit.NDJSON
    )
    assert job["status"] == "completed", job
    assert (job["rows_total"], job["rows_processed"]) == (8, 8)
    assert (job["rows_imported"], job["rows_skipped"], job["rows_failed"]) == (2, 0, 6)
    assert job["agency"] == kit.IMPORTER
    assert job["format"] == "ndjson" and job["kind"] == "referrals"

    by_row = kit.by_row(errors)
    assert sorted(by_row) == [2, 3, 4, 6, 7, 9]
    assert by_row[2][0]["code"] == "json_invalid"
    assert [e["pointer"] for e in by_row[3]] == ["#/victim/postcode"]
    assert by_row[4] == [
        {"row": 4, "pointer": "#/area", "code": "unknown", "detail": by_row[4][0]["detail"]}
    ]
    assert "leeds" not in by_row[4][0]["detail"]  # a detail never repeats the row's value
    assert [e["pointer"] for e in by_row[6]] == ["#/source_reference"]
    assert by_row[6][0]["code"] == "missing"
    assert [(e["pointer"], e["code"]) for e in by_row[7]] == [("#/referring_agency", "unknown")]
    assert [e["pointer"] for e in by_row[9]] == ["#/dash/incidents_last_12_months"]

    stored = await referrals_by_reference(import_app, [f"{ref}-1", f"{ref}-8"])
    first, high = stored[f"{ref}-1"], stored[f"{ref}-8"]
    assert first.channel == "import"
    assert first.referring_agency == "health" and first.referrer_kind == "partner"
    assert first.received_at == datetime(2023, 5, 2, 13, 30, tzinfo=UTC)
    assert first.received_on == date(2023, 5, 2)
    assert high.referring_agency == kit.IMPORTER and high.referrer_kind == "police"
    assert (high.level, high.marac_referral, high.criteria) == ("high", True, ["visible_high_risk"])
    # received_at defaults to the incident date at 09:00 UK time (BST in May)
    assert high.received_at == datetime(2023, 5, 1, 8, 0, tzinfo=UTC)
    async with import_app.state.session_factory() as session:
        routes = (
            await session.execute(
                select(route_table.c.provider).where(route_table.c.referral_id == high.id)
            )
        ).scalars()
        assert "marac" in set(routes)
        kinds = (
            await session.execute(
                select(outbox_table.c.event_type, outbox_table.c.time).where(
                    outbox_table.c.key == str(high.id)
                )
            )
        ).all()
        audited = await session.scalar(
            select(func.count()).where(
                audit_table.c.record_id.in_([str(first.id), str(high.id)]),
                audit_table.c.action == "import",
            )
        )
    assert {k for k, _ in kinds} >= {
        "csp.referral.received.v1",
        "csp.referral.risk_assessed.v1",
        "csp.referral.marac_referral_made.v1",
    }
    assert {t for _, t in kinds} == {datetime(2023, 5, 1, 8, 0, tzinfo=UTC)}
    assert audited == 2


async def test_csv_rows_are_imported_and_re_importing_changes_nothing(
    import_client: httpx.AsyncClient,
    import_app: FastAPI,
    importer: dict[str, str],
    kit: Any,
    row: Callable[..., dict[str, Any]],
) -> None:
    ref = f"CSV-{tag()}"
    no_perpetrator = row(f"{ref}-3", services_requested=["idas_refuge", "idas_community_support"])
    del no_perpetrator["perpetrator"]
    bad_answer = row(f"{ref}-2")
    bad_answer["dash"]["answers"]["7"] = "maybe"
    rows = [row(f"{ref}-1", received_at="2023-05-03 10:00"), bad_answer, no_perpetrator]
    content = kit.csv_file("referrals", rows)
    first, errors = await kit.run_import(import_client, "referrals", content, importer, kit.CSV)
    assert (first["rows_imported"], first["rows_skipped"], first["rows_failed"]) == (2, 0, 1)
    [error] = errors
    assert (error["row"], error["pointer"]) == (3, "#/dash/answers/7")  # column dash.7

    stored = await referrals_by_reference(import_app, [f"{ref}-1", f"{ref}-3"])
    assert stored[f"{ref}-1"].received_at == datetime(2023, 5, 3, 9, 0, tzinfo=UTC)  # UK time
    assert stored[f"{ref}-3"].perpetrator_id is None
    assert stored[f"{ref}-3"].services_requested == ["idas_refuge", "idas_community_support"]

    again, errors_again = await kit.run_import(
        import_client, "referrals", content, importer, kit.CSV
    )
    assert (again["rows_imported"], again["rows_skipped"], again["rows_failed"]) == (0, 2, 1)
    assert errors_again == errors
    async with import_app.state.session_factory() as session:
        count = await session.scalar(
            select(func.count()).where(referral_table.c.source_reference.like(f"{ref}-%"))
        )
    assert count == 2


async def test_a_reference_repeated_in_one_file_is_imported_once(
    import_client: httpx.AsyncClient,
    migrator: dict[str, str],
    kit: Any,
    row: Callable[..., dict[str, Any]],
) -> None:
    ref = f"DUP-{tag()}"
    job, _ = await kit.run_import(
        import_client,
        "referrals",
        kit.ndjson([row(ref), row(ref), row(ref, referring_agency="probation")]),
        migrator,
        kit.NDJSON,
    )
    # the same reference from another referring agency is another referral
    assert (job["rows_imported"], job["rows_skipped"]) == (2, 1)


async def test_repeats_are_detected_from_original_dates(
    import_client: httpx.AsyncClient,
    import_app: FastAPI,
    importer: dict[str, str],
    kit: Any,
    row: Callable[..., dict[str, Any]],
) -> None:
    ref, victim = f"REP-{tag()}", f"Repeat{tag()}"
    rows = [
        row(f"{ref}-1", yes=14, victim=victim, incident_date="2022-03-01"),
        row(f"{ref}-2", yes=2, victim=victim, incident_date="2022-12-31",
            received_at="2023-03-01T10:00:00Z"),  # 365 days later: a repeat
    ]  # fmt: skip
    await kit.run_import(import_client, "referrals", kit.ndjson(rows), importer, kit.NDJSON)
    later = [
        row(f"{ref}-3", yes=2, victim=victim, incident_date="2024-03-01"),  # 366 days: new
    ]
    await kit.run_import(import_client, "referrals", kit.ndjson(later), importer, kit.NDJSON)
    stored = await referrals_by_reference(import_app, [f"{ref}-{n}" for n in (1, 2, 3)])
    first, second, third = (stored[f"{ref}-{n}"] for n in (1, 2, 3))
    assert first.victim_id == second.victim_id == third.victim_id
    assert first.received_on == date(2022, 3, 1)
    assert (second.received_on, second.repeat, second.marac_referral) == (
        date(2023, 3, 1),
        True,
        True,
    )
    assert second.criteria == ["repeat"]
    assert (third.repeat, third.marac_referral) == (False, False)


async def test_the_batched_import_does_what_the_api_does(
    import_client: httpx.AsyncClient,
    import_app: FastAPI,
    importer: dict[str, str],
    auth_header: Callable[..., dict[str, str]],
    kit: Any,
    row: Callable[..., dict[str, Any]],
) -> None:
    ref, victim = f"PAR-{tag()}", f"Parity{tag()}"
    body = row(f"{ref}-api", yes=11, victim=victim, children_in_household=2,
               services_requested=["foundation_plus_choices"])  # fmt: skip
    writer = auth_header(agency=kit.IMPORTER, scopes=["referrals:write"])
    assert (await import_client.post("/v1/referrals", json=body, headers=writer)).status_code == 201
    imported = {**body, "source_reference": f"{ref}-import"}
    await kit.run_import(import_client, "referrals", kit.ndjson([imported]), importer, kit.NDJSON)
    stored = await referrals_by_reference(import_app, [f"{ref}-api", f"{ref}-import"])
    api, batch = stored[f"{ref}-api"]._asdict(), stored[f"{ref}-import"]._asdict()
    differ = {"id", "channel", "source_reference", "received_at", "received_on", "updated_at"}
    assert {k: v for k, v in api.items() if k not in differ} == {
        k: v for k, v in batch.items() if k not in differ
    }
    async with import_app.state.session_factory() as session:

        async def shape(referral_id: uuid.UUID) -> list[tuple[Any, ...]]:
            routes = await session.execute(
                select(route_table.c.provider, route_table.c.service, route_table.c.reasons)
                .where(route_table.c.referral_id == referral_id)
                .order_by(route_table.c.provider, route_table.c.service)
            )
            events = await session.execute(
                select(outbox_table.c.event_type)
                .where(outbox_table.c.key == str(referral_id))
                .order_by(outbox_table.c.id)
            )
            return [tuple(r) for r in routes] + [tuple(e) for e in events]

        assert await shape(api["id"]) == await shape(batch["id"])


async def test_a_csv_with_a_wrong_header_is_refused_at_once(
    import_client: httpx.AsyncClient, importer: dict[str, str], kit: Any
) -> None:
    content = b"source_reference,area,victim.name\r\nA-1,york,Ann\r\n"
    answer = await import_client.post(
        "/v1/imports/referrals", content=content, headers=importer | kit.CSV
    )
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    problem = answer.json()
    assert problem["type"].endswith("/validation")
    assert [e["pointer"] for e in problem["errors"]] == ["#/header", "#/header"]
    details = [e["detail"] for e in problem["errors"]]
    assert details[0] == "unknown columns: 'victim.name'"
    assert details[1].startswith("missing columns: children_in_household, consent.status")


async def test_uploads_are_checked_before_a_job_is_made(
    import_client: httpx.AsyncClient,
    importer: dict[str, str],
    auth_header: Callable[..., dict[str, str]],
    kit: Any,
) -> None:
    url = "/v1/imports/referrals"
    assert (await import_client.post(url, content=b"{}\n", headers=kit.NDJSON)).status_code == 401
    writer = auth_header(agency=kit.IMPORTER, scopes=["referrals:write", "referrals:read"])
    answer = await import_client.post(url, content=b"{}\n", headers=writer | kit.NDJSON)
    assert answer.status_code == 403
    json_body = {"Content-Type": "application/json"}
    answer = await import_client.post(url, content=b"[]", headers=importer | json_body)
    assert answer.status_code == 415
    answer = await import_client.post(url, content=b"", headers=importer | kit.NDJSON)
    assert answer.status_code == 422
    assert answer.json()["type"].endswith("/empty-file")
    not_a_workbook = b"PK not a workbook"
    answer = await import_client.post(url, content=not_a_workbook, headers=importer | kit.XLSX)
    assert answer.status_code == 422
    assert answer.json()["type"].endswith("/unreadable-file")
    multipart = await import_client.post(
        url, files={"file": ("referrals.txt", b"{}\n")}, headers=importer
    )
    assert multipart.status_code == 415  # neither the file's name nor its type says


async def test_a_job_is_visible_to_its_agency_only(
    import_client: httpx.AsyncClient,
    importer: dict[str, str],
    auth_header: Callable[..., dict[str, str]],
    kit: Any,
    row: Callable[..., dict[str, Any]],
) -> None:
    answer = await import_client.post(
        "/v1/imports/referrals", content=kit.ndjson([row(f"VIS-{tag()}")]),
        headers=importer | kit.NDJSON,
    )  # fmt: skip
    location = answer.headers["location"]
    await kit.finished_job(import_client, location, importer)
    other = auth_header(agency="health", scopes=["referrals:import"])
    assert (await import_client.get(location, headers=other)).status_code == 404
    assert (await import_client.get(f"{location}/errors", headers=other)).status_code == 404
    admin = auth_header(agency="pfcc", scopes=["referrals:import", "admin"])
    assert (await import_client.get(location, headers=admin)).status_code == 200
    missing = f"/v1/imports/{uuid.uuid4()}"
    assert (await import_client.get(missing, headers=importer)).status_code == 404


async def test_progress_fields(
    import_client: httpx.AsyncClient,
    importer: dict[str, str],
    kit: Any,
    row: Callable[..., dict[str, Any]],
) -> None:
    ref = f"PRO-{tag()}"
    content = kit.ndjson([row(f"{ref}-{n}") for n in range(1200)])
    answer = await import_client.post(
        "/v1/imports/referrals", content=content, headers=importer | kit.NDJSON
    )
    queued = answer.json()
    assert queued["status"] in {"queued", "running"}
    assert queued["bytes_total"] == len(content)
    assert queued["rows_total"] is None
    assert queued["progress"] == 0.0
    seen_progress = set()
    location = answer.headers["location"]
    while True:
        job = (await import_client.get(location, headers=importer)).json()
        seen_progress.add(job["progress"])
        assert 0 <= job["progress"] <= 1
        if job["status"] == "completed":
            break
    assert job["progress"] == 1.0
    assert (job["rows_total"], job["rows_processed"], job["rows_imported"]) == (1200, 1200, 1200)
    started = datetime.fromisoformat(job["started_at"])
    finished = datetime.fromisoformat(job["finished_at"])
    assert datetime.fromisoformat(job["created_at"]) <= started <= finished
    assert len(seen_progress) >= 2  # progress moved while it ran (500-row chunks)


async def test_imported_referrals_are_not_sent_to_providers_webhooks(
    hub_settings_factory: Callable[..., Any],
    import_database_url: str,
    importer: dict[str, str],
    kit: Any,
    row: Callable[..., dict[str, Any]],
) -> None:
    from referral_hub.app import create_app
    from referral_hub.delivery.models import WebhookDelivery

    settings = hub_settings_factory(
        kafka_enabled=False,
        database_url=import_database_url,
        webhook_urls={"idas": "http://127.0.0.1:9/webhooks"},
        webhook_secrets={"idas": "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"},
    )
    app = create_app(settings)
    reference = f"HIST-{tag()}"
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://hub", event_hooks=KEYED_POSTS
        ) as client:
            body = row(reference, services_requested=["idas_refuge"])
            await kit.run_import(client, "referrals", kit.ndjson([body]), importer, kit.NDJSON)
        stored = await referrals_by_reference(app, [reference])
        async with app.state.session_factory() as session:
            routes = await session.scalar(
                select(func.count())
                .select_from(route_table)
                .where(
                    route_table.c.referral_id == stored[reference].id,
                    route_table.c.provider == "idas",
                )
            )
            deliveries = await session.scalar(
                select(func.count())
                .select_from(WebhookDelivery.__table__)
                .join(route_table, route_table.c.id == WebhookDelivery.__table__.c.route_id)
                .where(route_table.c.referral_id == stored[reference].id)
            )
    assert routes and routes > 0  # routed (the provider sees it in its inbox)...
    assert deliveries == 0  # ...but history is not pushed to its webhook


async def test_an_import_writes_in_the_importing_agencys_name_unless_delegated(
    import_client: httpx.AsyncClient,
    import_app: FastAPI,
    importer: dict[str, str],
    migrator: dict[str, str],
    auth_header: Callable[..., dict[str, str]],
    kit: Any,
    row: Callable[..., dict[str, Any]],
) -> None:
    council = "city-of-york-council"
    ref = f"AGY-{tag()}"
    rows = [
        row(f"{ref}-1", referring_agency=council),
        row(f"{ref}-2", referring_agency=kit.IMPORTER),
        row(f"{ref}-3"),
    ]
    job, errors = await kit.run_import(
        import_client, "referrals", kit.ndjson(rows), importer, kit.NDJSON
    )
    assert (job["status"], job["rows_imported"], job["rows_failed"]) == ("completed", 2, 1)
    [refused] = errors
    assert (refused["row"], refused["pointer"], refused["code"]) == (
        1,
        "#/referring_agency",
        "forbidden",
    )
    assert "referrals:migrate" in refused["detail"]
    stored = await referrals_by_reference(import_app, [f"{ref}-{n}" for n in (1, 2, 3)])
    assert sorted(stored) == [f"{ref}-2", f"{ref}-3"]
    assert {r.referring_agency for r in stored.values()} == {kit.IMPORTER}
    reader = auth_header(agency=council, scopes=["referrals:read"])
    listed = (await import_client.get("/v1/referrals?limit=200", headers=reader)).json()
    assert not {i["id"] for i in listed["items"]} & {str(r.id) for r in stored.values()}

    delegated, errors = await kit.run_import(
        import_client, "referrals", kit.ndjson(rows[:1]), migrator, kit.NDJSON
    )
    assert (delegated["rows_imported"], errors) == (1, [])
    made = (await referrals_by_reference(import_app, [f"{ref}-1"]))[f"{ref}-1"]
    assert made.referring_agency == council
    async with import_app.state.session_factory() as session:
        audited = (
            await session.execute(
                select(audit_table.c.agency, audit_table.c.action, audit_table.c.purpose)
                .where(audit_table.c.record_id == str(made.id))
                .order_by(audit_table.c.action)
            )
        ).all()
    assert [tuple(a) for a in audited] == [
        (kit.IMPORTER, "import", f"import job {delegated['id']}"),
        (
            kit.IMPORTER,
            "import_on_behalf",
            f"on behalf of {council}: import job {delegated['id']}",
        ),
    ]
