"""The dashboard's overview shows hate crimes by day of the week beside the hour, and the
commissioned services' own quarterly returns beside their funnel."""

import uuid
from datetime import date

from csp_common.contracts.provider_returns import ProviderReturnSubmitted
from csp_devtools.events import hate_incident


async def test_the_overview_has_the_days_and_the_returns(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    fy = f"{year}-{(year + 1) % 100:02d}"
    monday = date(year, 10, 1)
    while monday.weekday() != 0:
        monday = monday.replace(day=monday.day + 1)
    returned = ProviderReturnSubmitted(
        return_id=uuid.uuid4(),
        provider="idas",
        service="idas_target_hardening",
        quarter=f"{fy}-Q3",
        quarter_start=date(year, 10, 1),
        quarter_end=date(year, 12, 31),
        version=1,
        referrals_received=77,
        self_referrals=0,
        caseload=31,
        closures=40,
        outcomes=[],
        waiting_at_end=0,
        submitted_on=date(year + 1, 1, 5),
    )
    await reporting_feeder.feed([returned, *[hate_incident(on=monday, hour=2) for _ in range(6)]])
    page = await reporting_client.get(
        "/dashboard", params={"period": f"{fy}-Q3"}, headers=reporting_reader
    )
    assert page.status_code == 200, page.text[:500]
    text = " ".join(page.text.split())
    assert "Hate crimes by day of the week" in text
    assert '<td>Monday</td><td class="n">6</td>' in text
    assert "The services&#39; own quarterly returns" in text or "services' own quarterly" in text
    assert '<td>Target hardening</td><td class="n">77</td>' in text
