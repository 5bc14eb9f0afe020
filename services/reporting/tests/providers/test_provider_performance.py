"""GET /v1/stats/providers: the funnel of routes made in a period."""

from datetime import UTC, date, datetime, timedelta

from csp_devtools.events import provider_status, referral_received, referral_routed


async def test_the_funnel_of_a_service(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    routed_at = datetime(year, 5, 1, 9, tzinfo=UTC)
    events = []
    # 20 routes to community support: 17 accepted, 3 declined; 15 contacted (1..15 days),
    # 11 engaged, 9 closed (6 risk_reduced, 3 disengaged).
    for i in range(20):
        referral = referral_received(received_on=date(year, 5, 1))
        route = referral_routed(referral_id=referral.referral_id, routed_at=routed_at)
        events += [referral, route]
        if i >= 17:
            events.append(
                provider_status(
                    route,
                    previous="sent",
                    status="declined",
                    occurred_at=routed_at + timedelta(days=1),
                    decline_reason="out_of_area",
                )
            )
            continue
        events.append(
            provider_status(
                route,
                previous="sent",
                status="accepted",
                occurred_at=routed_at + timedelta(hours=2),
            )
        )
        if i < 15:
            events.append(
                provider_status(
                    route,
                    previous="accepted",
                    status="contacted",
                    occurred_at=routed_at + timedelta(days=i + 1),
                )
            )
        if i < 11:
            events.append(
                provider_status(
                    route,
                    previous="contacted",
                    status="engaged",
                    occurred_at=routed_at + timedelta(days=20),
                )
            )
        if i < 9:
            events.append(
                provider_status(
                    route,
                    previous="engaged",
                    status="closed",
                    occurred_at=routed_at + timedelta(days=60),
                    outcome_codes=["risk_reduced" if i < 6 else "disengaged"],
                )
            )
    await reporting_feeder.feed(events)
    response = await reporting_client.get(
        "/v1/stats/providers", params={"year": year}, headers=reporting_reader
    )
    assert response.status_code == 200, response.text
    idas = response.json()["providers"]["idas"]
    service = idas["services"]["idas_community_support"]
    assert {
        k: service[k]
        for k in ("received", "accepted", "declined", "contacted", "engaged", "closed")
    } == {
        # received - accepted would give declined + undecided = 3: accepted is hidden too
        "received": 20,
        "accepted": "suppressed",
        "declined": "suppressed",
        # contacted - engaged would give the 4 contacted but not engaged
        "contacted": 15,
        "engaged": "suppressed",
        "closed": 9,
    }
    assert service["accepted_pct"] is None
    assert service["median_days_to_first_contact"] == 8.0
    assert service["outcomes"] == {"disengaged": "suppressed", "risk_reduced": "suppressed"}
    assert idas["received"] == 20
