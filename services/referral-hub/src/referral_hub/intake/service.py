"""Idempotency-Key handling for POST /v1/referrals.

The key's record, with the answer, is inserted in the SAME statement as the referral
(`ON CONFLICT DO NOTHING RETURNING`). A retry, or a concurrent twin that waited on the
key's index entry until the first committed, finds nothing returned: it rolls back all
it wrote and replays the stored answer, or 409 if the body differs.
"""

import hashlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.db import RowsInsert
from referral_hub.intake.models import IdempotencyRecord

table = IdempotencyRecord.__table__  # type: ignore[attr-defined]


def request_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def claim(
    *, agency: str, key: str, digest: str, status_code: int, response: dict[str, Any]
) -> RowsInsert:
    """The insert that claims `key` with its answer; it returns the key only if it won."""
    row = {
        "agency": agency,
        "key": key,
        "request_hash": digest,
        "status_code": status_code,
        "response": response,
        "created_at": clock.now(),
    }
    return RowsInsert(table, [row], ignore_conflicts=True, returning=("key",))


async def find(session: AsyncSession, *, agency: str, key: str) -> IdempotencyRecord | None:
    row = (
        await session.execute(select(table).where(table.c.agency == agency, table.c.key == key))
    ).first()
    return IdempotencyRecord(**row._mapping) if row else None
