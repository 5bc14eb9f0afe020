"""Small pieces every domain package uses: code types, time, dialect-aware inserts."""

import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import Field, StringConstraints
from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

CODE = r"^[a-z0-9][a-z0-9_-]{0,63}$"
AgencyCode = Annotated[str, StringConstraints(pattern=CODE, max_length=64)]
AreaCode = Annotated[str, StringConstraints(pattern=CODE, max_length=64)]
Reference = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


def utcnow() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return utcnow().date()


def new_id() -> str:
    return str(uuid.uuid4())


def at_noon(day: date) -> datetime:
    """An event time for something that happened on `day` (historical imports keep dates)."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def upsert_insert(session: AsyncSession, table: Table) -> Any:
    """`INSERT` with ON CONFLICT support on both PostgreSQL and SQLite."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


EARLIEST_DATE = date(1990, 1, 1)
LATEST_DATE = date(2100, 12, 31)
InputDate = Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]
"""A date a caller sends: bounded, so date arithmetic on it can never overflow."""
