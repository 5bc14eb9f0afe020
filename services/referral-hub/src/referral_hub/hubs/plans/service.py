"""A case's plan and actions in the database. Never commits."""

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from referral_hub.hubs.plans.models import action_table, plan_table


async def plan_of(session: AsyncSession, *, case_id: uuid.UUID) -> Any | None:
    return (
        await session.execute(select(plan_table).where(plan_table.c.case_id == case_id))
    ).first()


async def actions_of(session: AsyncSession, *, case_id: uuid.UUID) -> list[Any]:
    rows = await session.execute(
        select(action_table)
        .where(action_table.c.case_id == case_id)
        .order_by(action_table.c.due_on, action_table.c.id)
    )
    return list(rows)


async def update_plan(
    session: AsyncSession, *, case_id: uuid.UUID, version: int, values: dict[str, Any]
) -> bool:
    result = await session.execute(
        update(plan_table)
        .where(plan_table.c.case_id == case_id, plan_table.c.version == version)
        .values(**values, version=version + 1)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def get_action(
    session: AsyncSession, *, case_id: uuid.UUID, action_id: uuid.UUID
) -> Any | None:
    return (
        await session.execute(
            select(action_table).where(
                action_table.c.id == action_id, action_table.c.case_id == case_id
            )
        )
    ).first()


async def complete_action(
    session: AsyncSession, *, action_id: uuid.UUID, completed_on: date
) -> bool:
    result = await session.execute(
        update(action_table)
        .where(action_table.c.id == action_id, action_table.c.completed_on.is_(None))
        .values(completed_on=completed_on)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
