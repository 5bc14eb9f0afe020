"""Attendance and escalation events to facts."""

from collections.abc import Iterator

from csp_common.contracts.marac import AttendanceRecorded, EscalationRaised
from reporting.attendance.models import Attendance, Escalation
from reporting.projection import Projecting, projects
from reporting.read_models import Fact


@projects(AttendanceRecorded)
def attendance_recorded(p: AttendanceRecorded, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        Attendance,
        {
            "meeting_id": p.meeting_id,
            "agency": p.agency,
            "meeting_kind": p.meeting_kind,
            "marac_area": p.marac_area,
            "meeting_date": p.meeting_date,
            "status": p.status,
            "event_time": ctx.event_time,
        },
    )


@projects(EscalationRaised)
def escalation_raised(p: EscalationRaised, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        Escalation,
        {
            "escalation_id": p.escalation_id,
            "marac_area": p.marac_area,
            "agency": p.agency,
            "missed": p.missed,
            "of_meetings": p.of_meetings,
            "raised_on": p.raised_on,
            "event_time": ctx.event_time,
        },
    )
