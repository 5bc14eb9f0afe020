"""The commissioned services' own quarterly returns beside the route funnel in
GET /v1/stats/providers: the highest version of each return, whatever order the
versions arrive in, a redelivered one counted once, small numbers suppressed."""

import uuid
from datetime import date
from typing import Any

from csp_common.contracts.provider_returns import OutcomeCount, ProviderReturnSubmitted


def submitted(
    year: int, quarter: int = 3, *, service: str = "idas_community_support", **changes: Any
) -> ProviderReturnSubmitted:
    """A return for a quarter of the financial year starting in April `year`."""
    start_month = 4 + 3 * (quarter - 1)
    start = date(year + (start_month - 1) // 12, (start_month - 1) % 12 + 1, 1)
    values: dict[str, Any] = {
        "return_id": uuid.uuid4(),
        "provider": service.split("_")[0],
        "service": service,
        "quarter": f"{year}-{(year + 1) % 100:02d}-Q{quarter}",
        "quarter_start": start,
        "quarter_end": start.replace(day=28),
        "version": 1,
        "referrals_received": 40,
        "self_referrals": 8,
        "caseload": 60,
        "closures": 30,
        "outcomes": [
            OutcomeCount(measure="risk_reduced", count=20),
            OutcomeCount(measure="feels_safer", count=3),
        ],
        "waiting_at_end": 7,
        "median_wait_days": 2.5,
        "submitted_on": start.replace(year=start.year + 1),
    }
    return ProviderReturnSubmitted(**{**values, **changes})


def _fy(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


async def _returns(client, headers, year: int, quarter: int | None = 3) -> dict:  # type: ignore[no-untyped-def]
    params: dict[str, object] = {"fy": _fy(year)}
    if quarter is not None:
        params["quarter"] = quarter
    answer = await client.get("/v1/stats/providers", params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_a_quarters_return_against_the_year_before(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    await reporting_feeder.feed(
        [submitted(year), submitted(year - 1, referrals_received=30, self_referrals=6)]
    )
    body = await _returns(reporting_client, reporting_reader, year)
    figures = body["returns"]["idas"]["idas_community_support"]
    assert figures["quarters_reported"] == [f"{_fy(year)}-Q3"]
    assert figures["referrals_received"] == 40
    assert figures["previous_year_referrals_received"] == 30
    assert figures["change_pct"] == 33.3
    assert (figures["self_referrals"], figures["self_referral_pct"]) == (8, 20.0)
    assert figures["closures"] == 30
    assert figures["outcomes"]["risk_reduced"] == {"count": 20, "share_pct": 66.7}
    # 3 of 30 closed feeling safer: too few to show, and 27 not would give it away
    assert figures["outcomes"]["feels_safer"] == {"count": "suppressed", "share_pct": None}
    assert "behaviour_change" not in figures["outcomes"]  # not reported
    assert (figures["caseload_at_end"], figures["waiting_at_end"]) == (60, 7)
    assert figures["median_wait_days"] == 2.5
    assert figures["as_of_quarter"] == f"{_fy(year)}-Q3"
    area = await reporting_client.get(
        "/v1/stats/providers",
        params={"fy": _fy(year), "quarter": 3, "area": "york"},
        headers=reporting_reader,
    )
    assert area.json()["returns"] == {}  # returns are not by area


async def test_a_year_sums_its_quarters_and_shows_the_last_quarters_caseload(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    await reporting_feeder.feed(
        [
            submitted(year, 1, caseload=50, waiting_at_end=9),
            submitted(year, 2, referrals_received=25, self_referrals=5, caseload=55),
        ]
    )
    figures = (await _returns(reporting_client, reporting_reader, year, None))["returns"]["idas"][
        "idas_community_support"
    ]
    assert figures["quarters_reported"] == [f"{_fy(year)}-Q1", f"{_fy(year)}-Q2"]
    assert figures["referrals_received"] == 65
    assert figures["closures"] == 60
    assert figures["outcomes"]["feels_safer"]["count"] == 6
    assert (figures["caseload_at_end"], figures["waiting_at_end"]) == (55, 7)
    assert figures["as_of_quarter"] == f"{_fy(year)}-Q2"


async def test_a_correction_stands_whatever_order_and_a_redelivery_counts_once(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    first = submitted(year)
    corrected = submitted(year, version=2, referrals_received=44)
    await reporting_feeder.feed([corrected])
    await reporting_feeder.feed([first, first])
    figures = (await _returns(reporting_client, reporting_reader, year))["returns"]["idas"][
        "idas_community_support"
    ]
    assert figures["referrals_received"] == 44
    assert figures["corrected_quarters"] == [f"{_fy(year)}-Q3"]


async def test_a_small_return_is_suppressed(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    small = submitted(
        year,
        service="foundation_plus_choices",
        referrals_received=3,
        self_referrals=1,
        caseload=12,
        closures=0,
        outcomes=[OutcomeCount(measure="behaviour_change", count=0)],
        waiting_at_end=2,
        median_wait_days=9.0,
    )
    await reporting_feeder.feed([small])
    figures = (await _returns(reporting_client, reporting_reader, year))["returns"]["foundation"][
        "foundation_plus_choices"
    ]
    assert figures["referrals_received"] == "suppressed"
    assert figures["self_referrals"] == "suppressed"
    assert figures["self_referral_pct"] is None
    assert figures["median_wait_days"] is None  # a median of three people is not shown
    assert figures["caseload_at_end"] == 12
    assert figures["waiting_at_end"] == "suppressed"
    assert figures["closures"] == 0
    assert figures["outcomes"]["behaviour_change"] == {"count": 0, "share_pct": None}
