"""POST /v1/routes/{id}/feedback: every transition, refusals, history, event, audit."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from csp_common.tables import audit_table, outbox_table
from referral_hub.codes import FeedbackStatus, RouteStatus
from referral_hub.routes.rules import TRANSITIONS

BODIES: dict[str, dict[str, Any]] = {
    "accepted": {"status": "accepted"},
    "declined": {"status": "declined", "reason": "Outside our service area"},
    "contacted": {"status": "contacted"},
    "engaged": {"status": "engaged"},
    "closed": {"status": "closed", "outcome_codes": ["risk_reduced", "safety_plan_in_place"]},
}
PATH_TO: dict[RouteStatus, list[str]] = {
    RouteStatus.SENT: [],
    RouteStatus.ACCEPTED: ["accepted"],
    RouteStatus.DECLINED: ["declined"],
    RouteStatus.CONTACTED: ["accepted", "contacted"],
    RouteStatus.ENGAGED: ["accepted", "contacted", "engaged"],
    RouteStatus.CLOSED: ["accepted", "closed"],
}
PAIRS = [(current, requested) for current in RouteStatus for requested in FeedbackStatus]


async def report(client, headers, route_id: str, body: dict[str, Any]):
    return await client.post(f"/v1/routes/{route_id}/feedback", json=body, headers=headers)


@pytest.mark.parametrize(("current", "requested"), PAIRS, ids=[f"{c}->{r}" for c, r in PAIRS])
async def test_every_transition_is_allowed_or_refused_with_409(
    client, refer, route_of, provider_headers, current: RouteStatus, requested: FeedbackStatus
) -> None:
    referral = await refer(client)
    route_id = route_of(referral, "idas")
    headers = provider_headers()
    for status in PATH_TO[current]:
        response = await report(client, headers, route_id, BODIES[status])
        assert response.status_code == 200, response.text

    response = await report(client, headers, route_id, BODIES[requested])

    if requested.value == current.value:
        assert response.status_code == 200, response.text
        assert response.headers["Idempotent-Replayed"] == "true"
        assert response.json()["status"] == current
    elif RouteStatus(requested) in TRANSITIONS[current]:
        assert response.status_code == 200, response.text
        assert "Idempotent-Replayed" not in response.headers
        assert response.json()["status"] == requested
    else:
        assert response.status_code == 409, response.text
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["current_status"] == current
        assert problem["requested_status"] == requested
        assert problem["allowed_next"] == sorted(TRANSITIONS[current])
        assert f"from {current} to {requested}" in problem["detail"]
        after = await client.get(f"/v1/routes/{route_id}", headers=headers)
        assert after.json()["status"] == current


async def test_a_report_records_history_and_answers_the_route(
    client, refer, route_of, provider_headers
) -> None:
    referral = await refer(client)
    route_id = route_of(referral, "idas")
    headers = provider_headers()
    routed_at = datetime.fromisoformat(referral["routes"][0]["routed_at"])
    accepted_at = routed_at + timedelta(milliseconds=1)
    contacted_at = routed_at + timedelta(milliseconds=2)
    await report(
        client, headers, route_id, {"status": "accepted", "occurred_at": accepted_at.isoformat()}
    )
    response = await report(
        client,
        headers,
        route_id,
        {"status": "contacted", "occurred_at": contacted_at.isoformat()},
    )

    assert response.status_code == 200
    route = response.json()
    assert route["status"] == "contacted"
    assert route["referral_id"] == referral["id"]
    assert [(h["from_status"], h["to_status"]) for h in route["history"]] == [
        ("sent", "accepted"),
        ("accepted", "contacted"),
    ]
    assert datetime.fromisoformat(route["history"][1]["occurred_at"]) == contacted_at
    assert route["history"][0]["reported_by"] == "idas-system"


async def test_decline_keeps_the_reason_and_close_the_outcome_codes(
    client, refer, route_of, provider_headers
) -> None:
    referral = await refer(client, services=("idas_community_support", "idas_refuge"))
    headers = provider_headers()
    declined = route_of(referral, "idas", "idas_refuge")
    closed = route_of(referral, "idas", "idas_community_support")

    await report(client, headers, declined, BODIES["declined"])
    await report(client, headers, closed, BODIES["accepted"])
    await report(client, headers, closed, BODIES["closed"])

    declined_route = (await client.get(f"/v1/routes/{declined}", headers=headers)).json()
    closed_route = (await client.get(f"/v1/routes/{closed}", headers=headers)).json()
    assert declined_route["decline_reason"] == "Outside our service area"
    assert closed_route["outcome_codes"] == ["risk_reduced", "safety_plan_in_place"]


@pytest.mark.parametrize(
    ("path", "repeat"),
    [
        (["declined"], {"status": "declined", "reason": "Another reason"}),
        (["accepted", "closed"], {"status": "closed", "outcome_codes": ["disengaged"]}),
    ],
    ids=["declined-other-reason", "closed-other-outcomes"],
)
async def test_a_repeat_with_other_details_is_a_conflict(
    client, refer, route_of, provider_headers, path: list[str], repeat: dict[str, Any]
) -> None:
    referral = await refer(client)
    route_id = route_of(referral, "idas")
    headers = provider_headers()
    for status in path:
        await report(client, headers, route_id, BODIES[status])

    response = await report(client, headers, route_id, repeat)

    assert response.status_code == 409
    assert response.json()["type"].endswith("/conflicting-repeat")


async def test_a_repeat_of_closed_in_another_order_is_the_same_report(
    client, refer, route_of, provider_headers
) -> None:
    referral = await refer(client)
    route_id = route_of(referral, "idas")
    headers = provider_headers()
    for status in ("accepted", "closed"):
        await report(client, headers, route_id, BODIES[status])
    reordered = {"status": "closed", "outcome_codes": ["safety_plan_in_place", "risk_reduced"]}

    response = await report(client, headers, route_id, reordered)

    assert response.status_code == 200
    assert response.headers["Idempotent-Replayed"] == "true"


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"status": "declined"}, "#/body"),
        ({"status": "closed"}, "#/body"),
        ({"status": "accepted", "outcome_codes": ["risk_reduced"]}, "#/body"),
        ({"status": "sent"}, "#/body/status"),
        ({"status": "accepted", "colour": "red"}, "#/body/colour"),
        ({"status": "accepted", "occurred_at": "2026-01-01T10:00:00"}, "#/body/occurred_at"),
        ({"status": "declined", "reason": "x" * 201}, "#/body/reason"),
        ({"status": "declined", "reason": "a\u0000b"}, "#/body/reason"),
        ({"status": "accepted", "occurred_at": "2000-01-01T10:00:00Z"}, "#/body/occurred_at"),
    ],
    ids=[
        "declined-without-reason",
        "closed-without-outcomes",
        "outcomes-when-not-closed",
        "sent-is-not-reportable",
        "unknown-field",
        "occurred-at-without-offset",
        "reason-too-long",
        "reason-with-nul",
        "occurred-before-routed",
    ],
)
async def test_invalid_reports_are_422_with_a_pointer(
    client, refer, route_of, provider_headers, body: dict[str, Any], pointer: str
) -> None:
    referral = await refer(client)
    route_id = route_of(referral, "idas")

    response = await report(client, provider_headers(), route_id, body)

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert any(e["pointer"].startswith(pointer) for e in response.json()["errors"])


async def test_occurred_at_in_the_future_is_refused(
    client, refer, route_of, provider_headers
) -> None:
    referral = await refer(client)
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()

    response = await report(
        client,
        provider_headers(),
        route_of(referral, "idas"),
        {"status": "accepted", "occurred_at": future},
    )

    assert response.status_code == 422


async def test_occurred_at_before_the_last_change_is_refused(
    client, refer, route_of, provider_headers
) -> None:
    referral = await refer(client)
    route_id = route_of(referral, "idas")
    headers = provider_headers()
    await report(client, headers, route_id, BODIES["accepted"])
    routed_at = datetime.fromisoformat(referral["routes"][0]["routed_at"])

    response = await report(
        client, headers, route_id, {"status": "contacted", "occurred_at": routed_at.isoformat()}
    )

    assert response.status_code == 422
    assert "last reported change" in response.json()["detail"]


async def _outbox_events(provider_app, event_type: str) -> list[dict[str, Any]]:
    async with provider_app.state.session_factory() as session:
        rows = await session.execute(
            select(outbox_table.c.key, outbox_table.c.data).where(
                outbox_table.c.event_type == event_type
            )
        )
        return [{"key": row.key, **json.loads(row.data)} for row in rows]


async def test_each_change_publishes_provider_status_changed_without_personal_data(
    client, provider_app, refer, route_of, provider_headers
) -> None:
    referral = await refer(client)
    route_id = route_of(referral, "idas")
    headers = provider_headers()
    for status in ("declined",):
        await report(client, headers, route_id, BODIES[status])
    await report(client, headers, route_id, BODIES["declined"])  # a replay: no second event

    events = [
        e
        for e in await _outbox_events(provider_app, "csp.referral.provider_status_changed.v1")
        if e["route_id"] == route_id
    ]

    assert len(events) == 1
    event = events[0]
    assert event["key"] == referral["id"]
    assert event["referral_id"] == referral["id"]
    assert (event["provider"], event["service"]) == ("idas", "idas_community_support")
    assert (event["previous_status"], event["status"]) == ("sent", "declined")
    assert event["area"] == referral["area"]
    assert datetime.fromisoformat(event["routed_at"]) == datetime.fromisoformat(
        referral["routes"][0]["routed_at"]
    )
    assert datetime.fromisoformat(event["occurred_at"]) >= datetime.fromisoformat(
        event["routed_at"]
    )
    assert event["decline_reason"] == "other"  # a code; the free text never leaves
    assert "Outside our service area" not in json.dumps(event)
    text = json.dumps(event)
    victim, perpetrator = referral["victim"], referral["perpetrator"]
    for personal in (
        victim["given_name"],
        victim["family_name"],
        victim["date_of_birth"],
        victim["postcode"],
        victim["safe_contact"],
        perpetrator["given_name"],
        perpetrator["family_name"],
        perpetrator["date_of_birth"],
        perpetrator["postcode"],
        "Outside our service area",
    ):
        assert personal not in text


async def test_feedback_is_audited(client, provider_app, refer, route_of, provider_headers) -> None:
    referral = await refer(client)
    route_id = route_of(referral, "idas")

    await report(
        client,
        provider_headers() | {"X-Purpose": "case-management"},
        route_id,
        BODIES["accepted"],
    )

    async with provider_app.state.session_factory() as session:
        rows = (
            await session.execute(
                select(audit_table).where(
                    audit_table.c.record_id == route_id, audit_table.c.action == "feedback"
                )
            )
        ).all()
    assert [(r.agency, r.record_type, r.purpose) for r in rows] == [
        ("idas", "route", "case-management")
    ]
