"""Async engine, sessions and the per-request unit of work."""

import functools
import json
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

import asyncpg
from fastapi import Depends, Request
from sqlalchemy import Table, event
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from csp_common.settings import ServiceSettings


def create_engine(settings: ServiceSettings) -> AsyncEngine:
    if settings.is_postgres:
        return create_async_engine(
            settings.database_url,
            hide_parameters=True,  # parameters are personal data: never in logs or errors
            pool_size=settings.database_pool_size,
            max_overflow=settings.database_pool_size,
            pool_recycle=1800,
        )
    engine = create_async_engine(
        settings.database_url, hide_parameters=True, connect_args={"timeout": 30}
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request. Nothing is committed unless the view commits it.

    Views call `await session.commit()` once, after every service function has added
    its rows and outbox events, and before answering: a 201 is only sent for work
    that is durable.
    """
    factory: async_sessionmaker[AsyncSession] = request.app.state.session_factory
    async with factory() as session:
        try:
            yield session
        finally:
            if session.in_transaction():
                await session.rollback()


DbSession = Annotated[AsyncSession, Depends(get_session)]


@dataclass(frozen=True)
class RowsInsert:
    """Rows to insert into a table (every row with the same keys)."""

    table: Table
    rows: Sequence[Mapping[str, Any]]
    ignore_conflicts: bool = False
    returning: tuple[str, ...] = ()


async def execute_together(
    session: AsyncSession, inserts: Sequence[RowsInsert | None]
) -> Sequence[tuple[Any, ...]]:
    """Insert rows into several tables in ONE round trip on PostgreSQL.

    Each insert becomes a data-modifying CTE reading its rows from one JSON parameter
    (`jsonb_populate_recordset`), so the SQL depends only on the tables and columns: it
    is built once, and PostgreSQL and asyncpg keep it prepared, whatever the number of
    rows. PostgreSQL runs every CTE to completion; foreign keys between them are checked
    at the end of the statement. Returns the RETURNING rows of the LAST insert. On SQLite
    the inserts run one after another. Empty or None inserts are skipped.
    """
    writes = [w for w in inserts if w is not None and w.rows]
    if not writes:
        return []
    if session.get_bind().dialect.name != "postgresql":
        return await _one_by_one(session, writes)
    sql = _together_sql(
        tuple((w.table, tuple(w.rows[0]), w.ignore_conflicts, w.returning) for w in writes)
    )
    params = [json.dumps([dict(r) for r in w.rows], default=_json_value) for w in writes]
    connection = await driver_connection(session)
    try:
        rows = await connection.fetch(sql, *params)
    except asyncpg.IntegrityConstraintViolationError as exc:  # as SQLAlchemy would raise them
        raise IntegrityError("execute_together", None, exc) from exc
    except asyncpg.DataError as exc:
        raise DataError("execute_together", None, exc) from exc
    return [tuple(row) for row in rows] if writes[-1].returning else []


async def driver_connection(session: AsyncSession) -> Any:
    """The asyncpg connection under the session's transaction (which it begins if need be).

    Hot paths send fixed, prepared SQL straight to it: SQLAlchemy's per-statement work
    costs more than the statement itself there. The session's transaction still owns it.
    """
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    driver: Any = raw.driver_connection
    if not driver.is_in_transaction():
        # SQLAlchemy's asyncpg adapter sends BEGIN with the first statement it runs
        # itself; a statement sent to asyncpg before that would autocommit, out of reach
        # of the session's rollback.
        await connection.exec_driver_sql("SELECT 1")
    return driver


async def _one_by_one(session: AsyncSession, writes: Sequence[RowsInsert]) -> Sequence[Any]:
    returned: Sequence[Any] = []
    for write in writes:
        statement: Any = sqlite.insert(write.table)
        if write.ignore_conflicts:
            statement = statement.on_conflict_do_nothing()
        if write.returning:
            statement = statement.values(list(write.rows)).returning(
                *(write.table.c[name] for name in write.returning)
            )
            returned = [tuple(row) for row in (await session.execute(statement)).all()]
        else:
            await session.execute(statement, list(write.rows))
    return returned


@functools.cache
def _together_sql(shapes: tuple[tuple[Table, tuple[str, ...], bool, tuple[str, ...]], ...]) -> str:
    ctes = []
    for index, (table, columns, ignore, returning) in enumerate(shapes):
        unknown = set(columns + returning) - set(table.c.keys())
        if unknown:  # names come from our models, never from callers; check anyway
            raise ValueError(f"{table.name} has no columns {sorted(unknown)}")
        names = ", ".join(f'"{c}"' for c in columns)
        # identifiers are checked against the table above
        source = f'jsonb_populate_recordset(NULL::"{table.name}", ${index + 1}::jsonb)'
        sql = f'INSERT INTO "{table.name}" ({names}) SELECT {names} FROM {source}'  # noqa: S608
        if ignore:
            sql += " ON CONFLICT DO NOTHING"
        if returning:
            sql += " RETURNING " + ", ".join(f'"{c}"' for c in returning)
        ctes.append(f"w{index} AS ({sql})")
    last = len(shapes) - 1
    final = f"SELECT * FROM w{last}" if shapes[-1][3] else "SELECT 1"  # noqa: S608
    return f"WITH {', '.join(ctes)} {final}"


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return "\\x" + value.hex()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):  # a JSON string: PostgreSQL reads it exactly as numeric
        return str(value)
    raise TypeError(f"cannot put {type(value).__name__} in a row")
