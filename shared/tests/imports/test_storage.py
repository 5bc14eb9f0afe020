"""What reaches the database: never a file's bytes, never a refused value (read back from
PostgreSQL's write-ahead log); and the engine on SQLite, the local stack's database."""

import io
import json
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import create_async_engine

from csp_common.auth import Caller
from csp_common.db import create_session_factory
from csp_common.imports import ImportContext, ImportRunner, Job, service
from csp_common.tables import platform_tables


async def wal_position(demo: Any) -> Any:
    return await demo.scalar("SELECT pg_current_wal_lsn()")


async def wal_since(demo: Any, start: Any) -> bytes:
    """The write-ahead log written since `start` (whole segments: a superset)."""
    async with demo.app.state.session_factory() as session:
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


async def test_a_refused_header_leaves_nothing_in_the_database(demo: Any) -> None:
    canary = f"Canary{uuid.uuid4().hex[:8]}Header"
    start, jobs = await wal_position(demo), await demo.scalar("SELECT count(*) FROM import_job")
    body = f"source_reference,name,size,victim_name\nR-1,Ann,3,{canary}\n".encode()
    response = await demo.post(body, demo.CSV)
    assert response.status_code == 422
    assert canary not in response.text
    assert await demo.scalar("SELECT count(*) FROM import_job") == jobs
    assert canary.encode() not in await wal_since(demo, start)


async def test_refused_values_and_the_file_never_reach_the_database(demo: Any) -> None:
    p = demo.prefix()
    extra, invalid = f"Canary{p}Extra", f"Canary{p}Invalid"
    start = await wal_position(demo)
    rows = [
        demo.row(f"{p}-1"),
        demo.row(f"{p}-2", victim_name=extra),
        demo.row(f"{p}-3", size=invalid),
        demo.row(f"{p}-4", made_on=invalid),
    ]
    job, errors = await demo.run(demo.ndjson(rows), demo.NDJSON)
    assert (job["rows_imported"], job["rows_failed"]) == (1, 3)
    assert [e["pointer"] for e in errors] == ["#/victim_name", "#/size", "#/made_on"]
    log = await wal_since(demo, start)
    assert extra.encode() not in log
    assert invalid.encode() not in log
    assert f"{p}-1".encode() in log  # the log is read: the imported row is there


async def test_the_engine_runs_on_sqlite(demo: Any, tmp_path: Path) -> None:
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path}/imports.db")
    async with engine.begin() as conn:
        for table in platform_tables():
            await conn.run_sync(table.create)
        await conn.run_sync(demo.tables.jobs.metadata.create_all)
    factory = create_session_factory(engine)
    runner = ImportRunner(tables=demo.tables, session_factory=factory, chunk_rows=2)
    caller = Caller(subject="t", agency=demo.AGENCY, scopes=frozenset([demo.SCOPE]))
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
    lines = [demo.row("S-1"), demo.row("S-2", size=-1), demo.row("S-1"), json.dumps([1]) + " "]
    context = ImportContext(job_id, "things", "ndjson", caller, "t", None)
    job = Job(job_id, demo.kind, "ndjson", io.BytesIO(demo.ndjson(lines)), context)
    await runner.start()
    await runner.submit(job)
    await runner.stop()
    async with factory() as session:
        done = (
            await session.execute(select(demo.tables.jobs).where(demo.tables.jobs.c.id == job_id))
        ).one()
        errors = (
            await session.execute(
                select(demo.tables.row_errors)
                .where(demo.tables.row_errors.c.job_id == job_id)
                .order_by(demo.tables.row_errors.c.row_number)
            )
        ).all()
    await engine.dispose()
    assert (done.status, done.rows_imported, done.rows_skipped, done.rows_failed) == (
        "completed",
        1,
        1,
        2,
    )
    assert [(e.row_number, e.code) for e in errors] == [
        (2, "greater_than_equal"),
        (4, "model_type"),
    ]
