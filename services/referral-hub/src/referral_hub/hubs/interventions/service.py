"""A case's interventions and breaches in the database. Never commits."""

import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from referral_hub.hubs.interventions.models import breach_table, intervention_table


async def interventions_of(session: AsyncSession, *, case_id: uuid.UUID) -> list[Any]:
    rows = await session.execute(
        select(intervention_table)
        .where(intervention_table.c.case_id == case_id)
        .order_by(
            intervention_table.c.issued_on,
            intervention_table.c.ladder,
            intervention_table.c.step,
            intervention_table.c.id,
        )
    )
    return list(rows)


async def get_intervention(
    session: AsyncSession, *, case_id: uuid.UUID, intervention_id: uuid.UUID
) -> Any | None:
    return (
        await session.execute(
            select(intervention_table).where(
                intervention_table.c.id == intervention_id,
                intervention_table.c.case_id == case_id,
            )
        )
    ).first()


async def breaches_of(
    session: AsyncSession, *, intervention_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, list[Any]]:
    found: dict[uuid.UUID, list[Any]] = {i: [] for i in intervention_ids}
    if not intervention_ids:
        return found
    rows = await session.execute(
        select(breach_table)
        .where(breach_table.c.intervention_id.in_(list(intervention_ids)))
        .order_by(breach_table.c.breach_number)
    )
    for row in rows:
        found[row.intervention_id].append(row)
    return found


async def next_breach_number(session: AsyncSession, *, intervention_id: uuid.UUID) -> int:
    latest = (
        await session.execute(
            select(func.max(breach_table.c.breach_number)).where(
                breach_table.c.intervention_id == intervention_id
            )
        )
    ).scalar_one()
    return int(latest or 0) + 1
