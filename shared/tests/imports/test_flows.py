"""The runner: one bad row fails alone, a service fault fails the job (what it committed
stays, and the file re-submitted resumes), restarts, concurrent imports of one file."""

import asyncio
import io
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import insert, select

from csp_common.auth import Caller
from csp_common.imports import ImportContext, ImportRunner, Job, flows, service


async def test_a_fault_in_one_row_fails_that_row_alone(demo: Any) -> None:
    p = demo.prefix()
    demo.faults.break_on = {
        f"{p}-3": ArithmeticError("a bug only this row's data reaches"),
        f"{p}-77": KeyError("another"),
    }
    rows = [demo.row(f"{p}-{n}") for n in range(120)]
    job, errors = await demo.run(demo.ndjson(rows), demo.NDJSON)
    assert (job["status"], job["rows_processed"], job["rows_imported"]) == ("completed", 120, 118)
    assert [(e["row"], e["code"]) for e in errors] == [(4, "internal"), (78, "internal")]
    assert "ArithmeticError" in errors[0]["detail"]
    assert len(await demo.stored(p)) == 118


async def test_a_value_the_database_refuses_fails_its_row_alone(demo: Any) -> None:
    p = demo.prefix()
    rows = [demo.row(f"{p}-1"), demo.row(f"{p}-2", note="a\x00b"), demo.row(f"{p}-3")]
    job, errors = await demo.run(demo.ndjson(rows), demo.NDJSON)
    assert (job["status"], job["rows_imported"], job["rows_failed"]) == ("completed", 2, 1)
    assert [(e["row"], e["code"]) for e in errors] == [(2, "internal")]
    assert sorted(await demo.stored(p)) == [f"{p}-1", f"{p}-3"]


async def test_a_store_function_may_refuse_a_row_by_raising_a_problem(demo: Any) -> None:
    from csp_common.errors import Problem

    p = demo.prefix()
    demo.faults.break_on = {f"{p}-2": Problem(422, "Other area", "not your area", type="area")}
    job, errors = await demo.run(demo.ndjson([demo.row(f"{p}-1"), demo.row(f"{p}-2")]), demo.NDJSON)
    assert (job["rows_imported"], job["rows_failed"]) == (1, 1)
    assert [(e["row"], e["code"], e["detail"]) for e in errors] == [(2, "area", "not your area")]


async def test_a_crash_mid_file_leaves_a_job_to_resubmit(demo: Any) -> None:
    p = demo.prefix()
    content = demo.ndjson([demo.row(f"{p}-{n}") for n in range(3 * demo.CHUNK_ROWS)])
    demo.faults.crash_on_call = 2
    crashed, _ = await demo.run(content, demo.NDJSON)
    assert crashed["status"] == "failed"
    assert crashed["failure"].startswith("internal error (RuntimeError); re-submit the file")
    assert (crashed["rows_processed"], crashed["rows_imported"]) == (50, 50)
    assert 0 < crashed["progress"] < 1
    assert len(await demo.stored(p)) == 50

    demo.faults.reset()
    resumed, _ = await demo.run(content, demo.NDJSON)
    assert resumed["status"] == "completed"
    assert (resumed["rows_imported"], resumed["rows_skipped"]) == (100, 50)
    assert len(await demo.stored(p)) == 150


async def test_concurrent_imports_of_one_file_never_duplicate(demo: Any) -> None:
    p = demo.prefix()
    content = demo.ndjson([demo.row(f"{p}-{n}") for n in range(300)])
    first, second = await asyncio.gather(
        demo.post(content, demo.NDJSON), demo.post(content, demo.NDJSON)
    )
    await demo.settle()
    jobs = [(await demo.finished(r.json()["id"]))[0] for r in (first, second)]
    assert [job["status"] for job in jobs] == ["completed", "completed"]
    assert sum(job["rows_imported"] for job in jobs) == 300
    assert sum(job["rows_skipped"] for job in jobs) == 300
    assert len(await demo.stored(p)) == 300


async def _insert_job(demo: Any, *, status: str, heartbeat_age: timedelta) -> uuid.UUID:
    job_id = uuid.uuid4()
    at = service.now() - heartbeat_age
    async with demo.app.state.session_factory() as session:
        await session.execute(
            insert(demo.tables.jobs).values(
                id=job_id, kind="things", format="csv", status=status, agency=demo.AGENCY,
                submitted_by="test", rows_processed=50, rows_imported=50, rows_skipped=0,
                rows_failed=0, errors_stored=0, errors_dropped=0, bytes_total=1000,
                progress=0.4, created_at=at, started_at=at, heartbeat_at=at,
            )
        )  # fmt: skip
        await session.commit()
    return job_id


async def test_a_job_whose_process_stopped_is_reported_failed(demo: Any) -> None:
    stale = await _insert_job(demo, status="running", heartbeat_age=timedelta(minutes=10))
    alive = await _insert_job(demo, status="running", heartbeat_age=timedelta(seconds=5))
    job = (await demo.client.get(f"/v1/imports/{stale}", headers=demo.importer)).json()
    assert (job["status"], job["rows_imported"], job["progress"]) == ("failed", 50, 0.4)
    assert job["failure"].startswith("interrupted")
    job = (await demo.client.get(f"/v1/imports/{alive}", headers=demo.importer)).json()
    assert job["status"] == "running"  # another replica still holds it


async def test_a_restart_fails_the_jobs_a_stopped_process_left(demo: Any) -> None:
    stale = await _insert_job(demo, status="queued", heartbeat_age=timedelta(minutes=3))
    runner = ImportRunner(tables=demo.tables, session_factory=demo.app.state.session_factory)
    await runner.start()
    await runner.stop()
    async with demo.app.state.session_factory() as session:
        status = await session.scalar(
            select(demo.tables.jobs.c.status).where(demo.tables.jobs.c.id == stale)
        )
    assert status == "failed"


async def test_stopping_the_service_fails_its_jobs_as_interrupted(demo: Any) -> None:
    p = demo.prefix()
    factory = demo.app.state.session_factory
    runner = ImportRunner(tables=demo.tables, session_factory=factory, chunk_rows=10)
    caller = Caller(subject="t", agency=demo.AGENCY, scopes=frozenset([demo.SCOPE]))
    jobs = []
    for _ in range(3):  # two run (and wait at the gate), one waits for a slot
        async with factory() as session:
            job_id = await service.create_job(
                session,
                tables=demo.tables,
                kind="things",
                file_format="ndjson",
                caller=caller,
                bytes_total=1,
            )
            await session.commit()
        file = io.BytesIO(demo.ndjson([demo.row(f"{p}-{job_id}")]))
        context = ImportContext(
            job_id=job_id,
            kind="things",
            file_format="ndjson",
            caller=caller,
            purpose="t",
            settings=None,
        )
        jobs.append(Job(job_id, demo.kind, "ndjson", file, context))  # type: ignore[arg-type]
    demo.faults.gate = asyncio.Event()
    await runner.start()
    for job in jobs:
        runner.submit(job)
    await demo.faults.entered.wait()
    await runner.stop()
    assert all(job.file.closed for job in jobs)
    for job in jobs:
        polled = (await demo.client.get(f"/v1/imports/{job.id}", headers=demo.importer)).json()
        assert (polled["status"], polled["failure"][:11]) == ("failed", "interrupted")
    assert await demo.stored(p) == {}


async def test_row_errors_kept_are_bounded_and_counts_stay_exact(
    demo: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(flows, "MAX_STORED_ERRORS", 70)
    job, errors = await demo.run(demo.ndjson([{"size": "x"}] * 60), demo.NDJSON)
    assert (job["rows_failed"], job["errors_dropped"], len(errors)) == (60, 180 - 70, 70)


async def test_a_large_import_refreshes_the_planners_statistics(
    demo: Any, monkeypatch: Any
) -> None:
    p = demo.prefix()
    analyzed: list[tuple[str, ...]] = []
    real = ImportRunner._analyze

    async def spy(self: ImportRunner, tables: tuple[str, ...]) -> None:
        analyzed.append(tuple(tables))
        await real(self, tables)

    monkeypatch.setattr(flows, "ANALYZE_FIRST", 100)
    monkeypatch.setattr(ImportRunner, "_analyze", spy)
    job, _ = await demo.run(demo.ndjson([demo.row(f"{p}-{n}") for n in range(450)]), demo.NDJSON)
    assert job["rows_imported"] == 450
    assert analyzed == [("demo_thing",)] * 3  # at 100, 200 and 400 rows imported
