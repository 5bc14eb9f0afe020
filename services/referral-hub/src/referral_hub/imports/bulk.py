"""Bulk writes for imports: multi-row INSERTs sent as PostgreSQL COPY.

The import calls the same service functions as the API (`resolve_people`, `add_events`,
`enqueue_deliveries`, `record_access`), which write with Core `insert(table)` and a
list of rows. `BulkSession` wraps the chunk's session and sends such a statement as
`COPY ... FROM STDIN` (binary) on PostgreSQL, in the same transaction, with the values
SQLAlchemy would have bound; anything else goes to the session unchanged. COPY does
the same work (constraints, indexes, triggers such as the outbox's NOTIFY) at about
half the cost of a multi-row INSERT. On other databases it is a plain session.
"""

from collections.abc import Sequence
from operator import itemgetter
from typing import Any, cast

import asyncpg
from sqlalchemy import Insert, Table, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

COPY_FROM_ROWS = 50


class BulkSession:
    """A session whose multi-row plain INSERTs use COPY on PostgreSQL."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._postgres = session.get_bind().dialect.name == "postgresql"

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)

    async def execute(self, statement: Any, params: Any = None, **kwargs: Any) -> Any:
        if self._postgres and not kwargs and _copyable(statement, params):
            await self._copy(statement.table, params)
            return None
        return await self._session.execute(statement, params, **kwargs)

    async def _copy(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        connection = await self._session.connection()
        raw = (await connection.get_raw_connection()).driver_connection
        assert raw is not None
        if not raw.is_in_transaction():  # SQLAlchemy begins lazily, on the first statement
            await self._session.execute(text("SELECT 1"))
        assert raw.is_in_transaction()
        names = list(rows[0])
        values = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
        processors = [
            (i, process)
            for i, name in enumerate(names)
            if (process := table.c[name].type._cached_bind_processor(connection.dialect))
        ]
        if processors:
            records = []
            for row in rows:
                record = list(values(row))
                for i, process in processors:
                    record[i] = process(record[i])
                records.append(record)
        else:
            records = [values(row) for row in rows]
        try:
            await raw.copy_records_to_table(
                table.name, records=records, columns=names, schema_name=table.schema
            )
        except asyncpg.IntegrityConstraintViolationError as exc:  # as SQLAlchemy reports it
            raise IntegrityError(f"COPY {table.name}", None, exc) from exc


def _copyable(statement: Any, params: Any) -> bool:
    """A plain `insert(table)` with a list of rows that all set the same columns, none
    left to a Python-side default."""
    if not isinstance(statement, Insert) or not isinstance(params, list):
        return False
    if len(params) < COPY_FROM_ROWS or not isinstance(params[0], dict):
        return False
    if (
        statement._returning
        or statement._post_values_clause is not None
        or getattr(statement, "_multi_values", ())
        or getattr(statement, "_values", None)
        or statement._hints
    ):
        return False
    table = statement.table
    if not isinstance(table, Table):
        return False
    columns = set(params[0])
    if not columns <= set(table.c.keys()):
        return False
    defaults = {c.key for c in table.c if c.default is not None or c.onupdate is not None}
    if defaults - columns:
        return False
    return all(len(row) == len(columns) and row.keys() == columns for row in params)


def bulk(session: AsyncSession) -> AsyncSession:
    """`session`, with multi-row INSERTs sent as COPY on PostgreSQL (see `BulkSession`)."""
    return cast(AsyncSession, BulkSession(session))
