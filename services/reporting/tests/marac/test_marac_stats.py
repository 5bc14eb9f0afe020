"""GET /v1/stats/marac: the contract other parts rely on."""

from datetime import date, timedelta

from csp_devtools.events import case_heard

AREAS_NOW = {  # area: (cases, repeat)
    "scarborough-ryedale": (27, 9),
    "harrogate-craven": (24, 6),
    "york": (23, 7),
    "hambleton-richmondshire": (22, 5),
    "selby": (4, 1),
}
AREAS_BEFORE = {
    "scarborough-ryedale": (26, 5),
    "harrogate-craven": (23, 5),
    "york": (22, 5),
    "hambleton-richmondshire": (20, 5),
    "selby": (5, 0),
}


def _hearings(year: int, areas: dict[str, tuple[int, int]]) -> list:
    events = []
    for area, (cases, repeat) in areas.items():
        for i in range(cases):
            events.append(
                case_heard(
                    heard_on=date(year, 1, 1) + timedelta(days=(i * 7) % 365),
                    marac_area=area,
                    repeat=i < repeat,
                )
            )
    return events


async def test_marac_cases_by_area_year_on_year(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    await reporting_feeder.feed(_hearings(year, AREAS_NOW) + _hearings(year - 1, AREAS_BEFORE))
    response = await reporting_client.get(
        "/v1/stats/marac", params={"year": year}, headers=reporting_reader
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["cases"] == 100
    assert body["previous_year_cases"] == 96
    assert body["change_pct"] == 4.2
    assert body["repeat_pct"] == 28.0
    by_area = body["by_area"]
    assert list(by_area)[:5] == list(AREAS_NOW)
    # Its 9 repeat cases were all heard from January to March, beside 4 that were not:
    # the year's repeat cases, with the quarters' (0 from April), would give those 4.
    assert by_area["scarborough-ryedale"] == {
        "cases": 27,
        "share_pct": 27.0,
        "previous_year_cases": 26,
        "change_pct": 3.8,
        "repeat_pct": None,
    }
    assert by_area["harrogate-craven"]["share_pct"] == 24.0
    assert by_area["york"]["share_pct"] == 23.0
    # Selby's 4 are hidden; with the total shown, the next smallest area is hidden too.
    assert by_area["selby"]["cases"] == "suppressed"
    assert by_area["selby"]["share_pct"] is None
    assert by_area["hambleton-richmondshire"]["cases"] == "suppressed"
    assert by_area["hambleton-richmondshire"]["share_pct"] is None
    assert by_area["hambleton-richmondshire"]["change_pct"] is None
    assert body["period"]["code"] == str(year)
    assert body["previous_period"]["code"] == str(year - 1)


async def test_a_year_without_cases(reporting_client, reporting_reader, reporting_year) -> None:  # type: ignore[no-untyped-def]
    response = await reporting_client.get(
        "/v1/stats/marac", params={"year": reporting_year}, headers=reporting_reader
    )
    body = response.json()
    assert body["cases"] == 0
    assert body["change_pct"] is None
    assert body["repeat_pct"] is None
    assert all(a["cases"] == 0 for a in body["by_area"].values())


async def test_marac_stats_need_the_reports_scope(reporting_client, auth_header) -> None:  # type: ignore[no-untyped-def]
    assert (await reporting_client.get("/v1/stats/marac?year=2023")).status_code == 401
    response = await reporting_client.get(
        "/v1/stats/marac?year=2023", headers=auth_header(agency="idas", scopes=["referrals:read"])
    )
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
