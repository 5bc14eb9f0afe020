"""The demo's history and the quarter the dashboard link opens on."""

from datetime import date

import pytest

from csp_devtools.demo.context import HISTORY_ENDS, latest_full_quarter


def test_the_link_opens_on_the_seed_reports_quarter() -> None:
    assert latest_full_quarter(HISTORY_ENDS) == "2023-24-Q3"


@pytest.mark.parametrize(
    ("last_day", "quarter"),
    [
        (date(2023, 12, 30), "2023-24-Q2"),
        (date(2023, 12, 31), "2023-24-Q3"),
        (date(2024, 3, 31), "2023-24-Q4"),
        (date(2024, 4, 1), "2023-24-Q4"),
        (date(2024, 6, 30), "2024-25-Q1"),
        (date(2022, 2, 1), "2021-22-Q3"),
    ],
)
def test_the_latest_full_quarter_is_the_last_one_over(last_day: date, quarter: str) -> None:
    assert latest_full_quarter(last_day) == quarter
