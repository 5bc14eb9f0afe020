"""MARAC cases as referral-hub knows them: which area's MARAC holds the case about a
referral. Functions take a session and never commit."""

import uuid
from typing import Any

from sqlalchemy import ColumnElement, exists, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.upsert import upsert
from referral_hub.marac_cases.models import MaracCase

marac_case_table = MaracCase.__table__  # type: ignore[attr-defined]


async def record_cases(session: AsyncSession, *, rows: list[dict[str, Any]]) -> None:
    """Cases marac opened on a referral (`case_id, referral_id, marac_area`); a case met
    again (a redelivery, a replayed log) takes the area it was referred to."""
    if not rows:
        return
    now = clock.now()
    await session.execute(
        upsert(session, marac_case_table, key=["case_id"]),
        [row | {"updated_at": now} for row in rows],
    )


async def move_case(session: AsyncSession, *, case_id: uuid.UUID, to_area: str) -> None:
    """A transfer between the partnership's areas; a case referral-hub never heard of
    (a direct one, without a referral) changes nothing."""
    await session.execute(
        update(marac_case_table)
        .where(marac_case_table.c.case_id == case_id)
        .values(marac_area=to_area, updated_at=clock.now())
    )


def held_in_area(referral_id: Any, area: str) -> ColumnElement[bool]:
    """True when a MARAC case about the referral `referral_id` (an id or a column) is
    held by `area`'s MARAC now."""
    return exists().where(
        marac_case_table.c.referral_id == referral_id, marac_case_table.c.marac_area == area
    )
