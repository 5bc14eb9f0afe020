"""The committee report's §4 tells the police-recorded domestic abuse crimes by year and
area and the commissioned services' own returns beside their funnel, and §7 the day of
the week hate crimes happen, all from events."""

import re
import uuid
from datetime import UTC, date, datetime, timedelta

from csp_common.contracts.provider_returns import OutcomeCount, ProviderReturnSubmitted
from csp_common.contracts.svd_fund import AreaMeasures, MeasuresPublished
from csp_devtools.events import hate_incident


def fy(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def measures(year: int, crimes: dict[str, int]) -> MeasuresPublished:
    def area(code: str, n: int) -> AreaMeasures:
        return AreaMeasures(
            area=code, violence_with_injury=10, knife_involved=0, domestic_abuse_crimes=n
        )

    return MeasuresPublished(
        year=fy(year),
        published_on=date(year + 1, 5, 1),
        partnership=area("partnership", sum(crimes.values())),
        areas=[area(code, n) for code, n in crimes.items()],
        comparators=[],
    )


def a_return(year: int, *, referrals: int, version: int = 1) -> ProviderReturnSubmitted:
    start = date(year, 10, 1)
    return ProviderReturnSubmitted(
        return_id=uuid.uuid4(),
        provider="idas",
        service="idas_refuge",
        quarter=f"{fy(year)}-Q3",
        quarter_start=start,
        quarter_end=date(year, 12, 31),
        version=version,
        referrals_received=referrals,
        self_referrals=10,
        caseload=45,
        closures=20,
        outcomes=[OutcomeCount(measure="risk_reduced", count=15)],
        waiting_at_end=6,
        median_wait_days=1.5,
        submitted_on=date(year + 1, 1, 10),
    )


async def test_the_report_tells_crimes_returns_and_weekdays(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    others = {"craven": 800, "hambleton": 900, "harrogate": 1500, "richmondshire": 600}
    more = {"ryedale": 500, "scarborough": 1700, "selby": 1000}
    await reporting_feeder.feed(
        [measures(year - 1, {**others, **more}), measures(year, {**others, **more, "selby": 1100})],
        time=datetime(year + 1, 6, 1, tzinfo=UTC),
    )
    await reporting_feeder.feed(
        [
            a_return(year - 1, referrals=50),
            a_return(year, referrals=55),
            a_return(year, referrals=60, version=2),
        ]
    )
    tuesday = date(year, 10, 1) + timedelta(days=(1 - date(year, 10, 1).weekday()) % 7)
    await reporting_feeder.feed([hate_incident(on=tuesday, hour=1) for _ in range(12)])
    answer = await reporting_client.get(
        "/v1/reports/scrutiny", params={"period": f"{fy(year)}-Q3"}, headers=reporting_reader
    )
    assert answer.status_code == 200, answer.text
    text = " ".join(answer.text.split())
    before, now = fy(year - 1).replace("-", "/"), fy(year).replace("-", "/")
    # The table's areas are those of every year it shows: another test's earlier year may
    # bring York's row, and then the sentence names no area left out.
    start = text.index("The table below details police-recorded domestic abuse crimes")
    crimes_table = text[start : text.index("</table>", start)]
    york_row = '<th scope="row">City of York</th>' in crimes_table
    where = (
        "North Yorkshire and York"
        if york_row
        else ("every area of North Yorkshire and York except City of York")
    )
    assert (
        f"The table below details police-recorded domestic abuse crimes for {where}: 7,100 "
        f"in {now}, compared to 7,000 in {before}, which is a 1% increase."
    ) in text
    # up to three years: other tests' earlier years may come first
    assert re.search(rf"Police-recorded domestic abuse crimes by area, [0-9/]+ to {now}", text)
    cells = text.replace('<td class="n">', "<td>")
    assert re.search(
        r'<th scope="row">Selby</th>(<td>[^<]*</td>)*<td>1,000</td><td>1,100</td><td>10.0%</td>',
        cells,
    )
    assert (
        "IDAS - Victim accommodation-based services: 60 referrals received from all sources, "
        f"compared to 50 in Q3 {before}, which is a 20% increase; 20 cases closed."
    ) in text
    assert f"Returns corrected by their provider since first submitted: {fy(year)}-Q3" in text
    assert "Risk reduced 15 (75.0%)" in text
    assert (
        "Hate crimes data indicates that offences occur during the week: 100% happened from "
        "Monday to Friday."
    ) in text
    assert "Hate crimes by day of the week (local time)" in text
