"""Hate incident events to facts."""

from collections.abc import Iterator

from csp_common.contracts.referrals import HateIncidentReported
from reporting.hate_crime.models import STRANDS, HateReport
from reporting.projection import Projecting, projects
from reporting.read_models import Fact


@projects(HateIncidentReported)
def hate_incident_reported(p: HateIncidentReported, ctx: Projecting) -> Iterator[Fact]:
    local = ctx.local(p.occurred_at)
    strands = set(p.strands)
    yield Fact(
        HateReport,
        {
            "report_id": p.report_id,
            "kind": p.kind,
            "area": p.area,
            "occurred_on": local.date(),
            "occurred_hour": local.hour,
            "against_officer": p.victim_police_officer_on_duty,
            "reporting_channel": p.reporting_channel,
            **{f"strand_{s}": s in strands for s in STRANDS},
            "event_time": ctx.event_time,
        },
    )
