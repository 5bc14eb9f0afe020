"""The dashboard's community safety hubs page and §3 of the committee report, from the
same csp.hubs events through the broker as GET /v1/stats/hubs."""

import re
from datetime import date

from csp_devtools.events import hub_case_opened, trigger_application_received

from .test_hub_stats import hub_year


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


async def test_the_dashboard_page(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    await reporting_feeder.feed(hub_year(year, hub="hambleton"))
    page = await reporting_client.get(
        "/dashboard/hubs", params={"period": str(year)}, headers=reporting_reader
    )
    assert page.status_code == 200, page.text
    assert 'href="/dashboard/hubs?period=' in page.text  # in the navigation
    text = _text(page.text)
    assert f"Community safety hubs, {year} against {year - 1}" in text
    assert "Hambleton 15 0 - 10 0 -" in text
    assert "Community protection notice 5 0 - 5 0 -" in text
    assert "Applications received 15 0 -" in text
    assert "Reviews making recommendations 5 0 -" in text
    assert text.count("data:image/svg+xml;base64,") == 0  # charts are images, not text
    assert page.text.count('src="data:image/svg+xml;base64,') == 2
    bad = await reporting_client.get(
        "/dashboard/hubs", params={"period": "2023-13"}, headers=reporting_reader
    )
    assert bad.status_code == 422
    signed_out = await reporting_client.get("/dashboard/hubs")
    assert signed_out.status_code == 401


async def test_the_committee_report_s_hubs_section(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    before = [
        hub_case_opened(opened_on=date(year - 1, 5, 9), hub="harrogate", kind="asb_personal")
        for _ in range(6)
    ]
    await reporting_feeder.feed([*before, *hub_year(year, hub="harrogate")])
    report = await reporting_client.get(
        "/v1/reports/scrutiny", params={"period": str(year)}, headers=reporting_reader
    )
    assert report.status_code == 200, report.text
    html = " ".join(report.text.split())
    headings = re.findall(r"<h2[^>]*>([0-9]+)\.0 ([^<]+)</h2>", html)
    titles = [title for _, title in headings]
    assert "Community Safety Hubs" in titles
    hubs_at = titles.index("Community Safety Hubs")
    assert headings[hubs_at][0] == "3"  # as in the seed report, after partnership development
    assert titles[0] == "Purpose of this report"
    assert hubs_at < titles.index(next(t for t in titles if "Domestic Homicide" in t))
    text = _text(report.text)
    assert (
        f"In {year} the hubs opened 15 cases, compared to 6 for {year - 1}, which is a 150% "
        "increase, and closed 10."
    ) in text
    assert "Of the cases opened, 5 were about a place the hub already had a case about" in text
    assert "and 5 were assessed as high risk" in text
    assert "11 interventions were issued (6 warning letter; 5 community protection notice)" in text
    assert "section 104 of the Anti-social Behaviour, Crime and Policing Act 2014" in text
    assert (
        f"In {year}, 15 applications were received; 5 did not meet the threshold, 10 reviews "
        "were held and 5 of them made recommendations."
    ) in text
    assert "Harrogate 15 6 150.0% 10" in text


async def test_the_report_says_when_no_application_was_made(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    await reporting_feeder.feed(
        [hub_case_opened(opened_on=date(year, 6, 1), hub="selby") for _ in range(5)]
    )
    report = await reporting_client.get(
        "/v1/reports/scrutiny", params={"period": str(year)}, headers=reporting_reader
    )
    text = _text(report.text)
    assert f"No application was received in {year}." in text
    assert f"In {year} the hubs opened 5 cases, compared to 0 for {year - 1}" in text
    # Three applications the next year are a small number: the report does not give it.
    await reporting_feeder.feed(
        [trigger_application_received(received_on=date(year + 1, 7, 1)) for _ in range(3)]
    )
    later = await reporting_client.get(
        "/v1/reports/scrutiny", params={"period": str(year + 1)}, headers=reporting_reader
    )
    assert f"In {year + 1}, a number not published" in _text(later.text)
