"""What a demo loader gets from the local stack, and the history the demo tells."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

HISTORY_STARTS = date(2022, 1, 1)
HISTORY_ENDS = date(2024, 2, 29)
"""The demo is one partnership's history from January 2022 to the eve of its report to
the scrutiny committee (March 2024): referrals, routes and what the providers reported,
MARAC, hate crime, all in the same periods. Its latest full quarter is Q3 2023/24."""


@dataclass(frozen=True)
class DemoContext:
    """The URLs of the running stack (by service name) and a way to mint tokens."""

    urls: dict[str, str]
    mint_token: Callable[..., str]


def latest_full_quarter(last_day: date = HISTORY_ENDS) -> str:
    """The code (`2023-24-Q3`) of the last financial quarter over by the end of `last_day`."""
    after = last_day + timedelta(days=1)
    ended = date(after.year, (after.month - 1) // 3 * 3 + 1, 1) - timedelta(days=1)
    first_year = ended.year if ended.month >= 4 else ended.year - 1
    quarter = {6: 1, 9: 2, 12: 3, 3: 4}[ended.month]
    return f"{first_year}-{(first_year + 1) % 100:02d}-Q{quarter}"
