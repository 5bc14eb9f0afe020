"""The meeting schedule, and who may see a meeting.

Meetings are generated from each area's cadence (an anchor date plus every N days) as
they are needed, so the schedule never has to be typed in (`marac.case.listing` lists
cases at them).
"""

import uuid
from collections.abc import Iterator
from datetime import date, timedelta

from sqlalchemy import Row, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.auth import Caller
from csp_common.errors import not_found
from csp_common.upsert import insert_ignoring
from marac.access import (
    COORDINATE,
    coordinates,
    coordinator_scope,
    may_see_meeting,
)
from marac.config.service import get_area_config, get_area_configs
from marac.fields import new_id
from marac.meeting.models import meeting_table
from marac.policy import AreaConfig
from marac.problems import area_not_visible
from marac.settings import MaracSettings

MAX_MEETINGS_AHEAD = 104


def cadence_dates(anchor: date, cadence_days: int, start: date) -> Iterator[date]:
    """Meeting dates of a cadence on or after `start` (the cadence runs back before its anchor)."""
    steps = -(-(start - anchor).days // cadence_days)
    day = anchor + timedelta(days=steps * cadence_days)
    while True:
        yield day
        day += timedelta(days=cadence_days)


def schedule_of(config: AreaConfig, kind: str) -> tuple[date, int]:
    if kind == "matac":
        return config.matac_first_meeting_on, config.matac_cadence_days
    return config.marac_first_meeting_on, config.marac_cadence_days


def meeting_row(
    *, area: str, held_on: date, kind: str, capacity: int, status: str = "scheduled", **extra
) -> dict:
    return {
        "id": new_id(),
        "kind": kind,
        "marac_area": area,
        "held_on": held_on,
        "status": status,
        "capacity": capacity,
        "created_at": clock.now(),
        **extra,
    }


async def add_meeting(session: AsyncSession, *, row: dict) -> None:
    await session.execute(meeting_table.insert().values(row))


async def mark_held(
    session: AsyncSession,
    *,
    meeting_id: str,
    chair_agency: str,
    confidentiality_statement_read: bool,
    venue: str | None,
) -> None:
    await session.execute(
        update(meeting_table)
        .where(meeting_table.c.id == meeting_id)
        .values(
            status="held",
            chair_agency=chair_agency,
            confidentiality_statement_read=confidentiality_statement_read,
            venue=venue,
            recorded_at=clock.now(),
        )
    )


async def mark_cancelled(session: AsyncSession, *, meeting_id: str) -> None:
    await session.execute(
        update(meeting_table).where(meeting_table.c.id == meeting_id).values(status="cancelled")
    )


async def ensure_meetings(
    session: AsyncSession, *, area: str, kind: str, config: AreaConfig, dates: list[date]
) -> None:
    """Create the scheduled meetings of `dates` that do not exist (any status) yet."""
    if not dates:
        return
    rows = [
        meeting_row(area=area, held_on=day, kind=kind, capacity=config.case_cap) for day in dates
    ]
    await session.execute(insert_ignoring(session, meeting_table), rows)


async def next_meeting(
    session: AsyncSession, *, area: str, kind: str, config: AreaConfig, on_or_after: date
) -> dict:
    """The first scheduled meeting of the area on or after a date (created if need be)."""
    anchor, cadence = schedule_of(config, kind)
    dates = cadence_dates(anchor, cadence, on_or_after)
    for _ in range(MAX_MEETINGS_AHEAD):
        existing = (
            await session.execute(
                select(meeting_table)
                .where(
                    meeting_table.c.kind == kind,
                    meeting_table.c.marac_area == area,
                    meeting_table.c.status == "scheduled",
                    meeting_table.c.held_on >= on_or_after,
                )
                .order_by(meeting_table.c.held_on)
                .limit(1)
            )
        ).first()
        candidate = next(dates)
        if existing is not None and existing.held_on <= candidate:
            return dict(existing._mapping)
        await ensure_meetings(session, area=area, kind=kind, config=config, dates=[candidate])
        on_or_after = candidate if existing is None or existing.held_on > candidate else on_or_after
    raise RuntimeError(f"no meeting could be scheduled for {area}")


# --- reading ---------------------------------------------------------------------------


async def get_meeting(session: AsyncSession, *, meeting_id: str) -> Row | None:
    return (
        await session.execute(select(meeting_table).where(meeting_table.c.id == meeting_id))
    ).first()


async def visible_meeting(
    session: AsyncSession, *, caller: Caller, meeting_id: uuid.UUID, settings: MaracSettings
) -> Row:
    row = await get_meeting(session, meeting_id=str(meeting_id))
    if row is None:
        raise not_found("meeting")
    config = await get_area_config(session, area=row.marac_area, settings=settings)
    if not may_see_meeting(
        caller, marac_area=row.marac_area, expected_agencies=config.expected_agencies
    ):
        raise not_found("meeting")
    return row


async def coordinated_meeting(
    session: AsyncSession, *, caller: Caller, meeting_id: uuid.UUID, settings: MaracSettings
) -> Row:
    """A meeting the caller coordinates; 404 for anyone else (an agency that may read it
    too: changing it is not theirs, and a 404 tells nothing a 403 would not)."""
    row = await visible_meeting(session, caller=caller, meeting_id=meeting_id, settings=settings)
    if not coordinates(caller, row.marac_area):
        raise not_found("meeting")
    return row


async def readable_areas(
    session: AsyncSession, *, caller: Caller, area: str | None, settings: MaracSettings
) -> list[str] | None:
    """Areas whose meetings the caller may list; None means every area."""
    if caller.has(COORDINATE):
        scope_area = coordinator_scope(caller, area)
        return None if scope_area is None else [scope_area]
    configs = await get_area_configs(session, settings=settings)
    expected_at = [a for a, (c, _) in configs.items() if caller.agency in c.expected_agencies]
    if area is not None:
        if area not in expected_at:
            raise area_not_visible(area)
        return [area]
    return expected_at
