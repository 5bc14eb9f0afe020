"""Routes as providers see them: the inbox, one route, its history, status changes.

Functions take a session and never commit.
"""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import exists, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.clock import as_utc
from csp_common.pagination import Keyset, PageRequest
from referral_hub.codes import RouteStatus
from referral_hub.referral.service import referral_table, route_table
from referral_hub.referral.sharing import sharing_stopped_clause
from referral_hub.routes.models import RouteStatusChange

INBOX = Keyset(sorts={"routed_at": route_table.c.routed_at}, id_column=route_table.c.id)
change_table = RouteStatusChange.__table__  # type: ignore[attr-defined]


async def lock_route(session: AsyncSession, *, route_id: uuid.UUID, provider: str) -> Any:
    """The route if it was sent to `provider`, locked until commit on PostgreSQL; else None.

    The lock serialises concurrent feedback on one route; `change_route_status` also
    checks the status it read, so SQLite (no row locks) cannot lose an update either.
    """
    statement = select(route_table).where(
        route_table.c.id == route_id, route_table.c.provider == provider
    )
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update()
    return (await session.execute(statement)).one_or_none()


async def referral_area(session: AsyncSession, *, referral_id: uuid.UUID) -> str:
    area = await session.scalar(
        select(referral_table.c.area).where(referral_table.c.id == referral_id)
    )
    return str(area)


async def change_route_status(
    session: AsyncSession,
    *,
    route_id: uuid.UUID,
    expected_status: str,
    status: str,
    decline_reason: str | None,
    outcome_codes: list[str],
    updated_at: datetime,
) -> bool:
    """Move a route from `expected_status` to `status`; False if it was no longer there."""
    values: dict[str, Any] = {"status": status, "updated_at": updated_at}
    if decline_reason is not None:
        values["decline_reason"] = decline_reason
    if outcome_codes:
        values["outcome_codes"] = outcome_codes
    result = await session.execute(
        update(route_table)
        .where(route_table.c.id == route_id, route_table.c.status == expected_status)
        .values(**values)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def add_status_change(
    session: AsyncSession,
    *,
    route_id: uuid.UUID,
    from_status: str,
    to_status: str,
    occurred_at: datetime,
    recorded_at: datetime,
    reported_by: str,
) -> None:
    await session.execute(
        insert(change_table),
        {
            "id": uuid.uuid4(),
            "route_id": route_id,
            "from_status": from_status,
            "to_status": to_status,
            "occurred_at": occurred_at,
            "recorded_at": recorded_at,
            "reported_by": reported_by[:200],
        },
    )


async def last_change_at(session: AsyncSession, *, route_id: uuid.UUID) -> datetime | None:
    """When the route's latest reported status change happened."""
    row = (
        await session.execute(
            select(change_table.c.occurred_at)
            .where(change_table.c.route_id == route_id)
            .order_by(change_table.c.occurred_at.desc())
            .limit(1)
        )
    ).one_or_none()
    return as_utc(row.occurred_at) if row else None


async def history_of(session: AsyncSession, *, route_id: uuid.UUID) -> list[Any]:
    result = await session.execute(
        select(change_table)
        .where(change_table.c.route_id == route_id)
        .order_by(change_table.c.occurred_at, change_table.c.recorded_at, change_table.c.id)
    )
    return list(result.all())


async def inbox_page(
    session: AsyncSession, *, provider: str, status: str, limit: int, cursor: str | None
) -> tuple[list[Any], str | None]:
    """Routes sent to `provider` in `status`, oldest first (a work queue). Routes not yet
    acted on (`sent`) of a referral whose sharing stopped are no longer offered.

    Raises InvalidCursor (a 400) for a cursor this list did not give out.
    """
    statement = select(route_table).where(
        route_table.c.provider == provider, route_table.c.status == status
    )
    if status == RouteStatus.SENT.value:
        statement = statement.where(
            ~exists().where(
                referral_table.c.id == route_table.c.referral_id,
                sharing_stopped_clause(referral_table),
            )
        )
    request = PageRequest("routed_at", False, limit, cursor)
    rows = (await session.execute(INBOX.select(statement, request))).all()
    page = INBOX.page(rows, request, lambda row: row)
    return page.items, page.next_cursor
