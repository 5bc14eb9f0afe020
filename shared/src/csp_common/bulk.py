"""Many rows into one table as PostgreSQL COPY, in the session's transaction.

For batches of thousands of rows (marac's referral consumer, referral-hub's imports):
COPY (binary) does the same work in PostgreSQL as a multi-row INSERT (constraints, indexes, the
outbox's NOTIFY trigger) at a fraction of its cost, and asyncpg encodes the rows
without a JSON document in between. No ON CONFLICT: a row that breaks a unique
constraint fails the whole statement (an `IntegrityError`, as SQLAlchemy raises it), so
callers copy only rows they checked. Other databases, and a few rows, get an INSERT.
"""

from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

import asyncpg
from sqlalchemy import Boolean, Table, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.db import driver_connection

COPY_FROM_ROWS = 50
"""Fewer rows go as an INSERT: COPY's per-statement cost is larger."""


def copies(session: AsyncSession, rows: Sequence[Any]) -> bool:
    """Whether `copy_rows` would send these rows as COPY."""
    return len(rows) >= COPY_FROM_ROWS and session.get_bind().dialect.name == "postgresql"


async def copy_rows(session: AsyncSession, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` (every one with the same keys, columns of `table`) into `table`."""
    if not rows:
        return
    if not copies(session, rows):
        await session.execute(insert(table), list(rows))
        return
    names = list(rows[0])
    values = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    dialect = session.get_bind().dialect
    processors = [
        (i, process)
        for i, name in enumerate(names)
        # asyncpg refuses a value that is not a bool itself: Boolean's check is not needed
        if not isinstance(table.c[name].type, Boolean)
        and (process := table.c[name].type._cached_bind_processor(dialect))
    ]
    records: list[Any]
    if processors:
        records = []
        # A batch's rows often share a value (one moment, one list of criteria): each
        # object is processed once (the rows keep it alive, so its id stays its own).
        done: list[dict[int, Any]] = [{} for _ in processors]
        for row in rows:
            record = list(values(row))
            for (i, process), seen in zip(processors, done, strict=True):
                value = record[i]
                key = id(value)
                if key not in seen:
                    seen[key] = process(value)
                record[i] = seen[key]
            records.append(record)
    else:
        records = [values(row) for row in rows]
    connection = await driver_connection(session)
    try:
        await connection.copy_records_to_table(
            table.name, records=records, columns=names, schema_name=table.schema
        )
    except asyncpg.IntegrityConstraintViolationError as exc:  # as SQLAlchemy would raise it
        raise IntegrityError(f"COPY {table.name}", None, exc) from exc
