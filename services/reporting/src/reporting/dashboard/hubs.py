"""What the dashboard's community safety hubs page shows: the figures of
`GET /v1/stats/hubs` for the period picked, with the names of hubs, kinds and
interventions, and their charts."""

from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.partnership import Partnership
from reporting import charts
from reporting.hubs.service import HubCodes, hub_stats, name_of
from reporting.periods import Period
from reporting.read_models import Slot


async def hubs_page(
    *, session: AsyncSession, slot: Slot, period: Period, partnership: Partnership, threshold: int
) -> dict:
    codes = HubCodes.of(partnership)
    hubs = await hub_stats(
        session=session, slot=slot, period=period, codes=codes, threshold=threshold
    )
    this, previous = period.label, period.previous_year().label
    by_hub, by_kind = hubs["by_hub"], hubs["interventions"]["by_kind"]
    return {
        "hubs": hubs,
        "hub_names": {code: codes.hub_name(code) for code in by_hub},
        "kind_names": {code: codes.kind_name(code) for code in hubs["by_kind"]},
        "intervention_names": {code: codes.intervention_name(code) for code in by_kind},
        "outcome_names": {code: name_of(code, {}) for code in hubs["outcomes"]},
        "charts": {
            "by_hub": charts.bar(
                None,
                [codes.hub_name(code) for code in by_hub],
                {
                    this: [h["opened"]["count"] for h in by_hub.values()],
                    previous: [h["opened"]["previous_year_count"] for h in by_hub.values()],
                },
            ),
            "interventions": charts.bar(
                None,
                [codes.intervention_name(code) for code in by_kind],
                {
                    "Issued": [k["issued"]["count"] for k in by_kind.values()],
                    "Breached": [k["breached"]["count"] for k in by_kind.values()],
                },
                horizontal=True,
            ),
        },
    }
