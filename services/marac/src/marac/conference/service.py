"""Reading meetings with what they hold: case counts, case lists, packs, attendance."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.pagination import Keyset, Page, PageRequest
from marac.action.models import action_table
from marac.action.service import outstanding_for
from marac.attendance.models import attendance_table
from marac.case.models import case_table
from marac.case.service import case_with_meeting
from marac.conference.models import information_table
from marac.conference.schemas import AttendanceOut
from marac.matac.models import nomination_table
from marac.meeting.models import meeting_table
from marac.meeting.schemas import MeetingOut

_listed = (
    select(func.count(case_table.c.id))
    .where(case_table.c.meeting_id == meeting_table.c.id)
    .correlate(meeting_table)
    .scalar_subquery()
    .label("listed")
)
meeting_with_count = select(meeting_table, _listed)

MEETINGS = Keyset(
    sorts={"held_on": meeting_table.c.held_on, "created_at": meeting_table.c.created_at},
    id_column=meeting_table.c.id,
)


def meeting_out(row: Any) -> MeetingOut:
    m = row._mapping
    return MeetingOut(
        id=m["id"],
        kind=m["kind"],
        area=m["marac_area"],
        held_on=m["held_on"],
        status=m["status"],
        capacity=m["capacity"],
        listed=m["listed"] or 0,
        venue=m["venue"],
        chair_agency=m["chair_agency"],
        confidentiality_statement_read=m["confidentiality_statement_read"],
    )


async def meeting_listed(session: AsyncSession, *, meeting_id: str) -> MeetingOut:
    """A meeting with the number of cases listed at it."""
    row = (await session.execute(meeting_with_count.where(meeting_table.c.id == meeting_id))).one()
    return meeting_out(row)


async def list_meetings(
    session: AsyncSession,
    *,
    areas: Sequence[str] | None,
    kind: str | None,
    status: str | None,
    held_from: date | None,
    held_to: date | None,
    pages: PageRequest,
) -> Page[MeetingOut]:
    """`areas` None: every area."""
    statement = meeting_with_count
    if areas is not None:
        statement = statement.where(meeting_table.c.marac_area.in_(list(areas)))
    if kind is not None:
        statement = statement.where(meeting_table.c.kind == kind)
    if status is not None:
        statement = statement.where(meeting_table.c.status == status)
    if held_from is not None:
        statement = statement.where(meeting_table.c.held_on >= held_from)
    if held_to is not None:
        statement = statement.where(meeting_table.c.held_on <= held_to)
    rows = (await session.execute(MEETINGS.select(statement, pages))).all()
    return MEETINGS.page(rows, pages, meeting_out)


async def meeting_on(session: AsyncSession, *, kind: str, area: str, held_on: date) -> str | None:
    """The id of the area's meeting of that kind that day, if there is one."""
    return await session.scalar(
        select(meeting_table.c.id).where(
            meeting_table.c.kind == kind,
            meeting_table.c.marac_area == area,
            meeting_table.c.held_on == held_on,
        )
    )


async def cases_at(session: AsyncSession, *, meeting_id: str) -> Sequence[Row]:
    """A meeting's case list: urgent cases first, then by referral date."""
    return (
        await session.execute(
            case_with_meeting.where(case_table.c.meeting_id == meeting_id).order_by(
                case_table.c.urgent.desc(), case_table.c.referred_on, case_table.c.id
            )
        )
    ).all()


async def outstanding_at(session: AsyncSession, *, meeting: Any) -> Sequence[Row]:
    """The open actions of earlier meetings a MARAC meeting reviews, by due date."""
    return (
        await session.execute(
            outstanding_for(
                area=meeting.marac_area, meeting_id=meeting.id, held_on=meeting.held_on
            ).order_by(action_table.c.due_on, action_table.c.id)
        )
    ).all()


async def nominations_at(session: AsyncSession, *, meeting_id: str) -> Sequence[Row]:
    """The subjects a MATAC meeting hears, highest entry score first."""
    return (
        await session.execute(
            select(nomination_table)
            .where(nomination_table.c.meeting_id == meeting_id)
            .order_by(nomination_table.c.entry_score.desc(), nomination_table.c.id)
        )
    ).all()


async def add_information(session: AsyncSession, *, rows: Sequence[dict]) -> None:
    """What agencies shared about the cases heard."""
    await session.execute(information_table.insert(), list(rows))


async def attendance_at(session: AsyncSession, *, meeting_id: str) -> list[AttendanceOut]:
    rows = await session.execute(
        select(attendance_table.c.agency, attendance_table.c.status)
        .where(attendance_table.c.meeting_id == meeting_id)
        .order_by(attendance_table.c.agency)
    )
    return [AttendanceOut(agency=agency, status=status) for agency, status in rows]
