"""Agency attendance at MARAC and MATAC meetings, and escalations of agencies that
keep missing them.

These count what agencies did, not people, so they are published exactly: a small
number here identifies no victim.
"""

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.attendance.models import Attendance, Escalation
from reporting.periods import Period
from reporting.protection import rate_pct
from reporting.read_models import Slot

STATUSES = ("present", "apologies", "information_only", "absent")


async def attendance_by_agency(
    *,
    session: AsyncSession,
    slot: Slot,
    period: Period,
    meeting_kind: str | None = None,
    marac_area: str | None = None,
) -> dict:
    t = Attendance.table(slot)
    where = [t.c.meeting_date.between(period.start, period.end)]
    if meeting_kind is not None:
        where.append(t.c.meeting_kind == meeting_kind)
    if marac_area is not None:
        where.append(t.c.marac_area == marac_area)
    meetings = await session.scalar(select(func.count(func.distinct(t.c.meeting_id))).where(*where))
    rows = (
        await session.execute(
            select(t.c.agency, t.c.status, func.count())
            .where(*where)
            .group_by(t.c.agency, t.c.status)
        )
    ).all()
    agencies: dict[str, dict] = defaultdict(lambda: dict.fromkeys(STATUSES, 0))
    for agency, status, count in rows:
        agencies[agency][status] = count
    e = Escalation.table(slot)
    escalation_where = [e.c.raised_on.between(period.start, period.end)]
    if marac_area is not None:
        escalation_where.append(e.c.marac_area == marac_area)
    escalations = dict(
        (
            await session.execute(
                select(e.c.agency, func.count()).where(*escalation_where).group_by(e.c.agency)
            )
        )
        .tuples()
        .all()
    )
    result = {}
    for agency in sorted(set(agencies) | set(escalations)):
        counts = agencies[agency]
        recorded = sum(counts.values())
        result[agency] = {
            "meetings": recorded,
            **counts,
            "attendance_pct": rate_pct(counts["present"], recorded),
            "engagement_pct": rate_pct(counts["present"] + counts["information_only"], recorded),
            "escalations": int(escalations.get(agency, 0)),
        }
    return {
        "period": period.as_dict(),
        "meeting_kind": meeting_kind,
        "marac_area": marac_area,
        "meetings": int(meetings or 0),
        "by_agency": result,
    }
