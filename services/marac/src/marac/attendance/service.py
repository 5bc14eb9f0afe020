"""Attendance, rates over time, and the N-of-M escalation rule."""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.contracts.marac import AttendanceRecorded, EscalationRaised
from csp_common.outbox import PendingEvent
from csp_common.pagination import Keyset, Page, PageRequest
from marac.attendance.models import attendance_table, escalation_table
from marac.attendance.schemas import AttendanceRate, EscalationOut
from marac.fields import new_id
from marac.meeting.models import meeting_table
from marac.policy import EscalationRule

MISSED = {"absent"}


def full_attendance(given: dict[str, str], expected: Sequence[str]) -> dict[str, str]:
    """The attendance as given, with every expected agency not mentioned marked absent."""
    return {**{agency: "absent" for agency in expected}, **given}


async def record_attendance(
    session: AsyncSession,
    *,
    meeting: dict,
    attendance: dict[str, str],
    time: datetime | None = None,
) -> list[PendingEvent]:
    rows = [
        {
            "meeting_id": meeting["id"],
            "agency": agency,
            "kind": meeting["kind"],
            "marac_area": meeting["marac_area"],
            "held_on": meeting["held_on"],
            "status": status,
        }
        for agency, status in attendance.items()
    ]
    if rows:
        await session.execute(attendance_table.insert(), rows)
    return [
        PendingEvent(
            payload=AttendanceRecorded(
                meeting_id=uuid.UUID(meeting["id"]),
                meeting_kind=meeting["kind"],
                marac_area=meeting["marac_area"],
                meeting_date=meeting["held_on"],
                agency=agency,
                status=status,
            ),
            key=meeting["id"],
            time=time,
        )
        for agency, status in attendance.items()
    ]


async def check_escalations(
    session: AsyncSession,
    *,
    meeting: dict,
    agencies: Sequence[str],
    rule: EscalationRule,
    time: datetime | None = None,
) -> list[PendingEvent]:
    """Raise an escalation for each agency that missed `rule.missed` of its last
    `rule.of_meetings` meetings of this kind in the area (up to this one), unless one is
    open already. An open one resolves itself only after a full window without a miss,
    so an agency that keeps missing every other meeting does not flap open and shut."""
    missed_statuses = MISSED | ({"apologies"} if rule.apologies_count_as_missed else set())
    recent = (
        (
            await session.execute(
                select(meeting_table.c.id)
                .where(
                    meeting_table.c.kind == meeting["kind"],
                    meeting_table.c.marac_area == meeting["marac_area"],
                    meeting_table.c.status == "held",
                    meeting_table.c.held_on <= meeting["held_on"],
                )
                .order_by(meeting_table.c.held_on.desc())
                .limit(rule.of_meetings)
            )
        )
        .scalars()
        .all()
    )
    statuses: dict[str, list[str]] = defaultdict(list)
    rows = await session.execute(
        select(attendance_table.c.agency, attendance_table.c.status).where(
            attendance_table.c.meeting_id.in_(recent), attendance_table.c.agency.in_(list(agencies))
        )
    )
    for agency, status in rows:
        statuses[agency].append(status)
    open_for = set(
        (
            await session.execute(
                select(escalation_table.c.agency).where(
                    escalation_table.c.marac_area == meeting["marac_area"],
                    escalation_table.c.status == "open",
                )
            )
        ).scalars()
    )
    events: list[PendingEvent] = []
    for agency in agencies:
        missed = sum(1 for s in statuses[agency] if s in missed_statuses)
        if missed >= rule.missed and agency not in open_for:
            escalation_id = new_id()
            await session.execute(
                escalation_table.insert().values(
                    id=escalation_id,
                    marac_area=meeting["marac_area"],
                    agency=agency,
                    missed=missed,
                    of_meetings=len(recent),
                    raised_on=meeting["held_on"],
                    meeting_id=meeting["id"],
                    status="open",
                )
            )
            events.append(
                PendingEvent(
                    payload=EscalationRaised(
                        escalation_id=uuid.UUID(escalation_id),
                        marac_area=meeting["marac_area"],
                        agency=agency,
                        missed=missed,
                        of_meetings=max(len(recent), 1),
                        raised_on=meeting["held_on"],
                    ),
                    key=escalation_id,
                    time=time,
                )
            )
        elif missed == 0 and len(recent) >= rule.of_meetings and agency in open_for:
            await session.execute(
                update(escalation_table)
                .where(
                    escalation_table.c.marac_area == meeting["marac_area"],
                    escalation_table.c.agency == agency,
                    escalation_table.c.status == "open",
                )
                .values(status="resolved", resolved_on=meeting["held_on"])
            )
    return events


def period_of(day: date, period: str) -> str:
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    if period == "year":
        return str(day.year)
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


async def attendance_rates(
    session: AsyncSession,
    *,
    areas: list[str] | None,
    kind: str,
    start: date | None,
    end: date | None,
    period: str,
    agency: str | None,
) -> list[AttendanceRate]:
    statement = select(
        attendance_table.c.marac_area,
        attendance_table.c.agency,
        attendance_table.c.held_on,
        attendance_table.c.status,
    ).where(attendance_table.c.kind == kind)
    if areas is not None:
        statement = statement.where(attendance_table.c.marac_area.in_(areas))
    if start is not None:
        statement = statement.where(attendance_table.c.held_on >= start)
    if end is not None:
        statement = statement.where(attendance_table.c.held_on <= end)
    if agency is not None:
        statement = statement.where(attendance_table.c.agency == agency)
    counts: dict[tuple[str, str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for area, agency_code, held_on, status in await session.execute(statement):
        counts[(area, agency_code, period_of(held_on, period))][status] += 1
    rates = []
    for (area, agency_code, label), by_status in sorted(counts.items()):
        meetings = sum(by_status.values())
        present, info = by_status["present"], by_status["information_only"]
        rates.append(
            AttendanceRate(
                area=area,
                agency=agency_code,
                period=label,
                meetings=meetings,
                present=present,
                apologies=by_status["apologies"],
                information_only=info,
                absent=by_status["absent"],
                attendance_rate=round(present / meetings, 3),
                engagement_rate=round((present + info) / meetings, 3),
            )
        )
    return rates


ESCALATIONS = Keyset(
    sorts={"raised_on": escalation_table.c.raised_on}, id_column=escalation_table.c.id
)


def escalation_out(row: Any) -> EscalationOut:
    m = row._mapping
    return EscalationOut(
        id=m["id"],
        area=m["marac_area"],
        agency=m["agency"],
        missed=m["missed"],
        of_meetings=m["of_meetings"],
        raised_on=m["raised_on"],
        meeting_id=m["meeting_id"],
        status=m["status"],
        resolved_on=m["resolved_on"],
    )


async def list_escalations(
    session: AsyncSession, *, area: str | None, status: str | None, pages: PageRequest
) -> Page[EscalationOut]:
    """The escalations of `area` (None: every area)."""
    statement = select(escalation_table)
    if area is not None:
        statement = statement.where(escalation_table.c.marac_area == area)
    if status is not None:
        statement = statement.where(escalation_table.c.status == status)
    rows = (await session.execute(ESCALATIONS.select(statement, pages))).all()
    return ESCALATIONS.page(rows, pages, escalation_out)


async def get_escalation(session: AsyncSession, *, escalation_id: str) -> Row | None:
    return (
        await session.execute(
            select(escalation_table).where(escalation_table.c.id == escalation_id)
        )
    ).first()


async def resolve_escalation(session: AsyncSession, *, escalation_id: str, on: date) -> None:
    await session.execute(
        update(escalation_table)
        .where(escalation_table.c.id == escalation_id)
        .values(status="resolved", resolved_on=on)
    )
