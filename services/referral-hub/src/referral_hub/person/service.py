"""Matching people to the person index, and reviewing matches."""

import functools
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    exists,
    func,
    insert,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.db import RowsInsert, driver_connection, execute_together
from referral_hub.domain.people import candidate_keys, match_key
from referral_hub.person.models import Person, PersonCandidateKey, PersonKey

person_table = Person.__table__  # type: ignore[attr-defined]
person_key_table = PersonKey.__table__  # type: ignore[attr-defined]
candidate_table = PersonCandidateKey.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PersonDetails:
    given_name: str
    family_name: str
    date_of_birth: date | None
    gender: str | None
    postcode: str | None


def _key(details: PersonDetails, secret: bytes | None) -> str:
    key = (
        match_key(
            given_name=details.given_name,
            family_name=details.family_name,
            date_of_birth=details.date_of_birth,
            postcode=details.postcode,
            secret=secret,
        )
        if details.date_of_birth is not None
        else None
    )
    # Without a date of birth, or without a name to match on, the details are too weak
    # to merge on: the person gets a key of their own that nothing else matches.
    return key or "unmatched:" + uuid.uuid4().hex


async def resolve_people(
    session: AsyncSession, *, people: Sequence[PersonDetails], secret: bytes | None
) -> list[uuid.UUID]:
    """The person id of each of `people`, creating index entries for new ones.

    Matching is deterministic: the same normalised name, date of birth and postcode
    is the same person, whichever agency referred them.
    """
    keys = [_key(p, secret) for p in people]
    result = await session.execute(
        select(person_key_table.c.match_key, person_key_table.c.person_id).where(
            person_key_table.c.match_key.in_(keys)
        )
    )
    known: dict[str, uuid.UUID] = {row.match_key: row.person_id for row in result}
    new = {key: details for key, details in zip(keys, people, strict=True) if key not in known}
    if new:
        known |= await _create(session, new=new, secret=secret)
    return [known[key] for key in keys]


async def _create(
    session: AsyncSession, *, new: dict[str, PersonDetails], secret: bytes | None
) -> dict[str, uuid.UUID]:
    ids = {key: uuid.uuid4() for key in new}
    people = {key: (ids[key], details) for key, details in new.items()}
    await execute_together(session, new_person_statements(people, secret=secret))
    return ids


async def get_person(session: AsyncSession, *, person_id: uuid.UUID) -> Person | None:
    return await session.get(Person, person_id)


def known_through(person_id: Any, visible: ColumnElement[bool]) -> ColumnElement[bool]:
    """True when a referral that `visible` admits is about the person `person_id` (an id
    or a column): a person is visible through the referrals about them."""
    from referral_hub.referral.models import Referral

    referral_table = Referral.__table__  # type: ignore[attr-defined]
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
    from referral_hub.referral.models import Referral

    referral_table = Referral.__table__  # type: ignore[attr-defined]
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
    from referral_hub.referral.models import Referral

    referral_table = Referral.__table__  # type: ignore[attr-defined]
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
    from referral_hub.referral.models import Referral

    referral_table = Referral.__table__  # type: ignore[attr-defined]
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
    from referral_hub.referral.models import Referral

    referral_table = Referral.__table__  # type: ignore[attr-defined]
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


def person_key(details: PersonDetails, *, secret: bytes | None) -> str:
    return _key(details, secret)


def new_person_statements(
    people: Mapping[str, tuple[uuid.UUID, PersonDetails]], *, secret: bytes | None
) -> list[RowsInsert]:
    """INSERTs of new people (match key -> (id, details)), their keys and weak keys."""
    if not people:
        return []
    now = clock.now()
    candidates = [
        {"person_id": person_id, "kind": c.kind.value, "key": c.key}
        for person_id, d in people.values()
        for c in candidate_keys(
            given_name=d.given_name,
            family_name=d.family_name,
            date_of_birth=d.date_of_birth,
            postcode=d.postcode,
            secret=secret,
        )
    ]
    statements = [
        RowsInsert(
            person_table,
            [
                {
                    "id": person_id,
                    "given_name": d.given_name,
                    "family_name": d.family_name,
                    "date_of_birth": d.date_of_birth,
                    "gender": d.gender,
                    "postcode": d.postcode,
                    "merged_into": None,
                    "created_at": now,
                }
                for person_id, d in people.values()
            ],
        ),
        RowsInsert(
            person_key_table,
            [{"match_key": key, "person_id": person_id} for key, (person_id, _) in people.items()],
        ),
        RowsInsert(candidate_table, candidates),
    ]
    return statements


def _find_pair_statement() -> Any:
    from referral_hub.referral.models import Referral

    referral_table = Referral.__table__  # type: ignore[attr-defined]

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
