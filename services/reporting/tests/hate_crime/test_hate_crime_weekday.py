"""§7.2: the day of the week hate crimes happen, beside the hour: the weekday of the
local (UK) day, so a crime at half past midnight on a summer Monday is Monday's though
it is still Sunday in UTC."""

from datetime import date, timedelta

from csp_devtools.events import hate_incident


def _week_of(year: int) -> dict[str, date]:
    """A week of July (British Summer Time), Monday first."""
    monday = date(year, 7, 1) + timedelta(days=-date(year, 7, 1).weekday() + 7)
    names = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    return {name: monday + timedelta(days=i) for i, name in enumerate(names)}


async def test_crimes_by_day_of_the_week_in_uk_time(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    week = _week_of(reporting_year)
    events = [hate_incident(on=week["monday"], hour=0) for _ in range(10)]
    events += [hate_incident(on=week["tuesday"], hour=14) for _ in range(10)]
    events += [hate_incident(on=week["saturday"], hour=23) for _ in range(6)]
    events += [hate_incident(on=week["sunday"], hour=2) for _ in range(3)]
    events += [hate_incident(on=week["wednesday"], kind="non_crime_incident") for _ in range(7)]
    await reporting_feeder.feed(events)
    fy = f"{reporting_year}-{(reporting_year + 1) % 100:02d}"
    response = await reporting_client.get(
        "/v1/stats/hate-crime", params={"fy": fy, "quarter": 2}, headers=reporting_reader
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["crimes"] == 29
    assert body["by_weekday"]["monday"] == 10  # 23:30 on Sunday in UTC
    assert body["by_weekday"]["tuesday"] == 10
    assert body["by_weekday"]["wednesday"] == 0  # incidents are not crimes
    assert body["by_weekday"]["friday"] == 0
    # Sunday's 3 are grouped with Saturday's: neither is shown, the weekend is
    assert body["by_weekday"]["sunday"] == "suppressed"
    assert body["by_weekday"]["saturday"] == "suppressed"
    assert body["weekdays_vs_weekend"] == {"weekdays": 20, "weekend": 9}
    assert list(body["by_weekday"]) == [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
    ]  # fmt: skip


async def test_redelivered_crimes_count_once_on_their_day(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    week = _week_of(reporting_year)
    events = [hate_incident(on=week["thursday"], hour=3) for _ in range(8)]
    await reporting_feeder.feed(events)
    await reporting_feeder.feed(events)
    fy = f"{reporting_year}-{(reporting_year + 1) % 100:02d}"
    body = (
        await reporting_client.get(
            "/v1/stats/hate-crime", params={"fy": fy, "quarter": 2}, headers=reporting_reader
        )
    ).json()
    assert body["by_weekday"]["thursday"] == 8
    assert body["weekdays_vs_weekend"] == {"weekdays": 8, "weekend": 0}
