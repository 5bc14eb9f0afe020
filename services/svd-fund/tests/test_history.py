"""Recording the fund's past: a caller with fund:history (beside the operation's own
scope) dates a write by `X-Occurred-At`, and the events carry those dates, so a round of
2023/24 recorded later is still counted in 2023/24. Nobody else may date a write; a date
in the future, or before the step it follows, is refused and changes nothing."""

import json
from typing import Any

from sqlalchemy import select

from csp_common.tables import outbox_table
from svd_fund.timetable.scheduler import publish_round_times

ROUND = {"opens_at": "2023-04-03T09:00:00", "closes_at": "2023-05-31T17:00:00"}
PLANNED = {"planned_start": "2023-07-01", "planned_end": "2024-03-31"}
SCORES = {"need": 4, "delivery": 4, "outcomes": 4, "value": 4}


async def _events(app: Any) -> dict[str, list[dict[str, Any]]]:
    async with app.state.session_factory() as session:
        rows = (
            await session.execute(
                select(outbox_table.c.event_type, outbox_table.c.data)
                .where(outbox_table.c.topic == "csp.svd-fund")
                .order_by(outbox_table.c.id)
            )
        ).all()
    found: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(row.event_type.split(".")[2], []).append(json.loads(row.data))
    return found


class Past:
    """Requests dated in the past, as the partnership's migration sends them."""

    def __init__(self, client: Any, auth: Any) -> None:
        self.client, self.auth = client, auth

    async def post(self, path: str, role: str, at: str, body: Any = None, **who: Any) -> Any:
        return await self.client.post(
            path, json=body, headers=self.auth(role, occurred_at=at, **who)
        )

    async def ok(self, path: str, role: str, at: str, body: Any = None, **who: Any) -> Any:
        answer = await self.post(path, role, at, body, **who)
        assert answer.status_code in (200, 201), answer.text
        return answer.json()


async def _past_round(fund_api: Any, **changes: Any) -> dict[str, Any]:
    return await fund_api.create_round(
        headers=fund_api.auth("manage", history=True),
        **{**ROUND, "assessors_per_bid": 1, **changes},
    )


async def _assessed(fund_api: Any, past: Past, round_id: str) -> dict[str, Any]:
    """A bid submitted in May 2023, assessed in June 2023."""
    await fund_api.register()
    draft = await past.ok(
        f"/v1/rounds/{round_id}/bids", "apply", "2023-05-02T10:00:00", fund_api.a_bid(**PLANNED)
    )
    await past.ok(f"/v1/bids/{draft['id']}/submission", "apply", "2023-05-10T15:30:00")
    assignment = await past.ok(
        f"/v1/bids/{draft['id']}/assignments",
        "manage",
        "2023-06-01T09:00:00",
        {"assessor": "assessor-1"},
    )
    assessor = {"subject": "assessor-1"}
    await past.ok(
        f"/v1/assignments/{assignment['id']}/declaration",
        "assess",
        "2023-06-02T09:00:00",
        {"conflict": False},
        **assessor,
    )
    scores = [{"criterion": c, "score": s, "comment": "Clear."} for c, s in SCORES.items()]
    await past.ok(
        f"/v1/assignments/{assignment['id']}/scores",
        "assess",
        "2023-06-05T11:00:00",
        {"scores": scores},
        **assessor,
    )
    return draft


async def test_a_past_rounds_life_is_recorded_with_its_dates(fund_api, fund_client, fund_app):
    past = Past(fund_client, fund_api.auth)
    fund_round = await _past_round(fund_api)
    bid = await _assessed(fund_api, past, fund_round["id"])
    decided = await past.ok(
        f"/v1/bids/{bid['id']}/decision",
        "manage",
        "2023-06-20T14:00:00",
        {"decision": "award", "reasons": "Meets the priorities."},
    )
    grant = decided["grant"]
    assert grant["awarded_on"] == "2023-06-20"
    us, manager = fund_api.auth("apply"), fund_api.auth("manage")
    accepted = await fund_client.post(
        f"/v1/grants/{grant['id']}/acceptance",
        json={"accept_conditions": True, "accepted_on": "2023-06-26"},
        headers=us,
    )
    assert accepted.status_code == 200, accepted.text
    paid = await fund_client.post(
        f"/v1/grants/{grant['id']}/payments",
        json={"tranche": 1, "paid_on": "2023-07-03"},
        headers=manager,
    )
    assert paid.status_code == 200, paid.text
    first = (
        await fund_client.get("/v1/returns", params={"grant_id": grant["id"]}, headers=us)
    ).json()["items"][0]
    assert (first["period_start"], first["due_on"]) == ("2023-07-01", "2023-10-30")
    body = {
        "outputs": [{"measure": "sessions", "count": 10}],
        "outcomes": [{"priority": "weapons", "measure": "Pupils", "progress": "On track."}],
        "summary": "The first quarter went as planned.",
    }
    submitted = await past.ok(
        f"/v1/returns/{first['id']}/submission", "apply", "2023-10-12T12:00:00", body
    )
    assert (submitted["submitted_on"], submitted["late"]) == ("2023-10-12", False)
    await past.ok(
        f"/v1/returns/{first['id']}/decision",
        "manage",
        "2023-10-20T12:00:00",
        {"decision": "approve"},
    )
    second = await fund_client.post(
        f"/v1/grants/{grant['id']}/payments",
        json={"tranche": 2, "paid_on": "2023-10-23"},
        headers=manager,
    )
    assert second.status_code == 200, second.text
    assert await publish_round_times(fund_app.state.session_factory, fund_app.state.settings) == 2
    events = await _events(fund_app)
    assert events["round_opened"][0]["opens_at"].startswith("2023-04-03T08:00:00")
    assert events["round_closed"][0]["bids_submitted"] == 1
    assert events["bid_submitted"][0]["submitted_at"].startswith("2023-05-10T14:30:00")
    assert events["award_made"][0]["awarded_on"] == "2023-06-20"
    assert [p["paid_on"] for p in events["payment_made"]] == ["2023-07-03", "2023-10-23"]
    assert events["return_submitted"][0]["submitted_on"] == "2023-10-12"
    assert events["return_approved"][0]["approved_on"] == "2023-10-20"
    read = await fund_client.get(f"/v1/bids/{bid['id']}", headers=manager)
    assert read.json()["submitted_at"] == "2023-05-10T14:30:00Z"


async def test_only_a_caller_recording_history_may_date_a_write(fund_api, fund_client):
    fund_round = await fund_api.create_round()
    await fund_api.register()
    draft = await fund_api.draft(fund_round["id"])
    headers = fund_api.auth("apply") | {"X-Occurred-At": "2023-05-10T15:30:00"}
    refused = await fund_client.post(f"/v1/bids/{draft['id']}/submission", headers=headers)
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["required_scopes"] == ["fund:history"]
    read = await fund_client.get(f"/v1/bids/{draft['id']}", headers=fund_api.auth("apply"))
    assert read.json()["status"] == "draft"


async def test_history_is_never_in_the_future_and_is_a_date_time(fund_api, fund_client):
    fund_round = await fund_api.create_round()
    await fund_api.register()
    draft = await fund_api.draft(fund_round["id"])
    for sent, code in (
        ("2099-01-01T09:00:00", "in_future"),
        ("10/05/2023", "datetime_format"),
        ("2023-02-30T09:00:00", "datetime_value"),
    ):
        answer = await fund_client.post(
            f"/v1/bids/{draft['id']}/submission",
            headers=fund_api.auth("apply", occurred_at=sent),
        )
        assert answer.status_code == 422, (sent, answer.text)
        error = answer.json()["errors"][0]
        assert (error["pointer"], error["code"]) == ("#/header/x-occurred-at", code), sent
    read = await fund_client.get(f"/v1/bids/{draft['id']}", headers=fund_api.auth("apply"))
    assert read.json()["status"] == "draft"


async def test_history_keeps_each_step_after_the_one_before(fund_api, fund_client):
    past = Past(fund_client, fund_api.auth)
    fund_round = await _past_round(fund_api)
    await fund_api.register()
    # a bid only while the round was open
    for at, kind in (
        ("2023-04-01T09:00:00", "round-not-open"),
        ("2023-06-01T09:00:00", "round-closed"),
    ):
        answer = await past.post(
            f"/v1/rounds/{fund_round['id']}/bids", "apply", at, fund_api.a_bid(**PLANNED)
        )
        assert answer.status_code == 409 and answer.json()["type"].endswith(kind), answer.text
    draft = await past.ok(
        f"/v1/rounds/{fund_round['id']}/bids",
        "apply",
        "2023-05-02T10:00:00",
        fund_api.a_bid(**PLANNED),
    )
    early = await past.post(f"/v1/bids/{draft['id']}/submission", "apply", "2023-05-01T10:00:00")
    assert early.status_code == 409 and early.json()["type"].endswith("/out-of-order")
    await past.ok(f"/v1/bids/{draft['id']}/submission", "apply", "2023-05-10T10:00:00")
    before = await past.post(
        f"/v1/bids/{draft['id']}/assignments",
        "manage",
        "2023-05-09T10:00:00",
        {"assessor": "assessor-1"},
    )
    assert before.status_code == 409 and before.json()["type"].endswith("/out-of-order")
    assignment = await past.ok(
        f"/v1/bids/{draft['id']}/assignments",
        "manage",
        "2023-06-01T09:00:00",
        {"assessor": "assessor-1"},
    )
    assessor = {"subject": "assessor-1"}
    await past.ok(
        f"/v1/assignments/{assignment['id']}/declaration",
        "assess",
        "2023-06-02T09:00:00",
        {"conflict": False},
        **assessor,
    )
    scores = [{"criterion": c, "score": s, "comment": "Clear."} for c, s in SCORES.items()]
    scored_early = await past.post(
        f"/v1/assignments/{assignment['id']}/scores",
        "assess",
        "2023-06-01T12:00:00",
        {"scores": scores},
        **assessor,
    )
    assert scored_early.status_code == 409, scored_early.text
    await past.ok(
        f"/v1/assignments/{assignment['id']}/scores",
        "assess",
        "2023-06-05T11:00:00",
        {"scores": scores},
        **assessor,
    )
    decision = {"decision": "award", "reasons": "Meets the priorities."}
    hasty = await past.post(
        f"/v1/bids/{draft['id']}/decision", "manage", "2023-06-04T09:00:00", decision
    )
    assert hasty.status_code == 409 and hasty.json()["type"].endswith("/out-of-order")
    read = await fund_client.get(f"/v1/bids/{draft['id']}", headers=fund_api.auth("manage"))
    assert read.json()["status"] == "assessed"
    grant = (
        await past.ok(f"/v1/bids/{draft['id']}/decision", "manage", "2023-06-20T09:00:00", decision)
    )["grant"]
    manager, us = fund_api.auth("manage"), fund_api.auth("apply")
    await fund_client.post(
        f"/v1/grants/{grant['id']}/acceptance",
        json={"accept_conditions": True, "accepted_on": "2023-06-26"},
        headers=us,
    )
    unaccepted = await fund_client.post(
        f"/v1/grants/{grant['id']}/payments",
        json={"tranche": 1, "paid_on": "2023-06-22"},
        headers=manager,
    )
    assert unaccepted.status_code == 409 and unaccepted.json()["type"].endswith("/out-of-order")
    first = (
        await fund_client.get("/v1/returns", params={"grant_id": grant["id"]}, headers=us)
    ).json()["items"][0]
    body = {
        "outputs": [{"measure": "sessions", "count": 10}],
        "outcomes": [{"priority": "weapons", "measure": "Pupils", "progress": "On track."}],
        "summary": "The first quarter.",
    }
    not_begun = await past.post(
        f"/v1/returns/{first['id']}/submission", "apply", "2023-06-30T09:00:00", body
    )
    assert not_begun.status_code == 409, not_begun.text
    await past.ok(f"/v1/returns/{first['id']}/submission", "apply", "2023-10-12T09:00:00", body)
    approval = await past.post(
        f"/v1/returns/{first['id']}/decision",
        "manage",
        "2023-10-11T09:00:00",
        {"decision": "approve"},
    )
    assert approval.status_code == 409 and approval.json()["type"].endswith("/out-of-order")
