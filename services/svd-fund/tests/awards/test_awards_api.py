"""Decisions within the round's budget, grant agreements and tranches."""

from datetime import UTC, datetime

from csp_common import clock


async def test_an_award_makes_a_grant_in_two_tranches_within_the_budget(fund_api, fund_client):
    fund_round = await fund_api.create_round(budget="20000.00", assessors_per_bid=1)
    await fund_api.register()
    bid = await fund_api.assessed_bid(
        fund_round["id"],
        [fund_api.all_scores(4)],
        amount="12000.01",
        budget_lines=[{"kind": "labour", "item": "Youth workers", "amount": "12000.01"}],
    )
    answer = await fund_api.award(bid["id"])
    assert answer.status_code == 200, answer.text
    decided = answer.json()
    assert decided["bid_status"] == "awarded"
    assert decided["round_awarded_total"] == "12000.01"
    assert decided["round_remaining"] == "7999.99"
    grant = decided["grant"]
    assert grant["amount"] == "12000.01"
    assert [t["amount"] for t in grant["tranches"]] == ["6000.01", "6000.00"]
    assert {t["status"] for t in grant["tranches"]} == {"held"}
    assert grant["status"] == "offered"
    assert (grant["starts_on"], grant["ends_on"]) == ("2024-04-01", "2025-03-31")
    read = await fund_client.get(f"/v1/rounds/{fund_round['id']}", headers=fund_api.auth())
    assert read.json()["awarded_total"] == "12000.01"
    again = await fund_api.award(bid["id"])
    assert again.status_code == 409
    assert again.json()["type"].endswith("/bid-not-decidable")


async def test_an_award_past_the_budget_is_refused_and_changes_nothing(fund_api, fund_client):
    fund_round = await fund_api.create_round(budget="20000.00", assessors_per_bid=1)
    await fund_api.register()
    await fund_api.register(agency="other-charity", org_id="GB-CHC-7654321", name="Other")
    first = await fund_api.assessed_bid(fund_round["id"], [fund_api.all_scores(4)])
    second = await fund_api.assessed_bid(
        fund_round["id"], [fund_api.all_scores(4)], agency="other-charity"
    )
    # the assessors of the second bid are assessor-1 again: a new assignment per bid
    assert (await fund_api.award(first["id"])).status_code == 200
    over = await fund_api.award(second["id"])
    assert over.status_code == 409
    assert over.json()["type"].endswith("/over-budget")
    bid = await fund_client.get(f"/v1/bids/{second['id']}", headers=fund_api.auth())
    assert bid.json()["status"] == "assessed"
    grants = await fund_client.get(
        "/v1/grants", params={"round_id": fund_round["id"]}, headers=fund_api.auth()
    )
    assert len(grants.json()["items"]) == 1
    # a smaller award fits
    smaller = await fund_api.award(second["id"], amount="8000.00")
    assert smaller.status_code == 200, smaller.text
    assert smaller.json()["round_remaining"] == "0.00"


async def test_waitlisted_then_awarded_and_rejections(fund_api):
    fund_round = await fund_api.create_round(assessors_per_bid=1)
    await fund_api.register()
    bid = await fund_api.assessed_bid(fund_round["id"], [fund_api.all_scores(3)])
    waitlisted = await fund_api.award(bid["id"], decision="waitlist")
    assert waitlisted.json()["bid_status"] == "waitlisted"
    bad = await fund_api.award(bid["id"], amount="99999.00")
    assert bad.status_code == 422
    tranches = await fund_api.award(bid["id"], tranches=["6000.00", "5000.00"])
    assert tranches.status_code == 422
    assert tranches.json()["errors"][0]["pointer"] == "#/body/tranches"
    awarded = await fund_api.award(bid["id"], tranches=["4000.00", "4000.00", "4000.00"])
    assert awarded.status_code == 200
    assert len(awarded.json()["grant"]["tranches"]) == 3
    other = await fund_api.assessed_bid(fund_round["id"], [fund_api.all_scores(1)])
    rejected = await fund_api.award(other["id"], decision="reject", reasons="Scored 1.")
    assert rejected.json()["bid_status"] == "rejected"
    assert rejected.json()["grant"] is None
    money = await fund_api.award(other["id"], decision="reject", amount="1.00")
    assert money.status_code == 422


async def test_only_an_assessed_bid_is_decided(fund_api):
    fund_round = await fund_api.create_round()
    await fund_api.register()
    bid = await fund_api.submitted_bid(fund_round["id"])
    assert (await fund_api.award(bid["id"])).status_code == 409
    assert (await fund_api.award(bid["id"], headers=fund_api.auth("apply"))).status_code == 403


async def test_tranches_are_held_until_the_previous_return_is_approved(fund_api, fund_client):
    with clock.frozen(datetime(2024, 3, 15, 12, tzinfo=UTC)) as frozen:
        fund_round = await fund_api.create_round(
            opens_at="2024-03-01T09:00:00", closes_at="2024-03-31T12:00:00", assessors_per_bid=1
        )
        await fund_api.register()
        grant = await fund_api.granted(fund_round["id"])
        manager, us = fund_api.auth("manage"), fund_api.auth("apply")
        payments = f"/v1/grants/{grant['id']}/payments"

        async def pay(tranche, on):
            return await fund_client.post(
                payments, json={"tranche": tranche, "paid_on": on}, headers=manager
            )

        unaccepted = await pay(1, "2024-03-15")
        assert unaccepted.status_code == 409
        assert unaccepted.json()["type"].endswith("/agreement-not-accepted")
        accepted = await fund_client.post(
            f"/v1/grants/{grant['id']}/acceptance",
            json={"accept_conditions": True, "accepted_on": "2024-03-15"},
            headers=us,
        )
        assert accepted.status_code == 200, accepted.text
        assert [t["status"] for t in accepted.json()["tranches"]] == ["payable", "held"]
        paid = await pay(1, "2024-03-15")
        assert paid.status_code == 200
        assert [t["status"] for t in paid.json()["tranches"]] == ["paid", "held"]
        assert (await pay(1, "2024-03-15")).json()["type"].endswith("/tranche-paid")
        held = await pay(2, "2024-03-15")
        assert held.status_code == 409
        assert held.json()["type"].endswith("/return-not-approved")

        returns = await fund_client.get("/v1/returns", params={"grant_id": grant["id"]}, headers=us)
        first = returns.json()["items"][0]
        frozen.set(datetime(2024, 7, 10, 9, tzinfo=UTC))
        body = {
            "outputs": [{"measure": "sessions", "count": 10}],
            "outcomes": [],
            "summary": "Ten workshops in four schools.",
        }
        submitted = await fund_client.post(
            f"/v1/returns/{first['id']}/submission", json=body, headers=us
        )
        assert submitted.status_code == 200
        assert (await pay(2, "2024-07-10")).status_code == 409  # submitted is not approved
        sent_back = await fund_client.post(
            f"/v1/returns/{first['id']}/decision",
            json={"decision": "return", "reasons": "Give the participants by age band."},
            headers=manager,
        )
        assert sent_back.json()["status"] == "returned"
        assert (await pay(2, "2024-07-10")).status_code == 409
        body["outputs"].append({"measure": "participants", "age_band": "under_16", "count": 140})
        await fund_client.post(f"/v1/returns/{first['id']}/submission", json=body, headers=us)
        approved = await fund_client.post(
            f"/v1/returns/{first['id']}/decision", json={"decision": "approve"}, headers=manager
        )
        assert approved.json()["status"] == "approved"
        released = await pay(2, "2024-07-10")
        assert released.status_code == 200, released.text
        assert [t["status"] for t in released.json()["tranches"]] == ["paid", "paid"]


async def test_an_organisation_sees_only_its_own_grants(fund_api, fund_client):
    fund_round = await fund_api.create_round(assessors_per_bid=1)
    await fund_api.register()
    await fund_api.register(agency="other-charity", org_id="GB-CHC-7654321", name="Other")
    grant = await fund_api.granted(fund_round["id"])
    them = fund_api.auth("apply", agency="other-charity")
    assert (await fund_client.get(f"/v1/grants/{grant['id']}", headers=them)).status_code == 404
    accepted = await fund_client.post(
        f"/v1/grants/{grant['id']}/acceptance",
        json={"accept_conditions": True, "accepted_on": grant["awarded_on"]},
        headers=them,
    )
    assert accepted.status_code == 404
    assert (await fund_client.get("/v1/grants", headers=them)).json()["items"] == []
    ours = await fund_client.get("/v1/grants", headers=fund_api.auth("apply"))
    assert [g["id"] for g in ours.json()["items"]] == [grant["id"]]
