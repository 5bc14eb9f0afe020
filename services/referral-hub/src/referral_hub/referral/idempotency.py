"""Idempotency-Key handling for POST /v1/referrals.

The key is claimed by inserting its row in the request's transaction. A concurrent
request with the same key waits on the row until the first commits, then finds it.
"""

import hashlib
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from referral_hub.referral.models import IdempotencyRecord

table = IdempotencyRecord.__table__  # type: ignore[attr-defined]


def request_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


async def claim(
    session: AsyncSession, *, agency: str, key: str, digest: str
) -> IdempotencyRecord | None:
    """Claim `key` for this request; return the earlier record if the key was used."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    inserted = await session.scalar(
        insert(table)
        .values(agency=agency, key=key, request_hash=digest, created_at=datetime.now(UTC))
        .on_conflict_do_nothing()
        .returning(table.c.key)
    )
    if inserted is not None:
        return None
    row = (
        await session.execute(select(table).where(table.c.agency == agency, table.c.key == key))
    ).one()
    return IdempotencyRecord(**row._mapping)


async def complete(
    session: AsyncSession, *, agency: str, key: str, status_code: int, response: dict[str, Any]
) -> None:
    await session.execute(
        update(table)
        .where(table.c.agency == agency, table.c.key == key)
        .values(status_code=status_code, response=response)
    )
