"""Every dashboard page for a period with no figures at all (the default period of a new
deployment, a year without meetings) and with a single figure: charts with no bar, no
point or one point still render, and no page answers 500."""

import uuid
from datetime import date

import pytest

from csp_devtools.events import attendance, case_heard, hate_incident, referral_received

PATHS = (
    "/dashboard",
    "/dashboard/attendance",
    "/dashboard/safelives",
    "/dashboard/safelives.csv",
    "/dashboard/dhr",
    "/dashboard/svd",
    "/dashboard/report",
    "/dashboard/report.pdf",
)


async def _all_pages(client, headers, params: dict) -> None:  # type: ignore[no-untyped-def]
    for path in PATHS:
        response = await client.get(path, params=params, headers=headers)
        assert response.status_code == 200, (path, params, response.text[:500])


@pytest.mark.parametrize("which", ["default", "empty year"])
async def test_pages_of_a_period_without_any_figure(
    reporting_client, reporting_reader, reporting_year: int, which: str
) -> None:  # type: ignore[no-untyped-def]
    # The default is the current financial year, which no test writes to.
    params = {} if which == "default" else {"period": str(reporting_year)}
    await _all_pages(reporting_client, reporting_reader, params)


async def test_pages_of_a_period_with_one_of_each(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    day = date(reporting_year, 5, 14)
    await reporting_feeder.feed(
        [
            referral_received(received_on=day),
            case_heard(heard_on=day),
            hate_incident(on=day, hour=3, strands=["race"]),
            attendance(
                meeting_id=uuid.uuid4(), agency="health", status="present", meeting_date=day
            ),
        ]
    )
    await _all_pages(reporting_client, reporting_reader, {"period": str(reporting_year)})
    # (months: see the periods grid)
