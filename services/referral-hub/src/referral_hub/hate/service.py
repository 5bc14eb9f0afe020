"""Hate reports: storing them, finding them, who may see them."""

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, String, cast, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.auth import Caller
from csp_common.pagination import Keyset, PageRequest
from csp_common.upsert import insert_ignoring
from referral_hub.hate.models import hate_report_table as table

ADMIN_SCOPE = "admin"
REPORTS = Keyset(
    sorts={"occurred_at": table.c.occurred_at, "recorded_at": table.c.created_at},
    id_column=table.c.id,
)


def visible_to(caller: Caller) -> ColumnElement[bool]:
    """Reports a caller may see: those its agency made; every report for `admin`."""
    if caller.has(ADMIN_SCOPE):
        return true()
    return table.c.reporting_agency == caller.agency


async def insert_new(session: AsyncSession, *, rows: Sequence[dict[str, Any]]) -> set[uuid.UUID]:
    """Insert `rows`, leaving out any whose (reporting_agency, source_reference) exists.

    Returns the ids actually inserted (a concurrent writer may have won a reference).
    """
    if not rows:
        return set()
    statement = insert_ignoring(session.get_bind(), table).returning(table.c.id)
    result = await session.execute(statement, list(rows))
    return set(result.scalars())


async def ids_by_reference(
    session: AsyncSession, *, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], uuid.UUID]:
    """The ids of existing reports by (reporting_agency, source_reference)."""
    wanted = set(keys)
    if not wanted:
        return {}
    agencies = {agency for agency, _ in wanted}
    references = {reference for _, reference in wanted}
    result = await session.execute(
        select(table.c.reporting_agency, table.c.source_reference, table.c.id).where(
            table.c.reporting_agency.in_(agencies), table.c.source_reference.in_(references)
        )
    )
    found = {(row.reporting_agency, row.source_reference): row.id for row in result}
    return {key: value for key, value in found.items() if key in wanted}


async def get_visible(session: AsyncSession, *, report_id: uuid.UUID, caller: Caller) -> Any:
    result = await session.execute(select(table).where(table.c.id == report_id, visible_to(caller)))
    return result.one_or_none()


async def list_visible(
    session: AsyncSession,
    *,
    caller: Caller,
    kind: str | None,
    strand: str | None,
    area: str | None,
    officer_on_duty: bool | None,
    occurred_from: datetime | None,
    occurred_to: datetime | None,
    sort: str,
    descending: bool,
    limit: int,
    cursor: str | None,
) -> tuple[list[Any], str | None]:
    """A page of visible reports and the cursor of the next page (None at the end).

    Raises InvalidCursor (a 400) for a cursor this list did not give out.
    """
    statement = select(table).where(visible_to(caller))
    if kind:
        statement = statement.where(table.c.kind == kind)
    if strand:
        # Strands are distinct quoted codes in a JSON array: a portable containment test.
        statement = statement.where(cast(table.c.strands, String).like(f'%"{strand}"%'))
    if area:
        statement = statement.where(table.c.area == area)
    if officer_on_duty is not None:
        statement = statement.where(table.c.victim_police_officer_on_duty.is_(officer_on_duty))
    if occurred_from:
        statement = statement.where(table.c.occurred_at >= occurred_from)
    if occurred_to:
        statement = statement.where(table.c.occurred_at < occurred_to)
    request = PageRequest(sort, descending, limit, cursor)
    rows = (await session.execute(REPORTS.select(statement, request))).all()
    page = REPORTS.page(rows, request, lambda row: row)
    return page.items, page.next_cursor
