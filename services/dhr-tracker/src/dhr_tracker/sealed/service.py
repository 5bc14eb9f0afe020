"""Sealing and opening a review's identity (keyword-only; never commits)."""

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.errors import Problem
from csp_common.sealing import Cipher
from csp_common.upsert import upsert
from dhr_tracker.sealed.models import sealed_table
from dhr_tracker.sealed.schemas import SealedIdentityIn, SealedIdentityOut


def context(review_id: uuid.UUID) -> str:
    return f"review:{review_id}:identity"


def require_cipher(cipher: Cipher | None) -> Cipher:
    if cipher is None:
        raise Problem(
            503,
            "Sealed identity unavailable",
            "This deployment has no sealing key configured, so the sealed identity can be "
            "neither written nor read.",
            type="sealing-not-configured",
        )
    return cipher


async def seal(
    session: AsyncSession, *, cipher: Cipher, review_id: uuid.UUID, identity: SealedIdentityIn
) -> Any:
    sealed = cipher.seal(identity.model_dump_json().encode(), context=context(review_id))
    now = clock.now()
    statement = upsert(session, sealed_table, key=["review_id"]).values(
        review_id=review_id, key_id=sealed.key_id, token=sealed.token, updated_at=now
    )
    await session.execute(statement)
    return now


async def unseal(
    session: AsyncSession, *, cipher: Cipher, review_id: uuid.UUID
) -> SealedIdentityOut | None:
    row = (
        await session.execute(select(sealed_table).where(sealed_table.c.review_id == review_id))
    ).first()
    if row is None:
        return None
    plain = cipher.open(row.token, context=context(review_id))
    identity = SealedIdentityIn.model_validate_json(plain)
    return SealedIdentityOut(**identity.model_dump(), updated_at=clock.as_utc(row.updated_at))
