"""GET /v1/stats/referrals with period filters and group_by."""

from datetime import UTC, date, datetime

from csp_devtools.events import referral_received, referral_routed, risk_assessed


async def _feed(feeder, year: int) -> None:  # type: ignore[no-untyped-def]
    events = []
    plan = [
        ("york", "high", 12),
        ("york", "medium", 8),
        ("selby", "high", 3),
        ("craven", "standard", 9),
    ]
    for area, level, n in plan:
        for i in range(n):
            r = referral_received(received_on=date(year, 4 + i % 3, 10), area=area)
            events.append(r)
            events.append(risk_assessed(referral_id=r.referral_id, level=level, area=area))
            if level != "standard":
                events.append(
                    referral_routed(
                        referral_id=r.referral_id, routed_at=datetime(year, 5, 1, tzinfo=UTC)
                    )
                )
    # two unassessed referrals; one the year before; one outside the financial year
    events += [referral_received(received_on=date(year, 6, 1), area="york") for _ in range(2)]
    events += [referral_received(received_on=date(year - 1, 6, 1), area="york") for _ in range(30)]
    events.append(referral_received(received_on=date(year, 3, 31), area="york"))
    await feeder.feed(events)


async def test_referrals_by_area_in_a_financial_year(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    await _feed(reporting_feeder, year)
    fy = f"{year}-{(year + 1) % 100:02d}"
    response = await reporting_client.get(
        "/v1/stats/referrals", params={"fy": fy, "group_by": "area"}, headers=reporting_reader
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["referrals"] == 34
    # The year before holds 30 referrals in June and the one of 31 March alone in its
    # quarter: its total, with the quarters beside (30, 0, 0), would give that one away.
    assert body["previous_year_referrals"] == "suppressed"
    assert body["change_pct"] is None
    groups = body["groups"]
    assert groups["york"]["count"] == 22
    assert groups["selby"]["count"] == "suppressed"
    assert groups["craven"]["count"] == "suppressed"  # else 34 - 22 - 9 = 3
    assert groups["york"]["previous_year_count"] == "suppressed"

    response = await reporting_client.get(
        "/v1/stats/referrals", params={"fy": fy, "group_by": "risk_level"}, headers=reporting_reader
    )
    groups = response.json()["groups"]
    assert groups["high"]["count"] == 15
    assert groups["standard"]["count"] == 9
    assert groups["not_assessed"]["count"] == "suppressed"
    assert groups["medium"]["count"] == "suppressed"  # else 34 - 15 - 9 - 8 = 2


async def test_two_dimensions_and_routes(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    await _feed(reporting_feeder, year)
    fy = f"{year}-{(year + 1) % 100:02d}"
    response = await reporting_client.get(
        "/v1/stats/referrals",
        params={"fy": fy, "group_by": "area,risk_level"},
        headers=reporting_reader,
    )
    body = response.json()
    york = body["groups"]["york"]
    assert york["count"] == 22
    # York's 12 beside all areas' 15 high-risk referrals would give Selby's 3.
    assert york["groups"]["high"]["count"] == "suppressed"
    assert york["groups"]["not_assessed"]["count"] == "suppressed"
    assert york["groups"]["medium"]["count"] == "suppressed"
    response = await reporting_client.get(
        "/v1/stats/referrals", params={"fy": fy, "group_by": "provider"}, headers=reporting_reader
    )
    body = response.json()
    assert body["multi_valued"] is True
    assert body["groups"]["idas"]["count"] == 23
    assert body["groups"]["none"]["count"] == 11
    response = await reporting_client.get(
        "/v1/stats/referrals", params={"fy": fy, "group_by": "service"}, headers=reporting_reader
    )
    body = response.json()
    assert body["multi_valued"] is True
    assert body["groups"]["idas_community_support"]["count"] == 23
    assert body["groups"]["none"]["count"] == 11


async def test_referrals_by_month_compare_with_the_same_month(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    await reporting_feeder.feed(
        [referral_received(received_on=date(year, 1, 5)) for _ in range(6)]
        + [referral_received(received_on=date(year - 1, 1, 5)) for _ in range(5)]
        + [referral_received(received_on=date(year, 2, 5)) for _ in range(7)]
    )
    response = await reporting_client.get(
        "/v1/stats/referrals",
        params={"period": str(year), "group_by": "month"},
        headers=reporting_reader,
    )
    body = response.json()
    january = body["groups"][f"{year}-01"]
    assert january == {
        "count": 6,
        "share_pct": 46.2,
        "previous_year_count": 5,
        "change_pct": 20.0,
        "groups": None,
    }
    assert body["groups"][f"{year}-02"]["count"] == 7
    assert body["groups"][f"{year}-03"]["count"] == 0
    # January to February is not a published period: with January it would give February.
    response = await reporting_client.get(
        "/v1/stats/referrals",
        params={"from": f"{year}-01-01", "to": f"{year}-02-28", "group_by": "month"},
        headers=reporting_reader,
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/unpublished-period")


async def test_unknown_group_by_is_a_problem(reporting_client, reporting_reader) -> None:  # type: ignore[no-untyped-def]
    for group_by in ("name", "area,area", "area,month,status", "risk_level,status", "x" * 61):
        response = await reporting_client.get(
            "/v1/stats/referrals", params={"group_by": group_by}, headers=reporting_reader
        )
        assert response.status_code == 422, group_by
        assert response.headers["content-type"] == "application/problem+json"
