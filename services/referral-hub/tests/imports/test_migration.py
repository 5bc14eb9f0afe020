"""Migration 0004: the old import jobs and row errors move to the engine's two tables,
on PostgreSQL and on SQLite (the local stack's database)."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from csp_common.metadata import service_metadata
from csp_common.migrations import alembic_config
from csp_devtools.testing.infra import create_database, drop_database
from referral_hub.imports.models import TABLES
from referral_hub.migrations import MIGRATIONS

BEFORE = "ad53870d23ee"
OLD_JOBS = sa.table(
    "import_job",
    *(sa.column(name) for name in (
        "kind", "format", "status", "agency", "submitted_by", "rows_total", "rows_processed",
        "rows_imported", "rows_skipped", "rows_failed", "bytes_total", "bytes_processed",
        "failure",
    )),
    sa.column("id", sa.Uuid),
    *(sa.column(name, sa.DateTime(timezone=True)) for name in (
        "created_at", "started_at", "heartbeat_at", "finished_at",
    )),
)  # fmt: skip
OLD_ERRORS = sa.table(
    "import_row_error",
    sa.column("job_id", sa.Uuid),
    sa.column("row_number", sa.Integer),
    sa.column("line", sa.Integer),
    sa.column("source_reference", sa.String),
    sa.column("errors", sa.JSON),
)
AT = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def _upgrade(connection: Connection, revision: str) -> None:
    config = alembic_config(MIGRATIONS)
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _job(job_id: uuid.UUID, status: str, **values: object) -> dict[str, object]:
    return {
        "id": job_id, "kind": "referrals", "format": "csv", "status": status,
        "agency": "north-yorkshire-police", "submitted_by": "someone", "rows_total": None,
        "rows_processed": 4, "rows_imported": 2, "rows_skipped": 0, "rows_failed": 2,
        "bytes_total": 1000, "bytes_processed": 250, "created_at": AT, "started_at": AT,
        "heartbeat_at": AT + timedelta(minutes=1), "finished_at": None, "failure": None,
    } | values  # fmt: skip


def _old_rows(connection: Connection, done: uuid.UUID, running: uuid.UUID) -> None:
    connection.execute(
        sa.insert(OLD_JOBS),
        [
            _job(done, "completed", rows_total=4, bytes_processed=1000, finished_at=AT),
            _job(running, "running"),
        ],
    )
    many = [{"pointer": f"#/dash/answers/{n}", "code": "enum", "detail": "no"} for n in range(25)]
    connection.execute(
        sa.insert(OLD_ERRORS),
        [
            {"job_id": done, "row_number": 3, "line": 3, "source_reference": "R-2", "errors": [
                {"pointer": "#/area", "column": "area", "detail": "unknown", "code": "unknown"},
                {"pointer": "#/victim/postcode", "column": "victim.postcode",
                 "detail": "x" * 900, "code": "string_pattern_mismatch"},
            ]},
            {"job_id": done, "row_number": 5, "line": 6, "source_reference": None,
             "errors": many},
        ],
    )  # fmt: skip


def _import_table_drift(connection: Connection) -> list[object]:
    """What autogenerate would change in the import tables (nothing, if the migration
    made them as the engine defines them)."""
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    names = ("'import_job'", "'import_row_error'", "ix_import_job")
    diffs = compare_metadata(context, service_metadata("referral-hub"))
    return [diff for diff in diffs if any(name in repr(diff) for name in names)]


@pytest.fixture(params=["postgresql", "sqlite"])
async def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path}/hub.db"
        return
    url = await create_database("csp_hub_migration")
    yield url
    await drop_database(url)


async def test_old_jobs_and_their_errors_move_to_the_engines_tables(empty_database: str) -> None:
    done, running = uuid.uuid4(), uuid.uuid4()
    engine = create_async_engine(empty_database)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade, BEFORE)
            await connection.run_sync(_old_rows, done, running)
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade, "head")
        async with engine.connect() as connection:
            jobs = {row.id: row for row in await connection.execute(sa.select(TABLES.jobs))}
            errors = (
                await connection.execute(
                    sa.select(TABLES.row_errors).order_by(
                        TABLES.row_errors.c.row_number, TABLES.row_errors.c.seq
                    )
                )
            ).all()
            drift = await connection.run_sync(_import_table_drift)
            tables = await connection.run_sync(lambda c: sa.inspect(c).get_table_names())
    finally:
        await engine.dispose()

    assert drift == []
    assert not {"import_job_0003", "import_row_error_0003"} & set(tables)
    finished, interrupted = jobs[done], jobs[running]
    assert (finished.status, finished.progress, finished.rows_total) == ("completed", 1.0, 4)
    assert (finished.errors_stored, finished.errors_dropped) == (22, 5)
    assert (interrupted.status, interrupted.progress) == ("failed", 0.25)
    assert interrupted.failure.startswith("interrupted")
    assert interrupted.finished_at is not None
    assert [(e.row_number, e.seq, e.pointer, e.code) for e in errors[:2]] == [
        (3, 0, "#/area", "unknown"),
        (3, 1, "#/victim/postcode", "string_pattern_mismatch"),
    ]
    assert len(errors[1].detail) == 500  # cut to the engine's length
    assert [(e.row_number, e.seq) for e in errors[2:]] == [(5, n) for n in range(20)]
