"""The ASB case review through /v1/case-reviews against PostgreSQL: the threshold counted
from the incidents the platform holds, the windows, the working-day deadlines, the
review and its recommendations (each test rolled back)."""

from collections.abc import Callable
from typing import Any

import httpx
from sqlalchemy import select

from csp_common.tables import outbox_table


async def _incident(
    client: httpx.AsyncClient, case_id: str, headers: dict[str, str], occurred: str, reported: str
) -> None:
    response = await client.post(
        f"/v1/hub-cases/{case_id}/incidents",
        json={"occurred_on": occurred, "reported_on": reported},
        headers=headers,
    )
    assert response.status_code == 201, response.text


async def _apply(
    client: httpx.AsyncClient, case_id: str, headers: dict[str, str], received_on: str
) -> dict[str, Any]:
    response = await client.post(
        "/v1/case-reviews",
        json={"case_id": case_id, "applicant": "victim", "received_on": received_on},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


async def _decide(
    client: httpx.AsyncClient, review_id: str, headers: dict[str, str], decided_on: str
) -> dict[str, Any]:
    response = await client.post(
        f"/v1/case-reviews/{review_id}/threshold-decision",
        json={"decided_on": decided_on},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    return response.json()


COMPLAINTS = [
    ("2023-02-01", "2023-02-02"),
    ("2023-02-10", "2023-02-10"),
    ("2023-02-20", "2023-03-01"),
]


async def test_three_qualifying_complaints_meet_the_threshold(
    hub_client: httpx.AsyncClient,
    open_case: Callable[..., Any],
    staff: Callable[..., dict[str, str]],
    query: Callable[..., Any],
) -> None:
    case = await open_case(hub_client)
    for occurred, reported in COMPLAINTS:
        await _incident(hub_client, case["id"], staff(), occurred, reported)
    application = await _apply(hub_client, case["id"], staff(), "2023-03-06")
    assert application["acknowledge_by"] == "2023-03-20"
    assert application["decide_by"] == "2023-03-27"
    decided = await _decide(hub_client, application["id"], staff(), "2023-03-20")
    assert decided["met"] is True
    assert decided["threshold"] == 3 and decided["qualifying_complaints"] == 3
    assert len(decided["counted_incidents"]) == 3
    assert decided["review_by"] == "2023-04-19"  # Good Friday and Easter Monday skipped

    held = await hub_client.post(
        f"/v1/case-reviews/{application['id']}/review",
        json={
            "held_on": "2023-04-12",
            "recommendations": ["CCTV at the rear entrance", "Mediation with the neighbours"],
            "responded_on": "2023-04-14",
        },
        headers=staff(),
    )
    assert held.status_code == 200, held.text
    assert held.json()["recommendations"] == [
        "CCTV at the rear entrance",
        "Mediation with the neighbours",
    ]
    assert held.json()["appeal_route"]
    events = await query(
        select(outbox_table.c.event_type).where(outbox_table.c.key == application["id"])
    )
    assert [e.event_type for e in events] == [
        "csp.hubs.trigger_application_received.v1",
        "csp.hubs.threshold_decided.v1",
        "csp.hubs.review_held.v1",
    ]


async def test_two_complaints_do_not_meet_the_threshold_of_three_but_do_one_of_two(
    hub_client: httpx.AsyncClient,
    open_case: Callable[..., Any],
    staff: Callable[..., dict[str, str]],
    configure: Callable[..., Any],
) -> None:
    case = await open_case(hub_client)
    for occurred, reported in COMPLAINTS[:2]:
        await _incident(hub_client, case["id"], staff(), occurred, reported)
    first = await _apply(hub_client, case["id"], staff(), "2023-03-06")
    not_met = await _decide(hub_client, first["id"], staff(), "2023-03-08")
    assert not_met["met"] is False and not_met["qualifying_complaints"] == 2
    assert not_met["review_by"] is None
    refused = await hub_client.post(
        f"/v1/case-reviews/{first['id']}/review", json={"held_on": "2023-03-20"}, headers=staff()
    )
    assert refused.status_code == 409

    configure(case_review={"threshold": 2})
    second = await _apply(hub_client, case["id"], staff(), "2023-03-06")
    met = await _decide(hub_client, second["id"], staff(), "2023-03-08")
    assert met["met"] is True and met["threshold"] == 2


async def test_a_complaint_a_day_after_its_month_does_not_qualify(
    hub_client: httpx.AsyncClient,
    open_case: Callable[..., Any],
    staff: Callable[..., dict[str, str]],
) -> None:
    case = await open_case(hub_client)
    await _incident(hub_client, case["id"], staff(), *COMPLAINTS[0])
    await _incident(hub_client, case["id"], staff(), *COMPLAINTS[1])
    # behaviour on 20 January, complained of on 21 February: a day after the month
    await _incident(hub_client, case["id"], staff(), "2023-01-20", "2023-02-21")
    application = await _apply(hub_client, case["id"], staff(), "2023-03-06")
    decided = await _decide(hub_client, application["id"], staff(), "2023-03-08")
    assert decided["qualifying_complaints"] == 2 and decided["met"] is False


async def test_an_application_a_day_after_six_months_counts_no_earlier_complaint(
    hub_client: httpx.AsyncClient,
    open_case: Callable[..., Any],
    staff: Callable[..., dict[str, str]],
) -> None:
    case = await open_case(hub_client)
    await _incident(hub_client, case["id"], staff(), "2023-02-27", "2023-02-28")
    await _incident(hub_client, case["id"], staff(), "2023-02-10", "2023-02-10")
    await _incident(hub_client, case["id"], staff(), "2023-02-20", "2023-02-20")
    on_time = await _apply(hub_client, case["id"], staff(), "2023-08-28")
    counted = await _decide(hub_client, on_time["id"], staff(), "2023-08-29")
    # six months after 28 February is 28 August: only that complaint still counts
    assert counted["qualifying_complaints"] == 1
    late = await _apply(hub_client, case["id"], staff(), "2023-08-29")
    none = await _decide(hub_client, late["id"], staff(), "2023-08-30")
    assert none["qualifying_complaints"] == 0


async def test_linked_cases_complaints_count_together(
    hub_client: httpx.AsyncClient,
    open_case: Callable[..., Any],
    staff: Callable[..., dict[str, str]],
) -> None:
    case = await open_case(hub_client)
    other = await open_case(hub_client)
    await _incident(hub_client, case["id"], staff(), *COMPLAINTS[0])
    for occurred, reported in COMPLAINTS[1:]:
        await _incident(hub_client, other["id"], staff(), occurred, reported)
    linked = await hub_client.post(
        f"/v1/hub-cases/{case['id']}/links",
        json={"case_id": other["id"], "reason": "same_place"},
        headers=staff(),
    )
    assert linked.status_code == 204
    application = await _apply(hub_client, case["id"], staff(), "2023-03-06")
    assert (await _decide(hub_client, application["id"], staff(), "2023-03-07"))["met"] is True


async def test_steps_are_recorded_once_and_in_order(
    hub_client: httpx.AsyncClient,
    open_case: Callable[..., Any],
    staff: Callable[..., dict[str, str]],
) -> None:
    case = await open_case(hub_client)
    application = await _apply(hub_client, case["id"], staff(), "2023-03-06")
    url = f"/v1/case-reviews/{application['id']}"
    early = await hub_client.post(
        f"{url}/acknowledgement", json={"acknowledged_on": "2023-03-05"}, headers=staff()
    )
    assert early.status_code == 422
    assert early.json()["errors"][0]["pointer"] == "#/body/acknowledged_on"
    ok = await hub_client.post(
        f"{url}/acknowledgement", json={"acknowledged_on": "2023-03-07"}, headers=staff()
    )
    assert ok.status_code == 200 and ok.json()["acknowledged_on"] == "2023-03-07"
    again = await hub_client.post(
        f"{url}/acknowledgement", json={"acknowledged_on": "2023-03-08"}, headers=staff()
    )
    assert again.status_code == 409
    appeal = await hub_client.post(
        f"{url}/appeal", json={"received_on": "2023-03-09"}, headers=staff()
    )
    assert appeal.status_code == 409  # nothing decided yet
    read = await hub_client.get(url, headers=staff())
    assert read.status_code == 200 and read.json()["acknowledged_on"] == "2023-03-07"
