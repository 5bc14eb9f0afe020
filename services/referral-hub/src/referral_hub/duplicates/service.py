"""The queue of candidate person matches found at intake (`person_match_review`), as a
reviewer sees it: a pair only when both people are visible to them. Functions take a
session and never commit."""

import uuid
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.pagination import Keyset, PageRequest
from referral_hub.index.service import OPEN, person_table, review_table
from referral_hub.person.service import known_through

REVIEWS = Keyset(sorts={"found_at": review_table.c.found_at}, id_column=review_table.c.id)


def _now_known_as(person_id: Any) -> ColumnElement[Any]:
    """The person, or the one they were merged into (who holds their referrals now)."""
    merged_into = (
        select(person_table.c.merged_into)
        .where(person_table.c.id == person_id)
        .correlate(review_table)
        .scalar_subquery()
    )
    return func.coalesce(merged_into, person_id)


def _seen_by(visible: ColumnElement[bool]) -> ColumnElement[bool]:
    """Both people of the pair visible to the caller, through referrals about them."""
    return and_(
        known_through(_now_known_as(review_table.c.person_id), visible),
        known_through(_now_known_as(review_table.c.candidate_id), visible),
    )


def _still_apart() -> ColumnElement[bool]:
    """Neither person merged into anyone since the pair was found: a merge settled it."""
    person, candidate = person_table.alias("person"), person_table.alias("candidate")
    return and_(
        select(person.c.id)
        .where(person.c.id == review_table.c.person_id, person.c.merged_into.is_(None))
        .exists(),
        select(candidate.c.id)
        .where(candidate.c.id == review_table.c.candidate_id, candidate.c.merged_into.is_(None))
        .exists(),
    )


async def list_reviews(
    session: AsyncSession, *, status: str, visible: ColumnElement[bool], pages: PageRequest
) -> list[Any]:
    statement = select(review_table).where(review_table.c.status == status, _seen_by(visible))
    if status == OPEN:
        statement = statement.where(_still_apart())
    return list((await session.execute(REVIEWS.select(statement, pages))).all())


async def get_review(
    session: AsyncSession, *, review_id: uuid.UUID, visible: ColumnElement[bool]
) -> Any:
    """The review, if both its people are visible (else None, answered as not found)."""
    statement = select(review_table).where(review_table.c.id == review_id, _seen_by(visible))
    return (await session.execute(statement.with_for_update(of=review_table))).one_or_none()


async def review_by_id(session: AsyncSession, *, review_id: uuid.UUID) -> Any:
    """After a decision (a merged person is seen through the survivor's referrals only)."""
    return (await session.execute(select(review_table).where(review_table.c.id == review_id))).one()


async def decide(session: AsyncSession, *, review_id: uuid.UUID, status: str, agency: str) -> None:
    await session.execute(
        update(review_table)
        .where(review_table.c.id == review_id)
        .values(status=status, decided_at=clock.now(), decided_by=agency)
    )
