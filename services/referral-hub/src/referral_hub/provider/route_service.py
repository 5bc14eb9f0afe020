"""Routes as providers see them: the inbox, one route, its history, status changes.

Functions take a session and never commit.
"""

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.clock import as_utc
from csp_common.pagination import Keyset, PageRequest
from referral_hub.index.models import Person
from referral_hub.referral.models import Referral, Route, RouteStatusChange

route_table = Route.__table__  # type: ignore[attr-defined]
INBOX = Keyset(sorts={"routed_at": route_table.c.routed_at}, id_column=route_table.c.id)
referral_table = Referral.__table__  # type: ignore[attr-defined]
change_table = RouteStatusChange.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ReferralBundle:
    """A referral with its people and the routes to one provider: what that provider sees."""

    referral: Referral
    victim: Person
    perpetrator: Person | None
    routes: list[Any]


async def get_route(session: AsyncSession, *, route_id: uuid.UUID) -> Any:
    """A route with its referral's referring agency and area, or None."""
    return (
        await session.execute(
            select(route_table, referral_table.c.referring_agency, referral_table.c.area)
            .join(referral_table, referral_table.c.id == route_table.c.referral_id)
            .where(route_table.c.id == route_id)
        )
    ).one_or_none()


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
    """Routes sent to `provider` in `status`, oldest first (a work queue).

    Raises InvalidCursor (a 400) for a cursor this list did not give out.
    """
    statement = select(route_table).where(
        route_table.c.provider == provider, route_table.c.status == status
    )
    request = PageRequest("routed_at", False, limit, cursor)
    rows = (await session.execute(INBOX.select(statement, request))).all()
    page = INBOX.page(rows, request, lambda row: row)
    return page.items, page.next_cursor


async def referral_bundles(
    session: AsyncSession, *, referral_ids: Collection[uuid.UUID], provider: str
) -> dict[uuid.UUID, ReferralBundle]:
    """Each referral with its people and its routes to `provider`, in three queries."""
    if not referral_ids:
        return {}
    referrals = list(
        (
            await session.execute(
                select(Referral).where(Referral.id.in_(list(referral_ids)))  # type: ignore[attr-defined]
            )
        ).scalars()
    )
    person_ids = {r.victim_id for r in referrals} | {
        r.perpetrator_id for r in referrals if r.perpetrator_id
    }
    people = {
        person.id: person
        for person in (
            await session.execute(select(Person).where(Person.id.in_(person_ids)))  # type: ignore[attr-defined]
        ).scalars()
    }
    routes: dict[uuid.UUID, list[Any]] = {r.id: [] for r in referrals}
    for row in await session.execute(
        select(route_table)
        .where(
            route_table.c.referral_id.in_(list(referral_ids)),
            route_table.c.provider == provider,
        )
        .order_by(route_table.c.routed_at, route_table.c.id)
    ):
        routes[row.referral_id].append(row)
    return {
        r.id: ReferralBundle(
            referral=r,
            victim=people[r.victim_id],
            perpetrator=people.get(r.perpetrator_id) if r.perpetrator_id else None,
            routes=routes[r.id],
        )
        for r in referrals
    }
