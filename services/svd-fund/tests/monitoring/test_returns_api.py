"""Monitoring returns: the schedule, due dates that do not move when a return is late,
outputs and outcomes, submit, approve or return with reasons, overdue listed."""

from datetime import UTC, datetime

from csp_common import clock


async def _active_grant(fund_api, fund_client):
    fund_round = await fund_api.create_round(
        opens_at="2024-03-01T09:00:00", closes_at="2024-03-31T12:00:00", assessors_per_bid=1
    )
    await fund_api.register()
    grant = await fund_api.granted(fund_round["id"])
    accepted = await fund_client.post(
        f"/v1/grants/{grant['id']}/acceptance",
        json={"accept_conditions": True, "accepted_on": "2024-03-15"},
        headers=fund_api.auth("apply"),
    )
    assert accepted.status_code == 200, accepted.text
    return grant


def _return(**changes):
    body = {
        "outputs": [
            {"measure": "sessions", "count": 10},
            {"measure": "participants", "age_band": "under_16", "count": 140},
        ],
        "outcomes": [
            {
                "priority": "weapons",
                "measure": "Pupils who say carrying a knife makes them less safe",
                "progress": "78% after the first ten workshops.",
            }
        ],
        "summary": "Ten workshops in four schools.",
    }
    body.update(changes)
    return body


async def test_the_schedule_is_quarterly_then_an_evaluation(fund_api, fund_client):
    with clock.frozen(datetime(2024, 3, 15, 12, tzinfo=UTC)):
        grant = await _active_grant(fund_api, fund_client)
        returns = await fund_client.get(
            "/v1/returns", params={"grant_id": grant["id"]}, headers=fund_api.auth("apply")
        )
    items = returns.json()["items"]
    assert [(r["kind"], r["period_start"], r["period_end"], r["due_on"]) for r in items] == [
        ("quarterly", "2024-04-01", "2024-06-30", "2024-07-30"),
        ("quarterly", "2024-07-01", "2024-09-30", "2024-10-30"),
        ("quarterly", "2024-10-01", "2024-12-31", "2025-01-30"),
        ("quarterly", "2025-01-01", "2025-03-31", "2025-04-30"),
        ("evaluation", "2024-04-01", "2025-03-31", "2025-05-30"),
    ]
    assert {r["status"] for r in items} == {"due"}


async def test_a_late_return_keeps_its_due_date_and_is_listed_overdue(fund_api, fund_client):
    with clock.frozen(datetime(2024, 3, 15, 12, tzinfo=UTC)) as frozen:
        grant = await _active_grant(fund_api, fund_client)
        manager, us = fund_api.auth("manage"), fund_api.auth("apply")
        frozen.set(datetime(2024, 7, 30, 22, 30, tzinfo=UTC))  # 23:30 in London: still due
        overdue = await fund_client.get("/v1/returns", params={"overdue": True}, headers=manager)
        assert overdue.json()["items"] == []
        frozen.set(datetime(2024, 8, 15, 9, tzinfo=UTC))
        overdue = await fund_client.get("/v1/returns", params={"overdue": True}, headers=manager)
        [late] = overdue.json()["items"]
        assert (late["grant_id"], late["seq"], late["overdue"]) == (grant["id"], 1, True)
        submitted = await fund_client.post(
            f"/v1/returns/{late['id']}/submission", json=_return(), headers=us
        )
        assert submitted.status_code == 200, submitted.text
        body = submitted.json()
        assert body["due_on"] == "2024-07-30"
        assert body["submitted_on"] == "2024-08-15"
        assert (body["late"], body["overdue"]) == (True, False)
        assert body["outputs"][1] == {
            "measure": "participants",
            "age_band": "under_16",
            "count": 140,
        }
        returned = await fund_client.post(
            f"/v1/returns/{late['id']}/decision",
            json={"decision": "return", "reasons": "Add the sessions' venues."},
            headers=manager,
        )
        assert returned.json()["decision_reasons"] == "Add the sessions' venues."
        again = await fund_client.get("/v1/returns", params={"overdue": True}, headers=manager)
        assert [r["id"] for r in again.json()["items"]] == [late["id"]]
        assert again.json()["items"][0]["due_on"] == "2024-07-30"


async def test_returns_are_checked_and_decided_once(fund_api, fund_client):
    with clock.frozen(datetime(2024, 3, 15, 12, tzinfo=UTC)) as frozen:
        grant = await _active_grant(fund_api, fund_client)
        manager, us = fund_api.auth("manage"), fund_api.auth("apply")
        items = (
            await fund_client.get("/v1/returns", params={"grant_id": grant["id"]}, headers=us)
        ).json()["items"]
        first = items[0]["id"]
        early = await fund_client.post(
            f"/v1/returns/{first}/submission", json=_return(), headers=us
        )
        assert early.status_code == 409  # its quarter has not begun
        frozen.set(datetime(2024, 7, 1, 9, tzinfo=UTC))
        outside = _return(outcomes=[{"priority": "vawg", "measure": "Reports", "progress": "Up."}])
        refused = await fund_client.post(
            f"/v1/returns/{first}/submission", json=outside, headers=us
        )
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["pointer"] == "#/body/outcomes/0/priority"
        no_reasons = await fund_client.post(
            f"/v1/returns/{first}/decision", json={"decision": "return"}, headers=manager
        )
        assert no_reasons.status_code == 422
        undecidable = await fund_client.post(
            f"/v1/returns/{first}/decision", json={"decision": "approve"}, headers=manager
        )
        assert undecidable.status_code == 409
        await fund_client.post(f"/v1/returns/{first}/submission", json=_return(), headers=us)
        twice = await fund_client.post(
            f"/v1/returns/{first}/submission", json=_return(), headers=us
        )
        assert twice.status_code == 409
        other = fund_api.auth("apply", agency="other-charity")
        assert (await fund_client.get(f"/v1/returns/{first}", headers=other)).status_code == 404
        hidden = await fund_client.post(
            f"/v1/returns/{first}/submission", json=_return(), headers=other
        )
        assert hidden.status_code == 404
        assert (await fund_client.get("/v1/returns", headers=other)).json()["items"] == []
