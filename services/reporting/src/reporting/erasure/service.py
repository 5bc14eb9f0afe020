"""Anonymising the facts of referrals referral-hub erased. Never commits.

The facts hold no person's id, only the referral's (and its routes'); the figures count
them by their codes and dates. An erased referral's id is replaced, in every read model
of the slot, by a new one (the same in all of them, so the facts of one referral still
line up) that leads back to nothing."""

import uuid
from collections.abc import Collection, Sequence

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.read_models import ReadModel, Slot

REFERRAL_COLUMN = "referral_id"


async def anonymise_referrals(
    session: AsyncSession, *, referral_ids: Collection[uuid.UUID], slots: Sequence[Slot]
) -> int:
    """How many fact rows were anonymised."""
    changed = 0
    models = sorted(
        (m for m in ReadModel.all if REFERRAL_COLUMN in m.table("a").c), key=lambda m: m.name
    )
    for slot in slots:
        pseudonyms = {referral_id: uuid.uuid4() for referral_id in sorted(referral_ids)}
        for model in models:
            table = model.table(slot)
            for erased, pseudonym in pseudonyms.items():
                result = await session.execute(
                    update(table)
                    .where(table.c[REFERRAL_COLUMN] == erased)
                    .values({REFERRAL_COLUMN: pseudonym})
                )
                changed += int(result.rowcount or 0)  # type: ignore[attr-defined]
    return changed
