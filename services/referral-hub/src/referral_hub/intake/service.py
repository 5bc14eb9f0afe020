"""The earlier API of referral-hub's Idempotency-Key store, kept for referral_hub.hubs
until it takes `referral_hub.dependencies.Idempotent` (csp_common.idempotency), as
POST /v1/referrals and /v1/hate-reports do."""

import hashlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import idempotency
from csp_common.db import RowsInsert
from referral_hub.tables import idempotency_records


def request_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def claim(
    *, agency: str, key: str, digest: str, status_code: int, response: dict[str, Any]
) -> RowsInsert:
    return idempotency.claim(
        idempotency_records,
        agency=agency,
        key=key,
        digest=digest,
        status_code=status_code,
        response=response,
    )


async def find(session: AsyncSession, *, agency: str, key: str) -> Row[Any] | None:
    table = idempotency_records
    query = select(table).where(table.c.agency == agency, table.c.key == key)
    return (await session.execute(query)).first()
