import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.clock import as_utc
from dhr_tracker.anonymisation.models import check_table
from dhr_tracker.anonymisation.rules import Address, SealedPerson
from dhr_tracker.sealed.models import sealed_table
from dhr_tracker.sealed.schemas import SealedIdentityIn


async def clean_since_sealing(session: AsyncSession, *, review_id: uuid.UUID) -> bool:
    """Whether the latest check of the review's draft found nothing, and was made against
    the sealed identity as it stands (a check before a name was added proves nothing)."""
    latest = (
        await session.execute(
            select(check_table.c.mentions, check_table.c.checked_at)
            .where(check_table.c.review_id == review_id)
            .order_by(check_table.c.checked_at.desc())
            .limit(1)
        )
    ).first()
    sealed_at = (
        await session.execute(
            select(sealed_table.c.updated_at).where(sealed_table.c.review_id == review_id)
        )
    ).scalar_one_or_none()
    if latest is None or sealed_at is None or latest.mentions:
        return False
    return as_utc(latest.checked_at) >= as_utc(sealed_at)


def sealed_people(identity: SealedIdentityIn) -> list[SealedPerson]:
    """The identity as the anonymisation check reads it: `victim`, `family-1`, ..."""
    counts: dict[str, int] = {}
    people = []
    for person in identity.people:
        counts[person.role] = counts.get(person.role, 0) + 1
        ref = "victim" if person.role == "victim" else f"{person.role}-{counts[person.role]}"
        people.append(
            SealedPerson(
                ref=ref,
                names=tuple(person.names),
                dates_of_birth=tuple(person.dates_of_birth),
                addresses=tuple(Address(tuple(a.lines), a.postcode) for a in person.addresses),
            )
        )
    return people
