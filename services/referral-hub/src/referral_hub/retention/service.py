"""Queries and updates of retention and erasure on a session. Never commits."""

import uuid
from collections.abc import Collection
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import delete, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.retention import RetentionConfiguration
from referral_hub.consent.models import ConsentChange
from referral_hub.hubs.cases.models import case_person_table, case_table
from referral_hub.index.service import (
    candidate_table,
    person_key_table,
    person_table,
    review_table,
)
from referral_hub.referral.service import referral_table
from referral_hub.retention.rules import CLOSED_STATUSES

ERASED_NAME = ""
consent_change_table = ConsentChange.__table__  # type: ignore[attr-defined]


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def _theirs(person_id: Any) -> Any:
    return or_(
        referral_table.c.victim_id == person_id, referral_table.c.perpetrator_id == person_id
    )


async def due_persons(
    session: AsyncSession, *, retention: RetentionConfiguration, today: date, limit: int
) -> list[uuid.UUID]:
    """People past their retention period (`rules.is_due`, as a query), oldest entry first."""
    referral_cutoff = _midnight(retention.cutoff("referral", today))
    person_cutoff = retention.cutoff("person", today)
    keeping = exists().where(
        _theirs(person_table.c.id),
        referral_table.c.erased_at.is_(None),
        or_(
            referral_table.c.status.not_in(sorted(CLOSED_STATUSES)),
            referral_table.c.updated_at >= referral_cutoff,
            referral_table.c.received_on >= person_cutoff,
        ),
    )
    in_hub_case = exists().where(case_person_table.c.person_id == person_table.c.id)
    statement = (
        select(person_table.c.id)
        .where(
            person_table.c.erased_at.is_(None),
            person_table.c.created_at < _midnight(person_cutoff),
            ~keeping,
            ~in_hub_case,
        )
        .order_by(person_table.c.created_at, person_table.c.id)
        .limit(limit)
    )
    return list((await session.execute(statement)).scalars())


async def referrals_of(
    session: AsyncSession, *, person_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, list[Any]]:
    """Each person's referrals not yet erased, in any role."""
    ids = list(person_ids)
    found: dict[uuid.UUID, list[Any]] = {person_id: [] for person_id in ids}
    if not ids:
        return found
    rows = await session.execute(
        select(referral_table).where(
            or_(referral_table.c.victim_id.in_(ids), referral_table.c.perpetrator_id.in_(ids)),
            referral_table.c.erased_at.is_(None),
        )
    )
    for row in rows:
        for person_id in (row.victim_id, row.perpetrator_id):
            if person_id in found:
                found[person_id].append(row)
    return found


async def hub_cases_of(session: AsyncSession, *, person_id: uuid.UUID) -> tuple[int, int]:
    """(hub cases naming the person, of which open)."""
    row = (
        await session.execute(
            select(
                func.count(),
                func.count().filter(case_table.c.status == "open"),
            )
            .select_from(case_person_table.join(case_table))
            .where(case_person_table.c.person_id == person_id)
        )
    ).one()
    return int(row[0]), int(row[1])


async def lock_person(session: AsyncSession, *, person_id: uuid.UUID) -> Any | None:
    """The person's row, locked until the transaction ends; None if not in the index or
    already erased (another replica, or an earlier run, got there first)."""
    return (
        await session.execute(
            select(person_table)
            .where(person_table.c.id == person_id, person_table.c.erased_at.is_(None))
            .with_for_update()
        )
    ).first()


async def anonymise_person(session: AsyncSession, *, person_id: uuid.UUID, at: datetime) -> None:
    """Names, date of birth, gender and postcode go, and the match keys with them: the
    row stays only as the id other records point to."""
    await session.execute(delete(person_key_table).where(person_key_table.c.person_id == person_id))
    await session.execute(delete(candidate_table).where(candidate_table.c.person_id == person_id))
    # A queued match says two people may be one: it names the erased person, so it goes.
    await session.execute(
        delete(review_table).where(
            or_(review_table.c.person_id == person_id, review_table.c.candidate_id == person_id)
        )
    )
    await session.execute(
        update(person_table)
        .where(person_table.c.id == person_id)
        .values(
            given_name=ERASED_NAME,
            family_name=ERASED_NAME,
            date_of_birth=None,
            gender=None,
            postcode=None,
            erased_at=at,
        )
    )


async def anonymise_referrals(
    session: AsyncSession, *, referral_ids: Collection[uuid.UUID], at: datetime
) -> None:
    """What could identify someone or was written about them goes (the DASH answers,
    the safe contact, the reasons given, the agency's own reference); the codes, dates,
    levels and equality categories the published figures count stay, and so do its
    routes (codes and dates only)."""
    ids = list(referral_ids)
    if not ids:
        return
    await session.execute(
        update(referral_table)
        .where(referral_table.c.id.in_(ids))
        .values(
            source_reference=None,
            victim_safe_contact=None,
            dash_answers={},
            stalking_answers=None,
            judgement_reasons=None,
            status_reason=None,
            erased_at=at,
        )
    )
    # The reasons given for a change of consent, and who authorised sharing without it,
    # were written about the person; the codes and dates of the changes stay.
    await session.execute(
        update(consent_change_table)
        .where(consent_change_table.c.referral_id.in_(ids))
        .values(reason=None, authorised_by=None)
    )
