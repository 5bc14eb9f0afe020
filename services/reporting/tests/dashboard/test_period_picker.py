"""The period picker offers every period from the first day with data to today, and none
before it."""

from datetime import date

from reporting.dashboard.service import period_options
from reporting.periods import fy_quarter, parse_period

TODAY = date(2026, 12, 3)


def _codes(since: date | None, current: str = "2026-27") -> dict[str, list[str]]:
    options = period_options(TODAY, parse_period(current), since)
    return {group: [code for code, _label in choices] for group, choices in options}


def test_every_period_back_to_the_first_day_with_data() -> None:
    codes = _codes(date(2022, 1, 10))
    months = codes["Months"]
    assert months[0] == "2026-12" and months[-1] == "2022-01" and len(months) == 60
    quarters = codes["Quarters of the financial year"]
    assert quarters[0] == "2026-27-Q3" and quarters[-1] == "2021-22-Q4"
    assert "2023-24-Q3" in quarters and len(quarters) == 20
    assert codes["Financial years"] == [
        "2026-27",
        "2025-26",
        "2024-25",
        "2023-24",
        "2022-23",
        "2021-22",
    ]
    assert codes["Calendar years"] == ["2026", "2025", "2024", "2023", "2022"]


def test_nothing_before_the_data() -> None:
    codes = _codes(date(2024, 4, 1))
    assert codes["Months"][-1] == "2024-04"
    assert codes["Quarters of the financial year"][-1] == "2024-25-Q1"
    assert codes["Financial years"][-1] == "2024-25"
    assert codes["Calendar years"][-1] == "2024"


def test_without_data_only_todays_periods_and_the_one_shown() -> None:
    codes = _codes(None, current="2019-20-Q2")
    assert codes["Months"] == ["2026-12"]
    assert codes["Quarters of the financial year"] == ["2019-20-Q2", "2026-27-Q3"]
    assert codes["Financial years"] == ["2026-27"]


def test_no_quarter_after_today() -> None:
    quarters = _codes(date(2026, 1, 1))["Quarters of the financial year"]
    assert fy_quarter(2026, 4).code not in quarters


async def test_the_picker_reaches_the_seed_quarter(
    reporting_server, reporting_client, reporting_reader, reporting_seeded
) -> None:  # type: ignore[no-untyped-def]
    """The seed's figures start in January 2022: the picker offers it and its quarter."""
    response = await reporting_client.get(
        "/dashboard", params={"period": "2024-25"}, headers=reporting_reader
    )
    assert response.status_code == 200, response.text
    for code in ('value="2022-01"', 'value="2021-22-Q4"', 'value="2023-24-Q3"', 'value="2022"'):
        assert code in response.text, code
