"""INSERT ... ON CONFLICT on PostgreSQL (deployments, tests) and SQLite (the local stack).

Both dialects spell the clause the same way in SQLAlchemy, but each has its own
`insert()`; these functions pick the right one from whatever the caller has at hand (a
session, a connection, a dialect or its name).

    await session.execute(insert_ignoring(session, table), rows)
    statement = upsert(session, table, key=["id"])            # every other column updated
    statement = upsert("postgresql", table, key=["id"], where=lambda new: table.c.at <= new.at)
"""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from sqlalchemy.orm import Session

Target = (
    AsyncSession | Session | AsyncConnection | Connection | AsyncEngine | Engine | Dialect | str
)
"""Anything that knows its dialect, or the dialect's name."""
Insert = postgresql.Insert | sqlite.Insert


def dialect_name(target: Target) -> str:
    if isinstance(target, str):
        return target
    if isinstance(target, Dialect):
        return target.name
    if isinstance(target, AsyncSession | Session):
        return target.get_bind().dialect.name
    return target.dialect.name


def dialect_insert(target: Target, table: Table) -> Insert:
    """`INSERT INTO table` with `on_conflict_do_nothing` / `on_conflict_do_update`."""
    name = dialect_name(target)
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise ValueError(f"no ON CONFLICT insert for the {name!r} dialect")


def insert_ignoring(target: Target, table: Table) -> Insert:
    """`INSERT ... ON CONFLICT DO NOTHING`: rows whose key (any unique constraint) exists
    are left out. Add `.returning(...)` to learn which rows went in."""
    return dialect_insert(target, table).on_conflict_do_nothing()


def upsert(
    target: Target,
    table: Table,
    *,
    key: Sequence[str],
    values: Mapping[str, Any] | None = None,
    where: Callable[[Any], ColumnElement[bool]] | None = None,
) -> Insert:
    """`INSERT ... ON CONFLICT (key) DO UPDATE`.

    `values` are what a conflicting row gets (constants or expressions); without them
    every column outside `key` takes the value of the row being inserted. `where` gets
    the `excluded` row (what was offered) and returns the condition under which the stored
    row is updated, for example only when it is not newer.
    """
    unknown = set(key) - set(table.c.keys())
    if unknown:
        raise ValueError(f"{table.name} has no columns {sorted(unknown)}")
    statement = dialect_insert(target, table)
    excluded = statement.excluded
    updates: Mapping[str, Any] = (
        values
        if values is not None
        else {c.name: excluded[c.name] for c in table.columns if c.name not in key}
    )
    return statement.on_conflict_do_update(
        index_elements=list(key),
        set_=dict(updates),
        where=where(excluded) if where is not None else None,
    )
