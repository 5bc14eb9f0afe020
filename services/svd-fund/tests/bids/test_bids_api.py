"""Organisations and bids: drafts, submission before the closing time (Europe/London,
across the change to BST), budget lines that add up, eligibility with reasons, and an
organisation that sees only its own bids."""

from datetime import UTC, datetime

from csp_common import clock


async def test_a_draft_saved_between_visits_then_submitted(fund_api, fund_client):
    fund_round = await fund_api.create_round()
    organisation = await fund_api.register()
    draft = await fund_api.draft(
        fund_round["id"], title="Half a bid", amount=None, budget_lines=[], outcomes=[]
    )
    assert draft["status"] == "draft"
    assert draft["organisation_id"] == organisation["id"]
    assert draft["eligibility"] == {"eligible": True, "reasons": [], "decided": False}
    early = await fund_api.submit(draft["id"])
    assert early.status_code == 422
    assert {error["pointer"] for error in early.json()["errors"]} == {
        "#/body/amount",
        "#/body/budget_lines",
        "#/body/outcomes",
    }
    saved = await fund_client.put(
        f"/v1/bids/{draft['id']}", json=fund_api.a_bid(), headers=fund_api.auth("apply")
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["budget_totals"] == {"labour": "9000.00", "non_labour": "3000.00"}
    submitted = await fund_api.submit(draft["id"])
    assert submitted.status_code == 200, submitted.text
    body = submitted.json()
    assert body["status"] == "submitted"
    assert body["eligibility"] == {"eligible": True, "reasons": [], "decided": True}
    again = await fund_client.put(
        f"/v1/bids/{draft['id']}", json=fund_api.a_bid(), headers=fund_api.auth("apply")
    )
    assert again.status_code == 409
    assert again.json()["type"].endswith("/bid-submitted")


async def test_budget_lines_must_add_up_to_the_amount(fund_api):
    fund_round = await fund_api.create_round()
    await fund_api.register()
    draft = await fund_api.draft(fund_round["id"], amount="12000.01")
    answer = await fund_api.submit(draft["id"])
    assert answer.status_code == 422
    [error] = answer.json()["errors"]
    assert error["code"] == "budget_mismatch"
    assert "£12,000.00, not the £12,000.01" in error["detail"]


async def test_an_amount_over_the_grant_cap_is_refused(fund_api, fund_client):
    fund_round = await fund_api.create_round(grant_cap="10000.00")
    await fund_api.register()
    answer = await fund_client.post(
        f"/v1/rounds/{fund_round['id']}/bids", json=fund_api.a_bid(), headers=fund_api.auth("apply")
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["pointer"] == "#/body/amount"
    listed = await fund_client.get("/v1/bids", headers=fund_api.auth("manage"))
    assert listed.json()["items"] == []


async def test_a_draft_must_fit_the_round(fund_api, fund_client):
    fund_round = await fund_api.create_round(priorities=["weapons", "vawg"])
    await fund_api.register()
    body = fund_api.a_bid(
        priorities=["weapons", "children-young-people"],
        areas=["scarborough", "leeds"],
        answers={"made-up": True},
        planned_end="2024-01-01",
    )
    answer = await fund_client.post(
        f"/v1/rounds/{fund_round['id']}/bids", json=body, headers=fund_api.auth("apply")
    )
    assert answer.status_code == 422
    assert {error["pointer"] for error in answer.json()["errors"]} == {
        "#/body/priorities/1",
        "#/body/areas/1",
        "#/body/answers/0",
        "#/body/planned_end",
    }


async def test_eligibility_is_decided_from_the_answers_with_reasons(fund_api):
    fund_round = await fund_api.create_round()
    await fund_api.register()
    bid = await fund_api.submitted_bid(
        fund_round["id"],
        answers={"not-for-profit": False, "delivers-locally": True, "statutory-duty": True},
    )
    assert bid["status"] == "ineligible"
    assert bid["eligibility"]["eligible"] is False
    assert bid["eligibility"]["reasons"] == [
        "The fund pays not-for-profit organisations only.",
        "Not answered: Does your organisation have a safeguarding policy?",
        "The fund does not pay for statutory services.",
    ]


async def test_the_closing_time_is_london_time_across_the_change_to_bst(fund_api, fund_client):
    # opens in GMT, closes at noon on 31 March 2024, the first day of BST: 11:00 UTC
    with clock.frozen(datetime(2024, 3, 1, 12, 0, tzinfo=UTC)) as frozen:
        fund_round = await fund_api.create_round(
            opens_at="2024-03-01T09:00:00", closes_at="2024-03-31T12:00:00"
        )
        assert fund_round["opens_at"] == "2024-03-01T09:00:00Z"  # GMT
        assert fund_round["closes_at"] == "2024-03-31T12:00:00+01:00"
        await fund_api.register()
        in_time = await fund_api.draft(fund_round["id"])
        too_late = await fund_api.draft(fund_round["id"])
        frozen.set(datetime(2024, 3, 31, 10, 59, 59, tzinfo=UTC))
        assert (await fund_api.submit(in_time["id"])).status_code == 200
        frozen.set(datetime(2024, 3, 31, 11, 0, 0, tzinfo=UTC))
        answer = await fund_api.submit(too_late["id"])
        assert answer.status_code == 409
        problem = answer.json()
        assert problem["type"].endswith("/round-closed")
        assert "12:00 on 31 March 2024" in problem["detail"]
        late_draft = await fund_client.post(
            f"/v1/rounds/{fund_round['id']}/bids",
            json=fund_api.a_bid(),
            headers=fund_api.auth("apply"),
        )
        assert late_draft.status_code == 409
        read = await fund_client.get(f"/v1/bids/{too_late['id']}", headers=fund_api.auth("apply"))
        assert read.json()["status"] == "draft"


async def test_a_round_not_yet_open_takes_no_bids(fund_api, fund_client):
    with clock.frozen(datetime(2024, 3, 1, 8, 59, tzinfo=UTC)):
        fund_round = await fund_api.create_round(
            opens_at="2024-03-01T09:00:00", closes_at="2024-03-31T12:00:00"
        )
        await fund_api.register()
        answer = await fund_client.post(
            f"/v1/rounds/{fund_round['id']}/bids",
            json=fund_api.a_bid(),
            headers=fund_api.auth("apply"),
        )
        assert answer.status_code == 409
        assert answer.json()["type"].endswith("/round-not-open")


async def test_an_organisation_sees_only_its_own_bids(fund_api, fund_client):
    fund_round = await fund_api.create_round()
    await fund_api.register()
    await fund_api.register(agency="other-charity", org_id="GB-COH-01234567", name="Other Ltd")
    ours = await fund_api.draft(fund_round["id"])
    theirs = await fund_api.draft(fund_round["id"], agency="other-charity")
    us = fund_api.auth("apply")
    for answer in [
        await fund_client.get(f"/v1/bids/{theirs['id']}", headers=us),
        await fund_client.put(f"/v1/bids/{theirs['id']}", json=fund_api.a_bid(), headers=us),
        await fund_client.post(f"/v1/bids/{theirs['id']}/submission", headers=us),
        await fund_client.get(f"/v1/organisations/{theirs['organisation_id']}", headers=us),
    ]:
        assert answer.status_code == 404, answer.text
        assert "other" not in answer.text.lower()
    listed = await fund_client.get("/v1/bids", headers=us)
    assert [bid["id"] for bid in listed.json()["items"]] == [ours["id"]]
    everything = await fund_client.get(
        "/v1/bids", params={"round_id": fund_round["id"]}, headers=fund_api.auth("manage")
    )
    assert {bid["id"] for bid in everything.json()["items"]} == {ours["id"], theirs["id"]}
    # the fund's team reads every bid but writes none
    managed = await fund_client.put(
        f"/v1/bids/{ours['id']}", json=fund_api.a_bid(), headers=fund_api.auth("manage")
    )
    assert managed.status_code == 403
    assert (await fund_client.get("/v1/bids", headers=fund_api.auth("none"))).status_code == 403


async def test_bidding_needs_a_registered_organisation(fund_api, fund_client):
    fund_round = await fund_api.create_round()
    answer = await fund_client.post(
        f"/v1/rounds/{fund_round['id']}/bids", json=fund_api.a_bid(), headers=fund_api.auth("apply")
    )
    assert answer.status_code == 409
    assert answer.json()["type"].endswith("/organisation-not-registered")


async def test_org_ids_follow_their_lists(fund_api, fund_client):
    headers = fund_api.auth("apply")
    for org_id in ["GB-CHC-12", "GB-COH-1234567", "GB-XYZ-123456", "GB-EDU-12345a"]:
        answer = await fund_client.post(
            "/v1/organisations", json=fund_api.an_organisation(org_id=org_id), headers=headers
        )
        assert answer.status_code == 422, org_id
    registered = await fund_api.register(org_id="GB-COH-00012345")
    assert registered["org_id"] == "GB-COH-00012345"
    twice = await fund_client.post(
        "/v1/organisations", json=fund_api.an_organisation(), headers=headers
    )
    assert twice.status_code == 409
