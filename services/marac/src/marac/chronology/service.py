"""What marac holds about one person: the cases they are the victim or perpetrator of,
those cases' actions, and the MATAC nominations of them as a subject."""

from collections.abc import Sequence

from sqlalchemy import Row, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from marac.action.models import action_table
from marac.case.models import case_table
from marac.matac.models import nomination_table
from marac.meeting.models import meeting_table


async def cases_about(session: AsyncSession, *, person_id: str) -> Sequence[Row]:
    """The person's cases with the date of the meeting each is (or was last) listed at."""
    statement = (
        select(
            case_table.c.id,
            case_table.c.victim_id,
            case_table.c.perpetrator_id,
            case_table.c.source,
            case_table.c.marac_area,
            case_table.c.referring_agency,
            case_table.c.referrer_kind,
            case_table.c.score,
            case_table.c.referred_on,
            case_table.c.heard_on,
            case_table.c.meeting_id,
            meeting_table.c.held_on.label("meeting_date"),
        )
        .select_from(
            case_table.outerjoin(meeting_table, meeting_table.c.id == case_table.c.meeting_id)
        )
        .where(or_(case_table.c.victim_id == person_id, case_table.c.perpetrator_id == person_id))
    )
    return (await session.execute(statement)).all()


async def actions_of(session: AsyncSession, *, case_ids: Sequence[str]) -> Sequence[Row]:
    """The actions of these cases, each with the date of the meeting that agreed it."""
    if not case_ids:
        return []
    statement = (
        select(
            action_table.c.id,
            action_table.c.case_id,
            action_table.c.marac_area,
            action_table.c.owner_agency,
            action_table.c.due_on,
            action_table.c.status,
            action_table.c.outcome,
            action_table.c.completed_on,
            meeting_table.c.held_on.label("agreed_on"),
        )
        .select_from(
            action_table.join(meeting_table, meeting_table.c.id == action_table.c.meeting_id)
        )
        .where(action_table.c.case_id.in_(sorted(case_ids)))
    )
    return (await session.execute(statement)).all()


async def nominations_of(session: AsyncSession, *, subject_id: str) -> Sequence[Row]:
    """The person's MATAC nominations, with the meeting each was listed at."""
    statement = (
        select(
            nomination_table.c.id,
            nomination_table.c.marac_area,
            nomination_table.c.source,
            nomination_table.c.nominating_agency,
            nomination_table.c.nominated_on,
            meeting_table.c.held_on.label("meeting_date"),
            meeting_table.c.status.label("meeting_status"),
        )
        .select_from(
            nomination_table.outerjoin(
                meeting_table, meeting_table.c.id == nomination_table.c.meeting_id
            )
        )
        .where(nomination_table.c.subject_id == subject_id)
    )
    return (await session.execute(statement)).all()
