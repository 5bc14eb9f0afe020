"""A case's risk assessments in the database. Never commits."""

import uuid
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from referral_hub.hubs.risk.models import risk_table
from referral_hub.referral.models import Referral

referral_table = Referral.__table__  # type: ignore[attr-defined]


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


async def last_marac_referral(
    session: AsyncSession, *, victim_id: uuid.UUID, perpetrator_id: uuid.UUID | None, on: date
) -> date | None:
    """The pair's last referral to MARAC on or before `on` (the intake's repeat rule)."""
    if perpetrator_id is None:
        return None
    last: date | None = (
        await session.execute(
            select(func.max(referral_table.c.received_on)).where(
                referral_table.c.victim_id == victim_id,
                referral_table.c.perpetrator_id == perpetrator_id,
                referral_table.c.marac_referral.is_(True),
                referral_table.c.received_on <= on,
            )
        )
    ).scalar_one()
    return last
