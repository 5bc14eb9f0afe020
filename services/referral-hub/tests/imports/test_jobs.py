"""Import jobs: a large file, an interrupted job, a crash mid-file and its re-submission."""

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, insert, select

from referral_hub.imports import service
from referral_hub.imports.models import TABLES
from referral_hub.referral.models import Referral
from referral_hub.referral.schemas import DASH_KEYS, REFERRAL_EXAMPLE

referral_table = Referral.__table__
import_job_table = TABLES.jobs


def many(prefix: str, count: int) -> list[dict[str, Any]]:
    rows = []
    for n in range(count):
        body = {**REFERRAL_EXAMPLE, "incident_date": f"2023-{1 + n % 12:02d}-{1 + n % 28:02d}"}
        body["victim"] = {**body["victim"], "family_name": f"Big{prefix}", "given_name": f"V{n}"}
        body["perpetrator"] = {**body["perpetrator"], "given_name": f"P{n}"}
        yes = n % 20
        body["dash"] = {
            **body["dash"],
            "answers": {k: "yes" if i < yes else "no" for i, k in enumerate(DASH_KEYS)},
        }
        body["area"] = ["york", "selby", "craven", "scarborough"][n % 4]
        body["source_reference"] = f"{prefix}-{n}"
        rows.append(body)
    return rows


async def count(app: FastAPI, prefix: str) -> int:
    async with app.state.session_factory() as session:
        return int(
            await session.scalar(
                select(func.count()).where(referral_table.c.source_reference.like(f"{prefix}-%"))
            )
            or 0
        )


async def test_a_5000_row_file_completes(
    import_client: httpx.AsyncClient, import_app: FastAPI, importer: dict[str, str], kit: Any
) -> None:
    prefix = f"L{uuid.uuid4().hex[:6]}"
    content = kit.ndjson(many(prefix, 5000))
    job, errors = await kit.run_import(import_client, "referrals", content, importer, kit.NDJSON)
    assert (job["status"], job["rows_imported"], errors) == ("completed", 5000, [])
    assert await count(import_app, prefix) == 5000  # how fast: bench/bench_referral_import.py


async def test_an_interrupted_job_is_reported_failed(
    import_client: httpx.AsyncClient, import_app: FastAPI, importer: dict[str, str], kit: Any
) -> None:
    job_id = uuid.uuid4()
    old = datetime.now(UTC) - timedelta(minutes=10)
    async with import_app.state.session_factory() as session:
        await session.execute(
            insert(import_job_table).values(
                id=job_id, kind="referrals", format="csv", status="running",
                agency=kit.IMPORTER, submitted_by="test", rows_processed=500,
                rows_imported=500, rows_skipped=0, rows_failed=0, errors_stored=0,
                errors_dropped=0, bytes_total=1000, progress=0.4, created_at=old,
                started_at=old, heartbeat_at=old,
            )
        )  # fmt: skip
        await session.commit()
    job = (await import_client.get(f"/v1/imports/{job_id}", headers=importer)).json()
    assert job["status"] == "failed"
    assert job["failure"].startswith("interrupted")
    assert (job["rows_imported"], job["progress"]) == (500, 0.4)


async def test_a_crash_mid_file_leaves_a_job_to_resubmit(
    import_client: httpx.AsyncClient,
    import_app: FastAPI,
    importer: dict[str, str],
    kit: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prefix = f"C{uuid.uuid4().hex[:6]}"
    content = kit.ndjson(many(prefix, 1200))
    real = service.existing_references
    calls = 0

    async def crash_on_second_chunk(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("the disk caught fire")  # not a fault of a row: the job fails
        return await real(*args, **kwargs)

    monkeypatch.setattr(service, "existing_references", crash_on_second_chunk)
    crashed, _ = await kit.run_import(import_client, "referrals", content, importer, kit.NDJSON)
    assert crashed["status"] == "failed"
    assert crashed["failure"] == (
        "internal error (RuntimeError); re-submit the file to resume "
        "(rows already imported are skipped)"
    )
    assert (crashed["rows_processed"], crashed["rows_imported"]) == (500, 500)
    assert 0 < crashed["progress"] < 1
    assert await count(import_app, prefix) == 500

    monkeypatch.setattr(service, "existing_references", real)
    resumed, _ = await kit.run_import(import_client, "referrals", content, importer, kit.NDJSON)
    assert resumed["status"] == "completed"
    assert (resumed["rows_imported"], resumed["rows_skipped"]) == (700, 500)
    assert await count(import_app, prefix) == 1200


async def test_concurrent_imports_of_one_file_never_duplicate(
    import_client: httpx.AsyncClient,
    import_app: FastAPI,
    importer: dict[str, str],
    kit: Any,
) -> None:
    import asyncio

    prefix = f"K{uuid.uuid4().hex[:6]}"
    content = kit.ndjson(many(prefix, 1000))
    jobs = await asyncio.gather(
        *(
            kit.run_import(import_client, "referrals", content, importer, kit.NDJSON)
            for _ in range(2)
        )
    )
    assert [job["status"] for job, _ in jobs] == ["completed", "completed"]
    assert sum(job["rows_imported"] for job, _ in jobs) == 1000
    assert sum(job["rows_skipped"] for job, _ in jobs) == 1000
    assert await count(import_app, prefix) == 1000


async def test_names_without_letters_never_fail_a_job(
    import_client: httpx.AsyncClient, import_app: FastAPI, importer: dict[str, str], kit: Any
) -> None:
    prefix = f"N{uuid.uuid4().hex[:6]}"
    rows = many(prefix, 4)
    odd = [("\U0001f600", "Smith"), ("Ann", "---"), ("?", "\u2014"), ("Big Dave", "-")]
    for body, (given, family) in zip(rows, odd, strict=True):
        body["victim"] = {**body["victim"], "given_name": given, "family_name": family}
        body["perpetrator"] = {**body["perpetrator"], "given_name": given, "family_name": family}
    job, errors = await kit.run_import(
        import_client, "referrals", kit.ndjson([*rows, *many(prefix + "ok", 2)]), importer,
        kit.NDJSON,
    )  # fmt: skip
    assert (job["status"], job["rows_imported"], errors) == ("completed", 6, [])
    assert await count(import_app, prefix) == 4


async def test_a_fault_in_one_row_fails_that_row_alone(
    import_client: httpx.AsyncClient,
    import_app: FastAPI,
    importer: dict[str, str],
    kit: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prefix = f"F{uuid.uuid4().hex[:6]}"
    real = service.plan_intake

    def breaks_on_row_3(**kwargs: Any) -> Any:  # a fault no validation foresaw
        if kwargs["body"].source_reference == f"{prefix}-3":
            raise ArithmeticError("a bug that only this row's data reaches")
        return real(**kwargs)

    monkeypatch.setattr(service, "plan_intake", breaks_on_row_3)
    job, errors = await kit.run_import(
        import_client, "referrals", kit.ndjson(many(prefix, 6)), importer, kit.NDJSON
    )
    assert (job["status"], job["rows_processed"], job["rows_imported"]) == ("completed", 6, 5)
    [error] = errors
    assert (error["row"], error["pointer"], error["code"]) == (4, "#", "internal")
    assert "ArithmeticError" in error["detail"]
    assert await count(import_app, prefix) == 5


async def test_deep_nesting_and_huge_numbers_are_row_errors(
    import_client: httpx.AsyncClient, import_app: FastAPI, importer: dict[str, str], kit: Any
) -> None:
    prefix = f"D{uuid.uuid4().hex[:6]}"
    [good] = many(prefix, 1)
    nested = '{"source_reference": "' + prefix + '-n", "victim": ' + "[" * 100_000 + "}"
    huge = json.dumps(good | {"source_reference": f"{prefix}-h"}).replace(
        '"children_in_household": 2', '"children_in_household": ' + "9" * 100_000
    )
    lines = ["[" * 100_000, nested, huge, good]
    job, errors = await kit.run_import(
        import_client, "referrals", kit.ndjson(lines), importer, kit.NDJSON
    )
    assert (job["status"], job["rows_imported"], job["rows_failed"]) == ("completed", 1, 3)
    assert [(e["row"], e["code"]) for e in errors] == [(n, "json_invalid") for n in (1, 2, 3)]
    assert all(prefix not in e["detail"] for e in errors)  # a detail never repeats the row
    assert await count(import_app, prefix) == 1


async def test_an_unbalanced_quote_in_a_csv_is_a_row_error(
    import_client: httpx.AsyncClient, import_app: FastAPI, importer: dict[str, str], kit: Any
) -> None:
    prefix = f"Q{uuid.uuid4().hex[:6]}"
    rows = many(prefix, 3)
    for n, body in enumerate(rows):
        judgement = {"high_risk": False, "reasons": f"NOTE{n}"}
        body["dash"] = {**body["dash"], "professional_judgement": judgement}
        body["victim"] = {**body["victim"], "safe_contact": "after 6pm"}  # no quotes
    # Row 1's note opens a quote that row 2's note closes: read as valid CSV, rows 1 and
    # 2 would be one row of the right width, with row 2 inside row 1's note. A CSV row is
    # one line: row 1 is refused (its quote is left open), rows 2 and 3 are read.
    content = kit.csv_file("referrals", rows).decode()
    content = content.replace("NOTE0", '"NOTE0').replace("NOTE1", 'NOTE1"')
    job, errors = await kit.run_import(
        import_client, "referrals", content.encode(), importer, kit.CSV
    )
    assert (job["status"], job["rows_processed"], job["rows_failed"]) == ("completed", 3, 1)
    [error] = errors
    assert (error["row"], error["pointer"], error["code"]) == (2, "#", "csv")
    assert f"{prefix}-0" not in await stored_references(import_app, prefix)
    assert await count(import_app, prefix) == 2


async def stored_references(app: FastAPI, prefix: str) -> set[str]:
    async with app.state.session_factory() as session:
        found = await session.scalars(
            select(referral_table.c.source_reference).where(
                referral_table.c.source_reference.like(f"{prefix}-%")
            )
        )
        return set(found)
