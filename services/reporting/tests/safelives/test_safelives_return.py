"""The SafeLives MARAC quarterly return, JSON and CSV."""

import csv
import io
from datetime import date, timedelta

from csp_devtools.events import case_heard


def _cases(year: int) -> list:
    events = []
    # York: 40 cases in Q3, 12 repeat, 16 from partners, 6 minoritised, 3 LGBT+, 8 disabled,
    # 5 male, 2 aged 16-17, 0 perpetrators under 18; 2 children each.
    for i in range(40):
        events.append(
            case_heard(
                heard_on=date(year, 10, 1) + timedelta(days=i % 90),
                marac_area="york",
                repeat=i < 12,
                referrer_kind="partner" if i < 16 else "police",
                referring_agency="health" if i < 16 else "north-yorkshire-police",
                children_in_household=2,
                victim_ethnicity="asian" if i < 6 else "white",
                victim_lgbt=i < 3,
                victim_disability=i < 8,
                victim_gender="male" if i < 5 else "female",
                victim_age_band="16_17" if i < 2 else "25_34",
            )
        )
    # Selby: 10 cases, 5 repeat
    for i in range(10):
        events.append(case_heard(heard_on=date(year, 11, 5), marac_area="selby", repeat=i < 5))
    return events


async def test_the_return_for_a_quarter_with_benchmarks(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    await reporting_feeder.feed(_cases(year))
    params = {"fy": f"{year}-{(year + 1) % 100:02d}", "quarter": 3}
    response = await reporting_client.get(
        "/v1/returns/safelives", params=params, headers=reporting_reader
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["benchmarks"] == {
        "cases_per_10k_adult_women": 40.0,
        "repeat_pct": 30.0,
        "partner_referral_pct": 36.0,
    }
    rows = {row["marac_area"]: row for row in body["rows"]}
    assert list(rows)[-1] == "all"
    york = rows["york"]
    assert york["cases_discussed"] == 40
    assert york["repeat_cases"] == 12
    assert york["repeat_pct"] == 30.0
    assert york["partner_referrals"] == 16
    assert york["police_referrals"] == 24
    assert york["partner_referral_pct"] == 40.0
    assert york["children_in_households"] == 80
    assert york["victims_minoritised"] == 6
    assert york["victims_disabled"] == 8
    assert york["victims_male"] == 5
    assert york["victims_lgbt"] == "suppressed"
    assert york["victims_16_17"] == "suppressed"
    assert york["perpetrators_under_18"] == 0
    assert york["victims_lgbt_pct"] is None
    # 40 cases in 92 days, annualised, per 10,000 of 89,000 adult women
    assert york["cases_per_10k_adult_women"] == round(40 * 365.25 / 92 / 89000 * 10000, 1)
    assert rows["all"]["cases_discussed"] == 50
    assert rows["selby"]["repeat_cases"] == 5
    assert rows["scarborough-ryedale"]["cases_discussed"] == 0
    # the total's LGBT+ count would give York's 3 (no other area has any): hidden too
    assert rows["all"]["victims_lgbt"] == "suppressed"

    only = await reporting_client.get(
        "/v1/returns/safelives", params={**params, "marac_area": "york"}, headers=reporting_reader
    )
    assert only.json()["rows"] == [york]


async def test_the_return_as_csv(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    await reporting_feeder.feed(_cases(year))
    params = {"fy": f"{year}-{(year + 1) % 100:02d}", "quarter": 3}
    response = await reporting_client.get(
        "/v1/returns/safelives.csv", params=params, headers=reporting_reader
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    york = next(r for r in rows if r["marac_area"] == "york")
    assert york["cases_discussed"] == "40"
    assert york["repeat_pct"] == "30.0"
    assert york["benchmark_repeat_pct"] == "30.0"
    assert york["benchmark_cases_per_10k_adult_women"] == "40.0"
    assert york["victims_lgbt"] == "suppressed"
    assert york["victims_lgbt_pct"] == ""
    assert york["period"] == params["fy"] + "-Q3"
    assert [r["marac_area"] for r in rows][-1] == "all"
    header = list(rows[0])
    assert header.index("benchmark_repeat_pct") == header.index("repeat_pct") + 1
