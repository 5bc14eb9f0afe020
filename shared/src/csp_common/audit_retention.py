"""Audit retention: the audit trail is append-only, and only this deletes from it.

Audit rows hold ids, codes and who asked why, never a record's content; they are kept for
the partnership's `audit` period (`csp_common.retention`), longer than the records they
name, because they are the evidence of who saw what. A service whose migrations called
`csp_common.migrations.allow_audit_retention` lets one kind of DELETE through its
trigger: rows older than the cutoff set in the same transaction and older than the
floor (`AUDIT_FLOOR_YEARS`) written into the trigger itself. On SQLite nothing is
deleted.
"""

from datetime import UTC, date, datetime, time

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.tables import audit_table

AUDIT_RETENTION_SETTING = "csp.audit_retention_before"


async def delete_expired_audit(session: AsyncSession, *, before: date) -> int:
    """Deletes the audit rows written before `before` (midnight UTC); how many. Never
    commits. Returns 0 on SQLite, whose trigger refuses every delete."""
    if session.get_bind().dialect.name != "postgresql":
        return 0
    cutoff = datetime.combine(before, time(0), tzinfo=UTC)
    await session.execute(
        select(func.set_config(AUDIT_RETENTION_SETTING, cutoff.isoformat(), True))
    )
    result = await session.execute(delete(audit_table).where(audit_table.c.at < cutoff))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
