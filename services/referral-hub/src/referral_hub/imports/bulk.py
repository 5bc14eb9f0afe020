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
from typing import Any, cast

from sqlalchemy import Insert, Table
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.bulk import COPY_FROM_ROWS, copy_rows


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
        await copy_rows(self._session, table, rows)


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
