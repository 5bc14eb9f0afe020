"""ASB case review applications in the database. Never commits."""

import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, false, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from referral_hub.hubs.cases.models import case_table, link_table
from referral_hub.hubs.cases.rules import Visibility
from referral_hub.hubs.cases.service import visible
from referral_hub.hubs.trigger.models import case_review_table


def visible_review(
    visibility: Visibility | None, *, coordinated_hub: str | None
) -> ColumnElement[bool]:
    """Applications about a case the caller sees (`visibility`, None for a coordinator
    who reads no cases), and every application of the hub a coordinator coordinates."""
    case_seen = (
        case_review_table.c.case_id.in_(select(case_table.c.id).where(visible(visibility)))
        if visibility is not None
        else false()
    )
    coordinated = case_review_table.c.hub == coordinated_hub if coordinated_hub else false()
    return or_(case_seen, coordinated)


async def get_review(
    session: AsyncSession, *, review_id: uuid.UUID, condition: ColumnElement[bool], lock: bool
) -> Any | None:
    statement = select(case_review_table).where(case_review_table.c.id == review_id, condition)
    if lock:
        statement = statement.with_for_update(of=case_review_table)
    return (await session.execute(statement)).first()


async def linked_case_ids(session: AsyncSession, *, case_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await session.execute(
        select(link_table.c.linked_case_id).where(link_table.c.case_id == case_id)
    )
    return [case_id, *rows.scalars()]


async def set_values(
    session: AsyncSession, *, review_id: uuid.UUID, unset: str, values: dict[str, Any]
) -> bool:
    """Record a step once: only while the column `unset` is still null."""
    result = await session.execute(
        update(case_review_table)
        .where(case_review_table.c.id == review_id, case_review_table.c[unset].is_(None))
        .values(**values)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def reviews_of(session: AsyncSession, *, case_ids: Collection[uuid.UUID]) -> list[Any]:
    rows = await session.execute(
        select(case_review_table).where(case_review_table.c.case_id.in_(list(case_ids)))
    )
    return list(rows)
