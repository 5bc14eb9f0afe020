"""GET /v1/stats/hate-crime: the contract other parts rely on."""

from datetime import date, timedelta

from csp_devtools.events import hate_incident


def _quarter_day(year: int, i: int) -> date:
    return date(year, 10, 1) + timedelta(days=i % 92)


def _current(year: int) -> list:
    events = []
    hours = [1] * 12 + [2] * 8 + [14] * 6 + [20] * 4
    strands = (
        [("race",)] * 16
        + [("race", "religion")]
        + [("religion",)] * 4
        + [("sexual_orientation",)] * 6
        + [("disability",)] * 3
    )
    for i in range(30):
        events.append(
            hate_incident(
                on=_quarter_day(year, i),
                hour=hours[i],
                strands=strands[i],
                area="selby" if i < 4 else "york",
                officer=i % 5 == 0,
            )
        )
    events += [hate_incident(on=_quarter_day(year, i), kind="non_crime_incident") for i in range(3)]
    # Outside the quarter: not counted.
    events.append(hate_incident(on=date(year, 9, 30), hour=22))
    events.append(hate_incident(on=date(year + 1, 1, 1), hour=0))
    return events


def _before(year: int) -> list:
    return [hate_incident(on=_quarter_day(year - 1, i), officer=i < 5) for i in range(25)]


async def test_hate_crime_quarter_against_the_same_quarter_a_year_before(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    await reporting_feeder.feed(_current(year) + _before(year))
    fy = f"{year}-{(year + 1) % 100:02d}"
    response = await reporting_client.get(
        "/v1/stats/hate-crime", params={"fy": fy, "quarter": 3}, headers=reporting_reader
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["period"]["label"] == f"Q3 {year}/{(year + 1) % 100:02d}"
    assert body["crimes"] == 30
    assert body["previous_year_crimes"] == 25
    assert body["change_pct"] == 20.0
    assert body["against_officers"] == 6
    assert body["by_strand"]["race"] == {"count": 17, "share_pct": 56.7}
    assert body["by_strand"]["sexual_orientation"] == {"count": 6, "share_pct": 20.0}
    assert body["by_strand"]["disability"] == {"count": "suppressed", "share_pct": None}
    # Each strand is protected on its own (5 religious, 25 not): strands overlap, so
    # there is no "total minus the other strands" to hide it from.
    assert body["by_strand"]["religion"] == {"count": 5, "share_pct": 16.7}
    assert body["by_strand"]["transgender"] == {"count": 0, "share_pct": 0.0}
    assert set(body["by_hour"]) == {str(h) for h in range(24)}
    assert body["by_hour"]["1"] == 12
    assert body["by_hour"]["2"] == 8
    assert body["by_hour"]["20"] == "suppressed"
    assert body["by_hour"]["14"] == "suppressed"
    assert body["by_hour"]["3"] == 0
    assert body["by_hour_band"]["00:00-04:00"] == 20
    assert body["non_crime_incidents"] == "suppressed"
    assert body["by_area"]["selby"]["count"] == "suppressed"
    assert body["by_area"]["york"]["count"] == "suppressed"


async def test_hate_crime_for_one_area(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    await reporting_feeder.feed(
        [hate_incident(on=date(year, 5, 1), area="ryedale") for _ in range(6)]
        + [hate_incident(on=date(year, 5, 1), area="craven") for _ in range(7)]
    )
    response = await reporting_client.get(
        "/v1/stats/hate-crime",
        params={"from": f"{year}-05-01", "to": f"{year}-05-31", "area": "ryedale"},
        headers=reporting_reader,
    )
    body = response.json()
    assert body["crimes"] == 6
    assert list(body["by_area"]) == ["ryedale"]


async def test_bad_filters_get_a_problem_not_a_500(reporting_client, reporting_reader) -> None:  # type: ignore[no-untyped-def]
    for query in (
        "quarter=3",
        "fy=2023-25",
        "fy=2023-24&quarter=5",
        "year=abc",
        "year=99999999999999999999999",
        "year=2023&fy=2023-24",
        "from=2023-01-01",
        "from=2023-02-30&to=2023-03-01",
        "period=%00",
        "area=York%20Minster",
        "period=" + "9" * 41,
    ):
        response = await reporting_client.get(
            f"/v1/stats/hate-crime?{query}", headers=reporting_reader
        )
        assert response.status_code == 422, (query, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"]
