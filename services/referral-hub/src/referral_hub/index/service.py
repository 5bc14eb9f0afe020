"""The person index: matching a referral's people to it, and adding new ones.

Functions take a session and never commit.
"""

import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import String, Uuid, and_, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.db import RowsInsert, execute_together
from referral_hub.index.models import Person, PersonCandidateKey, PersonKey, PersonMatchReview
from referral_hub.index.rules import candidate_keys, match_key

person_table = Person.__table__  # type: ignore[attr-defined]
person_key_table = PersonKey.__table__  # type: ignore[attr-defined]
candidate_table = PersonCandidateKey.__table__  # type: ignore[attr-defined]
review_table = PersonMatchReview.__table__  # type: ignore[attr-defined]
OPEN = "open"
COMMON_KEY_HOLDERS = 20
"""A weak key held by more people than this (a common family name with a common date of
birth, a made-up placeholder) says nothing about any one of them: it queues no pair."""
CandidateRows = list[dict[str, object]]
CANDIDATES_PER_PERSON = 10
"""At most this many candidates queued for one new person, those sharing most keys."""


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
    candidates = candidate_rows(people, secret=secret)
    await execute_together(
        session,
        [
            *new_person_statements(people, candidates=candidates),
            await match_reviews(session, candidates=candidates),
        ],
    )
    return ids


async def get_person(session: AsyncSession, *, person_id: uuid.UUID) -> Person | None:
    """None for a person not in the index, or erased (no longer in it for anyone)."""
    person = await session.get(Person, person_id)
    return None if person is None or person.erased_at is not None else person


async def people_by_id(
    session: AsyncSession, *, person_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, Person]:
    if not person_ids:
        return {}
    found = await session.execute(select(Person).where(Person.id.in_(list(person_ids))))  # type: ignore[attr-defined]
    return {person.id: person for person in found.scalars()}


def person_key(details: PersonDetails, *, secret: bytes | None) -> str:
    return _key(details, secret)


def new_person_statements(
    people: Mapping[str, tuple[uuid.UUID, PersonDetails]], *, candidates: CandidateRows
) -> list[RowsInsert]:
    """INSERTs of new people (match key -> (id, details)), their keys and weak keys
    (`candidate_rows` of the same people)."""
    if not people:
        return []
    now = clock.now()
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


def candidate_rows(
    people: Mapping[str, tuple[uuid.UUID, PersonDetails]], *, secret: bytes | None
) -> CandidateRows:
    """The weak keys of new people (match key -> (id, details)), as rows of their table."""
    return [
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


async def match_reviews(session: AsyncSession, *, candidates: CandidateRows) -> RowsInsert | None:
    """The review queue's rows for new people (their `candidate_rows`) who share a weak
    key with someone already in the index and not merged away: one row a pair, with the
    kinds of key they share. Written with the new people, before anyone looks."""
    if not candidates:
        return None
    holders = await _holders(session, {(str(row["kind"]), str(row["key"])) for row in candidates})
    pairs: dict[tuple[uuid.UUID, uuid.UUID], set[str]] = {}
    for row in candidates:
        sharing = holders.get((str(row["kind"]), str(row["key"])), set())
        if len(sharing) > COMMON_KEY_HOLDERS:
            continue
        for candidate in sharing:
            pairs.setdefault((row["person_id"], candidate), set()).add(str(row["kind"]))  # type: ignore[arg-type]
    pairs = _closest(pairs)
    if not pairs:
        return None
    now = clock.now()
    return RowsInsert(
        review_table,
        [
            {
                "id": uuid.uuid4(),
                "person_id": person_id,
                "candidate_id": candidate_id,
                "matched_on": sorted(kinds),
                "status": OPEN,
                "found_at": now,
                "decided_at": None,
                "decided_by": None,
            }
            for (person_id, candidate_id), kinds in sorted(pairs.items(), key=str)
        ],
        ignore_conflicts=True,
    )


# Each weak key's holders, up to one past the common-key limit: a key held by thousands
# (a placeholder, a common name and birthday) costs the same as one held by two.
_HOLDERS_SQL = text(
    """
    SELECT wanted.kind, wanted.key, holder.person_id
    FROM unnest(CAST(:kinds AS varchar[]), CAST(:keys AS varchar[])) AS wanted(kind, key)
    CROSS JOIN LATERAL (
        SELECT c.person_id FROM person_candidate_key AS c JOIN person AS p ON p.id = c.person_id
        WHERE c.kind = wanted.kind AND c.key = wanted.key AND p.merged_into IS NULL
        LIMIT :cap
    ) AS holder
    """
).columns(kind=String, key=String, person_id=Uuid)


async def _holders(
    session: AsyncSession, wanted: set[tuple[str, str]]
) -> dict[tuple[str, str], set[uuid.UUID]]:
    """Who already holds each (kind, key), among people not merged away; for a key held
    by more than `COMMON_KEY_HOLDERS`, `COMMON_KEY_HOLDERS + 1` of them."""
    holders: dict[tuple[str, str], set[uuid.UUID]] = {}
    if session.get_bind().dialect.name == "postgresql":
        ordered = sorted(wanted)
        found = await session.execute(
            _HOLDERS_SQL,
            {
                "kinds": [kind for kind, _ in ordered],
                "keys": [key for _, key in ordered],
                "cap": COMMON_KEY_HOLDERS + 1,
            },
        )
        for kind, key, person_id in found:
            holders.setdefault((kind, key), set()).add(person_id)
        return holders
    keys_by_kind: dict[str, set[str]] = {}
    for kind, key in wanted:
        keys_by_kind.setdefault(kind, set()).add(key)
    found = await session.execute(
        select(candidate_table.c.person_id, candidate_table.c.kind, candidate_table.c.key)
        .join(person_table, person_table.c.id == candidate_table.c.person_id)
        .where(
            or_(
                *(
                    and_(candidate_table.c.kind == kind, candidate_table.c.key.in_(sorted(keys)))
                    for kind, keys in sorted(keys_by_kind.items())
                )
            ),
            person_table.c.merged_into.is_(None),
        )
    )
    for existing in found:
        holders.setdefault((existing.kind, existing.key), set()).add(existing.person_id)
    return holders


def _closest(
    pairs: dict[tuple[uuid.UUID, uuid.UUID], set[str]],
) -> dict[tuple[uuid.UUID, uuid.UUID], set[str]]:
    """Each new person's `CANDIDATES_PER_PERSON` candidates sharing the most kinds of key."""
    by_person: dict[uuid.UUID, list[tuple[uuid.UUID, uuid.UUID]]] = {}
    for pair in pairs:
        by_person.setdefault(pair[0], []).append(pair)
    kept = [
        pair
        for candidates in by_person.values()
        for pair in sorted(candidates, key=lambda p: (-len(pairs[p]), str(p[1])))[
            :CANDIDATES_PER_PERSON
        ]
    ]
    return {pair: pairs[pair] for pair in kept}
