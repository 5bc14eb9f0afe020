"""Handover packages sent and received. Functions take a session and never commit."""

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from marac.action.models import action_table
from marac.handover.models import export_table, import_table
from marac.research.models import research_table


async def history_of(session: AsyncSession, *, case_id: str) -> tuple[list[Any], list[Any]]:
    """The case's actions (oldest first) and each agency's research returns."""
    actions = await session.execute(
        select(action_table)
        .where(action_table.c.case_id == case_id)
        .order_by(action_table.c.created_at, action_table.c.id)
    )
    research = await session.execute(
        select(research_table)
        .where(research_table.c.case_id == case_id)
        .order_by(research_table.c.returned_at, research_table.c.agency)
    )
    return list(actions.all()), list(research.all())


async def add_export(session: AsyncSession, *, row: dict[str, Any]) -> None:
    await session.execute(insert(export_table), [row | {"created_at": clock.now()}])


async def get_export(session: AsyncSession, *, export_id: str) -> Any:
    statement = select(export_table).where(export_table.c.id == export_id)
    return (await session.execute(statement)).one_or_none()


async def record_receipt(
    session: AsyncSession, *, export_id: str, received_on: Any, reference: str
) -> None:
    await session.execute(
        update(export_table)
        .where(export_table.c.id == export_id)
        .values(
            received_on=received_on, receiving_reference=reference, receipt_recorded_at=clock.now()
        )
    )


async def imported(session: AsyncSession, *, package_id: str) -> bool:
    found = await session.scalar(
        select(import_table.c.package_id).where(import_table.c.package_id == package_id)
    )
    return found is not None


async def add_import(session: AsyncSession, *, row: dict[str, Any]) -> None:
    await session.execute(insert(import_table), [row | {"created_at": clock.now()}])
