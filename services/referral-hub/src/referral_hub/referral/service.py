"""Referrals: storing them, finding them, who may see them."""

import functools
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, exists, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.auth import Caller
from csp_common.db import RowsInsert, driver_connection
from csp_common.pagination import Keyset, PageRequest
from csp_common.partnership import Partnership
from referral_hub.codes import RouteStatus
from referral_hub.index.models import Person, PersonKey
from referral_hub.marac_cases.service import held_in_area
from referral_hub.referral.models import Referral, Route
from referral_hub.referral.sharing import sharing_stopped_clause

referral_table = Referral.__table__  # type: ignore[attr-defined]
route_table = Route.__table__  # type: ignore[attr-defined]
person_key_table = PersonKey.__table__  # type: ignore[attr-defined]

REFERRALS = Keyset(
    sorts={
        "received_at": referral_table.c.received_at,
        "incident_date": referral_table.c.incident_date,
        "score": referral_table.c.score,
    },
    id_column=referral_table.c.id,
)


def visible_to(caller: Caller, partnership: Partnership) -> ColumnElement[bool]:
    """Referrals a caller may see: made by their agency, routed to it, or (for a MARAC
    coordinator) referred to MARAC in their MARAC area or whose MARAC case is held there
    now (transferred in). Everything else is 404.

    Once sharing stopped (consent, the basis, withdrawn) a provider keeps seeing only the
    referrals whose route it acted on: a route still `sent` no longer shares it.
    """
    conditions: list[ColumnElement[bool]] = [referral_table.c.referring_agency == caller.agency]
    conditions.append(
        exists().where(
            route_table.c.referral_id == referral_table.c.id,
            route_table.c.provider == caller.agency,
            or_(
                route_table.c.status != RouteStatus.SENT.value,
                ~sharing_stopped_clause(referral_table),
            ),
        )
    )
    if caller.has("marac:coordinate") and caller.area:
        conditions.append(
            and_(
                referral_table.c.marac_referral.is_(True),
                referral_table.c.marac_area == caller.area,
            )
        )
        conditions.append(held_in_area(referral_table.c.id, caller.area))
    # An erased referral (referral_hub.retention) is visible to no one.
    return and_(referral_table.c.erased_at.is_(None), or_(*conditions))


def referral_statement(*, row: dict[str, Any]) -> RowsInsert:
    return RowsInsert(referral_table, [row])


def routes_statement(*, rows: list[dict[str, Any]]) -> RowsInsert:
    return RowsInsert(route_table, rows)


async def insert_routes(session: AsyncSession, *, rows: list[dict[str, Any]]) -> None:
    if rows:
        await session.execute(insert(route_table), rows)


async def find_by_source_reference(
    session: AsyncSession, *, agency: str, source_reference: str
) -> uuid.UUID | None:
    return await session.scalar(
        select(referral_table.c.id).where(
            referral_table.c.referring_agency == agency,
            referral_table.c.source_reference == source_reference,
        )
    )


async def get_visible(
    session: AsyncSession, *, referral_id: uuid.UUID, caller: Caller, partnership: Partnership
) -> Referral | None:
    return (
        await session.execute(
            select(Referral).where(
                Referral.id == referral_id,  # type: ignore[arg-type]
                visible_to(caller, partnership),
            )
        )
    ).scalar_one_or_none()


async def routes_of(session: AsyncSession, *, referral_id: uuid.UUID) -> list[Route]:
    result = await session.execute(
        select(Route).where(Route.referral_id == referral_id).order_by(Route.routed_at, Route.id)  # type: ignore[arg-type]
    )
    return list(result.scalars())


async def list_visible(
    session: AsyncSession,
    *,
    caller: Caller,
    partnership: Partnership,
    area: str | None,
    status: str | None,
    level: str | None,
    received_from: date | None,
    received_to: date | None,
    sort: str,
    descending: bool,
    limit: int,
    cursor: str | None,
) -> tuple[list[Any], str | None]:
    """A page of visible referrals and the next page's cursor (InvalidCursor, a 400, for
    a cursor this list did not give out)."""
    statement = select(referral_table).where(visible_to(caller, partnership))
    if area:
        statement = statement.where(referral_table.c.area == area)
    if status:
        statement = statement.where(referral_table.c.status == status)
    if level:
        statement = statement.where(referral_table.c.level == level)
    if received_from:
        statement = statement.where(referral_table.c.received_on >= received_from)
    if received_to:
        statement = statement.where(referral_table.c.received_on <= received_to)
    request = PageRequest(sort, descending, limit, cursor)
    rows = (await session.execute(REFERRALS.select(statement, request))).all()
    page = REFERRALS.page(rows, request, lambda row: row)
    return page.items, page.next_cursor


async def change_status(
    session: AsyncSession,
    *,
    referral_id: uuid.UUID,
    expected_version: int,
    status: str,
    reason: str | None,
) -> bool:
    """Set a referral's status if it is still at `expected_version` (optimistic lock)."""
    result = await session.execute(
        update(referral_table)
        .where(referral_table.c.id == referral_id, referral_table.c.version == expected_version)
        .values(
            status=status,
            status_reason=reason,
            version=referral_table.c.version + 1,
            updated_at=clock.now(),
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _find_pair_statement() -> Any:
    def person_of(key: str) -> Any:
        return (
            select(person_key_table.c.person_id)
            .where(person_key_table.c.match_key == bindparam(key))
            .scalar_subquery()
        )

    victim, perpetrator = person_of("victim_key"), person_of("perpetrator_key")
    last_marac = (
        select(func.max(referral_table.c.received_on))
        .where(
            referral_table.c.victim_id == victim,
            referral_table.c.perpetrator_id == perpetrator,
            referral_table.c.marac_referral.is_(True),
            referral_table.c.received_on <= bindparam("on"),
        )
        .scalar_subquery()
    )
    return select(
        victim.label("victim"), perpetrator.label("perpetrator"), last_marac.label("last")
    )


_find_pair = functools.cache(_find_pair_statement)


_FIND_PAIR_POSTGRES = """
SELECT victim.person_id AS victim, perpetrator.person_id AS perpetrator,
       (SELECT max(r.received_on) FROM referral r
         WHERE r.victim_id = victim.person_id AND r.perpetrator_id = perpetrator.person_id
           AND r.marac_referral AND r.received_on <= $3) AS last
FROM (SELECT 1) AS one
LEFT JOIN person_key victim ON victim.match_key = $1
LEFT JOIN person_key perpetrator ON perpetrator.match_key = $2
"""


async def find_pair(
    session: AsyncSession, *, victim_key: str, perpetrator_key: str | None, on: date
) -> tuple[uuid.UUID | None, uuid.UUID | None, date | None]:
    """In one query: the person ids of two match keys, and the date of the pair's last
    MARAC referral on or before `on`. On the hot path, so PostgreSQL gets fixed SQL."""
    if session.get_bind().dialect.name == "postgresql":
        connection = await driver_connection(session)
        record = await connection.fetchrow(_FIND_PAIR_POSTGRES, victim_key, perpetrator_key, on)
        return record["victim"], record["perpetrator"], record["last"]
    row = (
        await session.execute(
            _find_pair(), {"victim_key": victim_key, "perpetrator_key": perpetrator_key, "on": on}
        )
    ).one()
    return row.victim, row.perpetrator, row.last


@dataclass(frozen=True)
class ReferralBundle:
    """A referral with its people and the routes to one provider: what that provider sees."""

    referral: Referral
    victim: Person
    perpetrator: Person | None
    routes: list[Any]


async def get_route(session: AsyncSession, *, route_id: uuid.UUID) -> Any:
    """A route with its referral's referring agency, area and consent, or None."""
    return (
        await session.execute(
            select(
                route_table,
                referral_table.c.referring_agency,
                referral_table.c.area,
                referral_table.c.consent_status,
                referral_table.c.consent_basis,
            )
            .join(referral_table, referral_table.c.id == route_table.c.referral_id)
            .where(route_table.c.id == route_id)
        )
    ).one_or_none()


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
