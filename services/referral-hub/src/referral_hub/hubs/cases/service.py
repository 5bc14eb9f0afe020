"""Hub cases in the database: what a caller may see, and a case's parts. Functions take
a session and never commit."""

import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, exists, false, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.db import RowsInsert
from referral_hub.hubs.cases.models import (
    case_agency_table,
    case_person_table,
    case_table,
    incident_table,
    link_table,
    location_table,
)
from referral_hub.hubs.cases.rules import Visibility
from referral_hub.hubs.risk.models import risk_table
from referral_hub.index.models import Person


def visible(visibility: Visibility) -> ColumnElement[bool]:
    """Cases of the caller's hub, and cases its agency is involved in."""
    involved = exists().where(
        case_agency_table.c.case_id == case_table.c.id,
        case_agency_table.c.agency == visibility.agency,
    )
    own_hub = case_table.c.hub == visibility.hub if visibility.hub else false()
    return or_(own_hub, involved)


async def get_visible(
    session: AsyncSession, *, case_id: uuid.UUID, visibility: Visibility, lock: bool = False
) -> Any | None:
    statement = select(case_table).where(case_table.c.id == case_id, visible(visibility))
    if lock:
        statement = statement.with_for_update()
    return (await session.execute(statement)).first()


async def list_cases(
    session: AsyncSession,
    *,
    condition: ColumnElement[bool],
    hub: str | None,
    kind: str | None,
    status: str | None,
    limit: int,
    offset: int,
) -> tuple[list[Any], int]:
    filters = [condition]
    if hub:
        filters.append(case_table.c.hub == hub)
    if kind:
        filters.append(case_table.c.kind == kind)
    if status:
        filters.append(case_table.c.status == status)
    latest = (
        select(risk_table.c.level)
        .where(risk_table.c.case_id == case_table.c.id)
        .order_by(risk_table.c.sequence.desc())
        .limit(1)
        .scalar_subquery()
    )
    rows = (
        await session.execute(
            select(case_table, latest.label("risk_level"))
            .where(*filters)
            .order_by(case_table.c.opened_on.desc(), case_table.c.id)
            .limit(limit)
            .offset(offset)
        )
    ).all()
    total = (
        await session.execute(select(func.count()).select_from(case_table).where(*filters))
    ).scalar_one()
    return list(rows), total


async def find_location(session: AsyncSession, *, match_key: str) -> uuid.UUID | None:
    found: uuid.UUID | None = (
        await session.execute(
            select(location_table.c.id).where(location_table.c.match_key == match_key)
        )
    ).scalar_one_or_none()
    return found


async def find_by_source_reference(
    session: AsyncSession, *, agency: str, source_references: Collection[str]
) -> dict[str, uuid.UUID]:
    if not source_references:
        return {}
    rows = await session.execute(
        select(case_table.c.source_reference, case_table.c.id).where(
            case_table.c.reporting_agency == agency,
            case_table.c.source_reference.in_(list(source_references)),
        )
    )
    return {row.source_reference: row.id for row in rows}


async def repeats(
    session: AsyncSession, *, hub: str, location_id: uuid.UUID, victim_ids: Collection[uuid.UUID]
) -> tuple[bool, bool]:
    """Whether the hub already has a case about this place, or about one of these victims."""
    place = await session.execute(
        select(exists().where(case_table.c.hub == hub, case_table.c.location_id == location_id))
    )
    victim = False
    if victim_ids:
        victim = (
            await session.execute(
                select(
                    exists().where(
                        case_person_table.c.case_id == case_table.c.id,
                        case_table.c.hub == hub,
                        case_person_table.c.role == "victim",
                        case_person_table.c.person_id.in_(list(victim_ids)),
                    )
                )
            )
        ).scalar_one()
    return bool(place.scalar_one()), bool(victim)


def involve(case_id: uuid.UUID, *agencies: str) -> RowsInsert:
    return RowsInsert(
        case_agency_table,
        [{"case_id": case_id, "agency": agency} for agency in sorted(set(agencies))],
        ignore_conflicts=True,
    )


async def people_of(session: AsyncSession, *, case_id: uuid.UUID) -> list[tuple[str, Person]]:
    rows = await session.execute(
        select(case_person_table.c.role, Person)
        .join(Person, Person.id == case_person_table.c.person_id)  # type: ignore[arg-type]
        .where(case_person_table.c.case_id == case_id)
        .order_by(case_person_table.c.role, Person.family_name)  # type: ignore[arg-type]
    )
    return [(row[0], row[1]) for row in rows]


async def person_ids_of(session: AsyncSession, *, case_id: uuid.UUID, role: str) -> list[uuid.UUID]:
    rows = await session.execute(
        select(case_person_table.c.person_id).where(
            case_person_table.c.case_id == case_id, case_person_table.c.role == role
        )
    )
    return list(rows.scalars())


async def location_of(session: AsyncSession, *, location_id: uuid.UUID) -> Any:
    return (
        await session.execute(select(location_table).where(location_table.c.id == location_id))
    ).one()


async def incidents_of(session: AsyncSession, *, case_ids: Collection[uuid.UUID]) -> list[Any]:
    rows = await session.execute(
        select(incident_table)
        .where(incident_table.c.case_id.in_(list(case_ids)))
        .order_by(incident_table.c.occurred_on, incident_table.c.occurred_at, incident_table.c.id)
    )
    return list(rows)


async def links_of(session: AsyncSession, *, case_id: uuid.UUID) -> list[Any]:
    rows = await session.execute(
        select(link_table.c.linked_case_id, link_table.c.reason)
        .where(link_table.c.case_id == case_id)
        .order_by(link_table.c.linked_case_id)
    )
    return list(rows)


async def close(session: AsyncSession, *, case_id: uuid.UUID, outcome: str, closed_on: Any) -> bool:
    result = await session.execute(
        update(case_table)
        .where(case_table.c.id == case_id, case_table.c.status == "open")
        .values(status="closed", outcome=outcome, closed_on=closed_on)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def set_referral(
    session: AsyncSession, *, case_id: uuid.UUID, referral_id: uuid.UUID
) -> None:
    await session.execute(
        update(case_table).where(case_table.c.id == case_id).values(referral_id=referral_id)
    )
