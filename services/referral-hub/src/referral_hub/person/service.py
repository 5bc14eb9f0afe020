"""The person index as a reviewer and a DHR chronology see it: a person through the
referrals about them. Functions take a session and never commit."""

import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, insert, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from referral_hub.index.service import candidate_table, person_key_table, person_table
from referral_hub.referral.service import referral_table, route_table
from referral_hub.routes.models import RouteStatusChange

change_table = RouteStatusChange.__table__  # type: ignore[attr-defined]


def known_through(person_id: Any, visible: ColumnElement[bool]) -> ColumnElement[bool]:
    """True when a referral that `visible` admits is about the person `person_id` (an id
    or a column): a person is visible through the referrals about them."""
    return exists().where(
        or_(referral_table.c.victim_id == person_id, referral_table.c.perpetrator_id == person_id),
        visible,
    )


async def possible_duplicates(
    session: AsyncSession, *, person_id: uuid.UUID, visible: ColumnElement[bool]
) -> list[tuple[uuid.UUID, str]]:
    """Other active people sharing a weak key with this one, with the kind of key; only
    people `visible` lets the caller see (others would tell what another agency knows)."""
    mine = candidate_table.alias("mine")
    theirs = candidate_table.alias("theirs")
    rows = await session.execute(
        select(theirs.c.person_id, theirs.c.kind)
        .join(mine, and_(mine.c.kind == theirs.c.kind, mine.c.key == theirs.c.key))
        .join(person_table, person_table.c.id == theirs.c.person_id)
        .where(
            mine.c.person_id == person_id,
            theirs.c.person_id != person_id,
            person_table.c.merged_into.is_(None),
            known_through(theirs.c.person_id, visible),
        )
        .order_by(theirs.c.person_id, theirs.c.kind)
    )
    return [(row.person_id, row.kind) for row in rows]


async def in_opposite_roles(session: AsyncSession, *, one: uuid.UUID, other: uuid.UUID) -> bool:
    """Whether one is the victim and the other the perpetrator of a referral (any referral:
    merging them would make a referral's victim its own perpetrator)."""
    victim, perpetrator = referral_table.c.victim_id, referral_table.c.perpetrator_id
    return bool(
        await session.scalar(
            select(
                exists().where(
                    or_(
                        and_(victim == one, perpetrator == other),
                        and_(victim == other, perpetrator == one),
                    )
                )
            )
        )
    )


async def merge(session: AsyncSession, *, surviving_id: uuid.UUID, merged_id: uuid.UUID) -> None:
    """Make `merged_id` an alias of `surviving_id`: its keys and referrals move over."""
    await session.execute(
        update(person_table).where(person_table.c.id == merged_id).values(merged_into=surviving_id)
    )
    await session.execute(
        update(person_key_table)
        .where(person_key_table.c.person_id == merged_id)
        .values(person_id=surviving_id)
    )
    await session.execute(
        update(referral_table)
        .where(referral_table.c.victim_id == merged_id)
        .values(victim_id=surviving_id)
    )
    await session.execute(
        update(referral_table)
        .where(referral_table.c.perpetrator_id == merged_id)
        .values(perpetrator_id=surviving_id)
    )


async def split(
    session: AsyncSession, *, person_id: uuid.UUID, referral_ids: list[uuid.UUID], role: str
) -> uuid.UUID:
    """Move some referrals of a person to a new person with the same details.

    The new person gets no match key: future referrals still match the original, and a
    reviewer decides again if they are wrong.
    """
    original = (
        await session.execute(select(person_table).where(person_table.c.id == person_id))
    ).one()
    new_id = uuid.uuid4()
    values = dict(original._mapping) | {"id": new_id, "created_at": clock.now()}
    await session.execute(insert(person_table), values)
    column = referral_table.c.victim_id if role == "victim" else referral_table.c.perpetrator_id
    await session.execute(
        update(referral_table)
        .where(referral_table.c.id.in_(referral_ids), column == person_id)
        .values({column.key: new_id})
    )
    return new_id


async def referrals_of(
    session: AsyncSession, *, person_id: uuid.UUID, visible: Any = None
) -> list[tuple[uuid.UUID, str]]:
    """(referral id, role) of every referral about a person (that `visible` admits)."""
    rows = await session.execute(
        select(referral_table.c.id, referral_table.c.victim_id)
        .where(
            (referral_table.c.victim_id == person_id)
            | (referral_table.c.perpetrator_id == person_id)
        )
        .where(visible if visible is not None else true())
        .order_by(referral_table.c.received_at)
    )
    return [(row.id, "victim" if row.victim_id == person_id else "perpetrator") for row in rows]


async def subjects(session: AsyncSession, *, person_id: uuid.UUID) -> set[uuid.UUID] | None:
    """The person and everyone merged into them (at any depth); None when the person is
    not in the index or was merged into someone else."""
    row = (
        await session.execute(
            select(person_table.c.merged_into, person_table.c.erased_at).where(
                person_table.c.id == person_id
            )
        )
    ).one_or_none()
    if row is None or row.merged_into is not None or row.erased_at is not None:
        return None
    found, frontier = {person_id}, {person_id}
    while frontier:
        merged = await session.scalars(
            select(person_table.c.id).where(person_table.c.merged_into.in_(list(frontier)))
        )
        frontier = set(merged) - found
        found |= frontier
    return found


async def referrals_about(
    session: AsyncSession, *, person_ids: Collection[uuid.UUID], areas: Collection[str]
) -> list[Any]:
    """The referrals in `areas` whose victim or perpetrator is one of `person_ids`."""
    ids = list(person_ids)
    result = await session.execute(
        select(referral_table).where(
            or_(referral_table.c.victim_id.in_(ids), referral_table.c.perpetrator_id.in_(ids)),
            referral_table.c.area.in_(list(areas)),
            referral_table.c.erased_at.is_(None),
        )
    )
    return list(result.all())


async def routes_and_changes(
    session: AsyncSession, *, referral_ids: Collection[uuid.UUID]
) -> tuple[list[Any], list[Any]]:
    """The routes of these referrals, and every status change providers reported on them."""
    if not referral_ids:
        return [], []
    routes = list(
        (
            await session.execute(
                select(route_table).where(route_table.c.referral_id.in_(list(referral_ids)))
            )
        ).all()
    )
    changes = list(
        (
            await session.execute(
                select(change_table, route_table.c.provider, route_table.c.outcome_codes)
                .join(route_table, route_table.c.id == change_table.c.route_id)
                .where(route_table.c.referral_id.in_(list(referral_ids)))
            )
        ).all()
    )
    return routes, changes
