"""csp.svd-fund.round_opened's titles: optional (an event published before them still
reads), one trimmed line of at most 64 characters each."""

import uuid
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from csp_common.contracts.svd_fund import RoundOpened, RoundTitles

OPENING = {
    "round_id": str(uuid.uuid4()),
    "budget_pence": 7_500_000,
    "grant_cap_pence": 4_000_000,
    "opens_at": datetime(2023, 4, 3, 8, tzinfo=UTC).isoformat(),
    "closes_at": datetime(2023, 5, 31, 16, tzinfo=UTC).isoformat(),
    "priorities": ["vawg"],
}


def test_an_opening_published_before_titles_reads_with_none() -> None:
    opened = RoundOpened.model_validate(OPENING)
    assert opened.titles == RoundTitles()
    assert opened.titles.priorities == {} and opened.titles.activity_types == {}


def test_an_opening_carries_titles_by_code() -> None:
    titles = {
        "priorities": {"vawg": "Violence against women and girls"},
        "activity_types": {
            "awareness-education-adults": "Universal awareness and education: adults"
        },
    }
    opened = RoundOpened.model_validate({**OPENING, "titles": titles})
    assert opened.model_dump(mode="json")["titles"] == titles


@pytest.mark.parametrize(
    "title",
    ["", " Leading space", "Trailing space ", "Two\nlines", "Tab\there", "x" * 65, "a\u2028b"],
)
def test_a_title_that_is_not_one_short_trimmed_line_is_refused(title: str) -> None:
    with pytest.raises(ValidationError):
        RoundTitles(priorities={"vawg": title})


def test_a_title_is_keyed_by_a_code() -> None:
    with pytest.raises(ValidationError):
        RoundTitles(priorities={"not a code": "Violence against women and girls"})
