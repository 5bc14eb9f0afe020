"""Tables every service has: the outbox, the processed-events log and the audit trail.

They live in the same metadata as each service's own tables (SQLModel's), so a
service's migrations create them beside its domain tables.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    text,
)
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from csp_common.clock import as_utc_or_none

BigIntId = BigInteger().with_variant(Integer, "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """A moment, stored with its time zone and read back in UTC with its offset on every
    database. SQLite (the embedded default) keeps no offset and gives back naive values,
    which would leave an API answer's `received_at` without one; they were written in
    UTC, so they are read as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and dialect.name == "sqlite":
            return as_utc_or_none(value)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return as_utc_or_none(value)


def utc_timestamp(*, nullable: bool = False, index: bool = False) -> Column:
    return Column(UtcDateTime(), nullable=nullable, index=index)


class OutboxMessage(SQLModel, table=True):
    """An event waiting to be published, written in the transaction of its state change."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index(
            "ix_outbox_pending",
            "id",
            postgresql_where=text("published_at IS NULL"),
            sqlite_where=text("published_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, sa_column=Column(BigIntId, primary_key=True))
    topic: str = Field(sa_column=Column(String(100), nullable=False))
    key: str = Field(sa_column=Column(String(100), nullable=False))
    event_id: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    event_type: str = Field(sa_column=Column(String(100), nullable=False))
    source: str = Field(sa_column=Column(String(100), nullable=False))
    time: datetime = Field(sa_column=utc_timestamp())
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    published_at: datetime | None = Field(default=None, sa_column=utc_timestamp(nullable=True))


class ProcessedEvent(SQLModel, table=True):
    """An event a consumer has applied, recorded in the same transaction as its effect."""

    __tablename__ = "processed_event"

    consumer: str = Field(sa_column=Column(String(100), primary_key=True))
    source: str = Field(sa_column=Column(String(100), primary_key=True))
    event_id: str = Field(sa_column=Column(String(64), primary_key=True))
    processed_at: datetime = Field(sa_column=utc_timestamp())


class AuditEntry(SQLModel, table=True):
    """Who read or changed which record about a person, and why. Never updated."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, sa_column=Column(BigIntId, primary_key=True))
    at: datetime = Field(sa_column=utc_timestamp(index=True))
    subject: str = Field(sa_column=Column(String(200), nullable=False))
    agency: str = Field(sa_column=Column(String(100), nullable=False, index=True))
    action: str = Field(sa_column=Column(String(50), nullable=False))
    record_type: str = Field(sa_column=Column(String(50), nullable=False))
    record_id: str = Field(sa_column=Column(String(64), nullable=False, index=True))
    purpose: str = Field(sa_column=Column(String(200), nullable=False))
    request_id: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    outside: bool = Field(
        default=False,
        sa_column=Column(Boolean, nullable=False, server_default=text("false")),
        description="Whether the record lies outside the caller's own agency or area "
        "(csp_common.access_watch counts these reads of people)",
    )


outbox_table = OutboxMessage.__table__  # type: ignore[attr-defined]
processed_event_table = ProcessedEvent.__table__  # type: ignore[attr-defined]
audit_table = AuditEntry.__table__  # type: ignore[attr-defined]


def platform_tables() -> tuple[Table, ...]:
    return (outbox_table, processed_event_table, audit_table)
