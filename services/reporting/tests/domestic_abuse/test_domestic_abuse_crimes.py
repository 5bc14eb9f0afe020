"""GET /v1/stats/domestic-abuse-crimes: §4.2's table of police-recorded domestic abuse
crimes by year and area, from the measures svd-fund publishes."""

from datetime import UTC, date, datetime

from csp_common.contracts.svd_fund import AreaMeasures, MeasuresPublished


def fy(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def published(year: int, crimes: dict[str, int | None]) -> MeasuresPublished:
    def area(code: str, n: int | None) -> AreaMeasures:
        return AreaMeasures(
            area=code, violence_with_injury=100, knife_involved=2, domestic_abuse_crimes=n
        )

    known = [n for n in crimes.values() if n is not None]
    return MeasuresPublished(
        year=fy(year),
        published_on=date(year + 1, 5, 1),
        partnership=area("partnership", sum(known) if known else None),
        areas=[area(code, n) for code, n in crimes.items()],
        comparators=[],
    )


async def test_a_table_by_year_and_area_with_the_year_before(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    at = datetime(year + 1, 6, 1, tzinfo=UTC)
    await reporting_feeder.feed(
        [published(year - 1, {"craven": 400, "harrogate": 1200, "selby": 3, "york": 0})], time=at
    )
    await reporting_feeder.feed(
        [published(year, {"craven": 1, "harrogate": 1, "selby": 1, "york": 0})], time=at
    )
    # the later publication of the year supersedes the first
    await reporting_feeder.feed(
        [published(year, {"craven": 420, "harrogate": 1100, "selby": 10, "york": 0})],
        time=datetime(year + 1, 7, 1, tzinfo=UTC),
    )
    answer = await reporting_client.get(
        "/v1/stats/domestic-abuse-crimes",
        params={"year": fy(year), "years": 2},
        headers=reporting_reader,
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    before, now = fy(year - 1), fy(year)
    assert body["years"] == [before, now]
    assert list(body["areas"]) == ["craven", "harrogate", "selby"]  # York has none: not shown
    assert body["areas"]["harrogate"] == {before: 1200, now: 1100}
    # Selby's 3 merged with Craven, the smallest other: neither shown that year
    assert body["areas"]["selby"] == {before: "suppressed", now: 10}
    assert body["areas"]["craven"] == {before: "suppressed", now: 420}
    assert body["total"] == {before: 1603, now: 1530}
    assert body["change_pct"]["harrogate"] == -8.3
    assert body["change_pct"]["selby"] is None
    assert body["total_change_pct"] == -4.6
    assert body["published_on"][now] == f"{year + 1}-05-01"


async def test_years_published_before_the_flag_are_left_out(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    await reporting_feeder.feed([published(year, {"craven": None, "selby": None})])
    answer = await reporting_client.get(
        "/v1/stats/domestic-abuse-crimes",
        params={"year": fy(year), "years": 1},
        headers=reporting_reader,
    )
    assert answer.status_code == 200, answer.text
    assert fy(year) not in answer.json()["years"]
    bad = await reporting_client.get(
        "/v1/stats/domestic-abuse-crimes", params={"year": "2023-25"}, headers=reporting_reader
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
