"""A referral's consent: changing it, its history. Functions take a session and never commit."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from referral_hub.consent.models import ConsentChange
from referral_hub.referral.service import referral_table

change_table = ConsentChange.__table__  # type: ignore[attr-defined]


async def set_consent(
    session: AsyncSession,
    *,
    referral_id: uuid.UUID,
    expected_version: int,
    status: str,
    basis: str,
    at: datetime,
) -> bool:
    """Set the referral's consent if it is still at `expected_version` (a new version:
    its ETag changes). False when another change got there first."""
    result = await session.execute(
        update(referral_table)
        .where(referral_table.c.id == referral_id, referral_table.c.version == expected_version)
        .values(
            consent_status=status,
            consent_basis=basis,
            version=referral_table.c.version + 1,
            updated_at=at,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def add_change(session: AsyncSession, *, row: dict[str, Any]) -> None:
    await session.execute(insert(change_table), row)


async def changes_of(session: AsyncSession, *, referral_id: uuid.UUID) -> list[Any]:
    """The recorded changes of a referral's consent, oldest first."""
    result = await session.execute(
        select(change_table)
        .where(change_table.c.referral_id == referral_id)
        .order_by(change_table.c.recorded_at, change_table.c.id)
    )
    return list(result.all())
