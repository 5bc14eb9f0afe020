"""Recording referral-hub's referrals as its events arrive, and the visibility rule."""

from collections.abc import Sequence

from sqlalchemy import Row, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.db import RowsInsert
from marac.referral.models import referral_table, route_table

UNKNOWN_REFERRAL = (
    "names no referral the referring agency (yours, for a direct case) made or was "
    "sent, as referral-hub would show it to that agency. Leave referral_id out for a "
    "referral made outside referral-hub; marac learns of a new referral from "
    "referral-hub's events within seconds."
)


def referrals_insert(rows: Sequence[dict]) -> RowsInsert:
    """rows: id, referring_agency, victim_id, perpetrator_id; a known referral is kept."""
    return RowsInsert(
        referral_table, list({row["id"]: row for row in rows}.values()), ignore_conflicts=True
    )


def routes_insert(rows: Sequence[dict]) -> RowsInsert:
    """rows: referral_id, provider."""
    unique = {(row["referral_id"], row["provider"]): row for row in rows}
    return RowsInsert(route_table, list(unique.values()), ignore_conflicts=True)


async def visible_referral(session: AsyncSession, *, referral_id: str, agency: str) -> Row | None:
    """The referral if `agency` made it or was sent it; None for one it may not see,
    exactly as for one that does not exist."""
    routed = exists().where(
        route_table.c.referral_id == referral_table.c.id, route_table.c.provider == agency
    )
    return (
        await session.execute(
            select(referral_table).where(
                referral_table.c.id == referral_id,
                or_(referral_table.c.referring_agency == agency, routed),
            )
        )
    ).first()


async def known_referrals(
    session: AsyncSession, *, referral_ids: Sequence[str]
) -> dict[str, tuple[Row, set[str]]]:
    """Each known referral of `referral_ids` with the agencies that may see it (the one
    that made it and those it was sent to)."""
    if not referral_ids:
        return {}
    ids = sorted(set(referral_ids))
    found = {
        row.id: (row, {row.referring_agency})
        for row in await session.execute(select(referral_table).where(referral_table.c.id.in_(ids)))
    }
    for referral_id, provider in await session.execute(
        select(route_table.c.referral_id, route_table.c.provider).where(
            route_table.c.referral_id.in_(ids)
        )
    ):
        if referral_id in found:
            found[referral_id][1].add(provider)
    return found


async def follow_merge(session: AsyncSession, *, surviving: str, merged: str) -> None:
    for column in ("victim_id", "perpetrator_id"):
        await session.execute(
            update(referral_table)
            .where(referral_table.c[column] == merged)
            .values({column: surviving})
        )


async def follow_split(
    session: AsyncSession, *, person_id: str, new_person_id: str, referral_ids: Sequence[str]
) -> None:
    for column in ("victim_id", "perpetrator_id"):
        await session.execute(
            update(referral_table)
            .where(referral_table.c.id.in_(referral_ids), referral_table.c[column] == person_id)
            .values({column: new_person_id})
        )
