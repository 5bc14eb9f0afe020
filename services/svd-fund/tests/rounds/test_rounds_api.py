"""Rounds: money as decimal pounds and pence, Europe/London times, what a round funds."""

from decimal import Decimal


async def test_a_round_keeps_pounds_and_pence_and_shows_london_times(fund_api, fund_client):
    created = await fund_api.create_round(
        headers=fund_api.auth("manage", history=True),  # a past round
        budget="250000.10",
        opens_at="2023-10-02T09:00:00",
        closes_at="2024-03-31T12:00:00",
    )
    assert created["budget"] == "250000.10"
    assert created["grant_cap"] == "40000.00"
    assert created["remaining"] == "250000.10"
    # 2 October is in BST, 31 March 2024 is the first day of BST (from 01:00 UTC)
    assert created["opens_at"] == "2023-10-02T09:00:00+01:00"
    assert created["closes_at"] == "2024-03-31T12:00:00+01:00"
    assert created["status"] == "closed"
    assert len(created["priorities"]) == 5
    assert "weapon-amnesty" in created["activity_types"]
    assert created["rubric"]["0"] == "No response"
    read = await fund_client.get(f"/v1/rounds/{created['id']}", headers=fund_api.auth("apply"))
    assert read.status_code == 200
    assert read.json() == created


async def test_money_is_never_a_float(fund_client, fund_api):
    for budget in ["100.001", "NaN", "Infinity", "-5.00", "0", "£100"]:
        answer = await fund_client.post(
            "/v1/rounds", json=fund_api.a_round(budget=budget), headers=fund_api.auth("manage")
        )
        assert answer.status_code == 422, (budget, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
    answer = await fund_client.post(
        "/v1/rounds", json=fund_api.a_round(budget=0.1 + 0.2), headers=fund_api.auth("manage")
    )
    assert answer.status_code == 422  # 0.30000000000000004 has more than two places
    listed = await fund_client.get("/v1/rounds", headers=fund_api.auth("manage"))
    assert listed.json()["items"] == []


async def test_a_round_must_fit_the_strategy(fund_client, fund_api):
    body = fund_api.a_round(
        priorities=["weapons", "unheard-of"],
        grant_cap="500000.00",
        criteria=[{"code": "need", "title": "Need", "weight": 60}],
    )
    answer = await fund_client.post("/v1/rounds", json=body, headers=fund_api.auth("manage"))
    assert answer.status_code == 422
    assert any("weights" in error["detail"] for error in answer.json()["errors"])
    body = fund_api.a_round(priorities=["weapons", "unheard-of"], grant_cap="500000.00")
    answer = await fund_client.post("/v1/rounds", json=body, headers=fund_api.auth("manage"))
    assert answer.status_code == 422
    pointers = {error["pointer"] for error in answer.json()["errors"]}
    assert pointers == {"#/body/priorities/1", "#/body/grant_cap"}


async def test_closing_before_opening_is_refused(fund_client, fund_api):
    body = fund_api.a_round(opens_at="2024-03-01T09:00:00", closes_at="2024-03-01T09:00:00Z")
    answer = await fund_client.post("/v1/rounds", json=body, headers=fund_api.auth("manage"))
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["pointer"] == "#/body/closes_at"


async def test_only_the_funds_team_sets_up_rounds(fund_client, fund_api):
    for role in ("apply", "assess", "none"):
        answer = await fund_client.post(
            "/v1/rounds", json=fund_api.a_round(), headers=fund_api.auth(role)
        )
        assert answer.status_code == 403, role
    assert (await fund_client.get("/v1/rounds", headers=fund_api.auth("none"))).status_code == 403
    assert Decimal("1") == 1


async def test_a_round_already_closed_is_history_only(fund_client, fund_api):
    """A round that has closed can take no bid: setting one up records the fund's past,
    which needs fund:history beside fund:manage."""
    body = fund_api.a_round(opens_at="2023-04-03T09:00:00", closes_at="2023-05-31T17:00:00")
    refused = await fund_client.post("/v1/rounds", json=body, headers=fund_api.auth("manage"))
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["code"] == "closes_in_past"
    recorded = await fund_client.post(
        "/v1/rounds", json=body, headers=fund_api.auth("manage", history=True)
    )
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["status"] == "closed"
    alone = await fund_client.post(
        "/v1/rounds", json=body, headers=fund_api.auth("none", history=True)
    )
    assert alone.status_code == 403
