"""MATAC events to facts."""

from collections.abc import Iterator

from csp_common.contracts.marac import MatacIntervention, MatacNominated, MatacScored
from reporting.matac.models import Intervention, Nomination, Score
from reporting.projection import Projecting, projects
from reporting.read_models import Fact


@projects(MatacNominated)
def matac_nominated(p: MatacNominated, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        Nomination,
        {
            "nomination_id": p.nomination_id,
            "marac_area": p.marac_area,
            "nominated_on": p.nominated_on,
            "source": p.source,
            "serial_perpetrator": p.serial_perpetrator,
            "event_time": ctx.event_time,
        },
    )


@projects(MatacScored)
def matac_scored(p: MatacScored, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        Score,
        {
            "nomination_id": p.nomination_id,
            "stage": p.stage,
            "scored_on": p.scored_on,
            "marac_area": p.marac_area,
            "score": p.score,
            "event_time": ctx.event_time,
        },
    )


@projects(MatacIntervention)
def matac_intervention(p: MatacIntervention, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        Intervention,
        {
            "intervention_id": p.intervention_id,
            "nomination_id": p.nomination_id,
            "marac_area": p.marac_area,
            "kind": p.kind,
            "provider": p.provider,
            "started_on": p.started_on,
            "event_time": ctx.event_time,
        },
    )
