"""GET /v1/stats/hubs from csp.hubs events through the broker: cases opened and closed
by hub and kind against the year before, repeat locations and victims, risk levels,
incidents, interventions and breaches, outcomes and the ASB case review figures, each
protected as a small number; a redelivered event counts once; a rebuild gives the same
figures."""

from datetime import date, timedelta

from csp_devtools.events import (
    hub_case_closed,
    hub_case_opened,
    hub_incident_logged,
    hub_intervention_breached,
    hub_intervention_issued,
    hub_risk_assessed,
    review_held,
    threshold_decided,
    trigger_application_received,
)
from csp_devtools.testing.infra import eventually


def _compared(count, before, change=None) -> dict:  # type: ignore[no-untyped-def]
    return {"count": count, "previous_year_count": before, "change_pct": change}


def hub_year(year: int, hub: str = "scarborough") -> list:
    """A hub's year, in numbers large enough to publish: 15 cases opened in May (10
    personal ASB, five of them about a repeat location, 5 drugs), the drugs cases
    assessed standard and then high; 30 incidents; 6 warning letters and 5 community
    protection notices in June, the notices breached in July; 10 cases closed in
    September; 15 ASB case review applications in August: 5 not meeting the threshold,
    10 reviewed, 5 of those with recommendations."""
    may, june = date(year, 5, 3), date(year, 6, 10)
    asb = [
        hub_case_opened(opened_on=may, hub=hub, kind="asb_personal", repeat_location=i < 5)
        for i in range(10)
    ]
    drugs = [hub_case_opened(opened_on=may, hub=hub, kind="drugs") for _ in range(5)]
    events: list = [*asb, *drugs]
    for case in drugs:
        events += [
            hub_risk_assessed(case_id=case.case_id, assessed_on=may, hub=hub, level="standard"),
            hub_risk_assessed(
                case_id=case.case_id, assessed_on=june, hub=hub, level="high", sequence=2
            ),
        ]
    for case in asb + drugs:
        events += [
            hub_incident_logged(case_id=case.case_id, occurred_on=may, hub=hub) for _ in range(2)
        ]
    for case in asb[:6]:
        events.append(hub_intervention_issued(case_id=case.case_id, issued_on=june, hub=hub))
    for case in drugs:
        notice = hub_intervention_issued(
            case_id=case.case_id,
            issued_on=june,
            hub=hub,
            kind="community_protection_notice",
            step=4,
        )
        events += [
            notice,
            hub_intervention_breached(
                intervention_id=notice.intervention_id,
                case_id=case.case_id,
                breached_on=date(year, 7, 1),
                hub=hub,
            ),
        ]
    september = date(year, 9, 20)
    events += [
        hub_case_closed(case_id=c.case_id, closed_on=september, hub=hub, kind="drugs")
        for c in drugs
    ]
    events += [
        hub_case_closed(
            case_id=c.case_id, closed_on=september, hub=hub, outcome="no_further_action"
        )
        for c in asb[5:]
    ]
    august = date(year, 8, 4)
    for i in range(15):
        application = trigger_application_received(received_on=august, hub=hub)
        decided = august + timedelta(days=10)
        events += [
            application,
            threshold_decided(
                application_id=application.application_id,
                decided_on=decided,
                hub=hub,
                met=i >= 5,
                received_on=august,
            ),
        ]
        if i >= 5:
            events.append(
                review_held(
                    application_id=application.application_id,
                    held_on=decided + timedelta(days=10),
                    hub=hub,
                    recommendations=2 if i >= 10 else 0,
                )
            )
    return events


async def _hubs(client, headers, **params) -> dict:  # type: ignore[no-untyped-def]
    response = await client.get("/v1/stats/hubs", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_hub_s_year_against_the_year_before(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    before = [
        hub_case_opened(opened_on=date(year - 1, 5, 9), hub="scarborough", kind="asb_personal")
        for _ in range(6)
    ]
    await reporting_feeder.feed([*before, *hub_year(year)])
    body = await _hubs(reporting_client, reporting_reader, period=str(year))
    assert body["period"]["code"] == str(year)
    assert body["previous_period"]["code"] == str(year - 1)
    assert body["cases"] == {"opened": _compared(15, 6, 150.0), "closed": _compared(10, 0)}
    assert body["by_kind"]["asb_personal"] == {
        "opened": _compared(10, 6, 66.7),
        "closed": _compared(5, 0),
    }
    assert body["by_kind"]["drugs"] == {"opened": _compared(5, 0), "closed": _compared(5, 0)}
    scarborough = body["by_hub"]["scarborough"]
    assert scarborough["opened"] == _compared(15, 6, 150.0)
    assert scarborough["by_kind"]["drugs"]["closed"] == _compared(5, 0)
    assert body["by_hub"]["york"]["opened"] == _compared(0, 0)
    assert list(body["by_hub"])[:8] == [
        "craven",
        "hambleton",
        "harrogate",
        "richmondshire",
        "ryedale",
        "scarborough",
        "selby",
        "york",
    ]
    assert body["repeat_locations"] == {**_compared(5, 0), "share_pct": 33.3}
    assert body["repeat_victims"] == {**_compared(0, 0), "share_pct": 0.0}
    # The drugs cases' latest assessment is high; the others were never assessed.
    assert body["risk_levels"]["high"] == {**_compared(5, 0), "share_pct": 33.3}
    assert body["risk_levels"]["standard"]["count"] == 0
    assert body["risk_levels"]["not_assessed"] == {**_compared(10, 6, 66.7), "share_pct": 66.7}
    assert body["incidents"] == _compared(30, 0)
    interventions = body["interventions"]
    assert interventions["issued"] == _compared(11, 0)
    assert interventions["breached"] == _compared(5, 0)
    assert interventions["by_kind"]["warning_letter"] == {
        "issued": _compared(6, 0),
        "breached": _compared(0, 0),
    }
    assert interventions["by_kind"]["community_protection_notice"] == {
        "issued": _compared(5, 0),
        "breached": _compared(5, 0),
    }
    kinds = list(interventions["by_kind"])
    assert kinds.index("warning_letter") < kinds.index("community_protection_notice")
    assert body["outcomes"]["resolved"] == _compared(5, 0)
    assert body["outcomes"]["no_further_action"] == _compared(5, 0)
    assert body["community_trigger"] == {
        "applications": _compared(15, 0),
        "threshold_not_met": _compared(5, 0),
        "reviews_held": _compared(10, 0),
        "reviews_with_recommendations": _compared(5, 0),
    }
    assert body["threshold"] == 5

    only = await _hubs(reporting_client, reporting_reader, period=str(year), hub="scarborough")
    assert list(only["by_hub"]) == ["scarborough"]
    assert only["cases"]["opened"] == _compared(15, 6, 150.0)
    elsewhere = await _hubs(reporting_client, reporting_reader, period=str(year), hub="selby")
    assert elsewhere["cases"]["opened"] == _compared(0, 0)
    second_quarter = f"{year}-{(year + 1) % 100:02d}-Q2"  # July to September
    quarter = await _hubs(reporting_client, reporting_reader, period=second_quarter)
    assert quarter["community_trigger"]["applications"]["count"] == 15
    assert quarter["cases"]["closed"]["count"] == 10


async def test_small_numbers_are_suppressed_and_protected(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    """One case in York beside 15 in Scarborough: York's is hidden, and so is
    Scarborough's (the total minus it would give York's); the total is published. Three
    applications are hidden, and every trigger figure with them."""
    year = reporting_year
    lone = hub_case_opened(opened_on=date(year, 5, 20), hub="york", kind="alcohol")
    applications = [
        trigger_application_received(received_on=date(year, 8, 1), hub="york") for _ in range(3)
    ]
    await reporting_feeder.feed([*hub_year(year), lone, *applications])
    body = await _hubs(reporting_client, reporting_reader, period=str(year))
    assert body["cases"]["opened"]["count"] == 16
    assert body["by_hub"]["york"]["opened"]["count"] == "suppressed"
    assert body["by_hub"]["scarborough"]["opened"]["count"] == "suppressed"
    assert body["by_kind"]["alcohol"]["opened"]["count"] == "suppressed"
    assert body["by_hub"]["york"]["by_kind"]["alcohol"]["opened"]["count"] == "suppressed"
    trigger = body["community_trigger"]
    assert trigger["applications"]["count"] == 18
    assert trigger["applications"]["change_pct"] is None
    assert body["by_hub"]["craven"]["opened"]["count"] == 0
    for figures in body["by_hub"].values():
        for figure in (figures["opened"], figures["closed"]):
            assert figure["count"] == 0 or figure["count"] == "suppressed" or figure["count"] >= 5


async def test_a_redelivered_event_counts_once(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    events = hub_year(year, hub="selby")
    sent = await reporting_feeder.feed(events)
    first = await _hubs(reporting_client, reporting_reader, period=str(year), hub="selby")
    # Again with the same CloudEvents ids (redelivered), and published anew with new ids
    # (a producer retrying after a crash): neither changes a figure.
    await reporting_feeder.feed(events, event_ids=[s.event_id for s in sent])
    await reporting_feeder.feed(events)
    again = await _hubs(reporting_client, reporting_reader, period=str(year), hub="selby")
    assert again == first
    assert again["cases"]["opened"]["count"] == 15


async def test_bad_requests_are_problems(reporting_client, reporting_reader) -> None:  # type: ignore[no-untyped-def]
    for params in (
        {"period": "2023-13"},
        {"hub": "Not A Hub"},
        {"from": "2023-10-02", "to": "2023-12-31"},
    ):
        response = await reporting_client.get(
            "/v1/stats/hubs", params=params, headers=reporting_reader
        )
        assert response.status_code in (400, 422), (params, response.text)
        assert response.headers["content-type"] == "application/problem+json"
    anonymous = await reporting_client.get("/v1/stats/hubs")
    assert anonymous.status_code == 401


async def test_a_rebuild_gives_the_same_hub_figures(
    reporting_client, reporting_admin, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    await reporting_feeder.feed(hub_year(year, hub="ryedale"))
    before = await _hubs(reporting_client, reporting_admin, period=str(year))

    async def started() -> dict | None:
        response = await reporting_client.post("/v1/admin/rebuilds", headers=reporting_admin)
        return response.json() if response.status_code == 202 else None

    job = await eventually(started, timeout=300, interval=0.5)

    async def finished() -> dict | None:
        body = (
            await reporting_client.get(f"/v1/admin/rebuilds/{job['id']}", headers=reporting_admin)
        ).json()
        return body if body["status"] != "running" else None

    done = await eventually(finished, timeout=300, interval=0.2)
    assert done["status"] == "completed", done
    assert await _hubs(reporting_client, reporting_admin, period=str(year)) == before
