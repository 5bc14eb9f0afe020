"""A case's risk assessments in the database. Never commits."""

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from referral_hub.hubs.risk.models import risk_table


async def next_sequence(session: AsyncSession, *, case_id: uuid.UUID) -> int:
    latest = (
        await session.execute(
            select(func.max(risk_table.c.sequence)).where(risk_table.c.case_id == case_id)
        )
    ).scalar_one()
    return int(latest or 0) + 1


async def assessments_of(session: AsyncSession, *, case_id: uuid.UUID) -> list[Any]:
    rows = await session.execute(
        select(risk_table).where(risk_table.c.case_id == case_id).order_by(risk_table.c.sequence)
    )
    return list(rows)
