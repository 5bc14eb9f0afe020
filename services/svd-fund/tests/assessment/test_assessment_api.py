"""Assessment: conflicts declared before a bid is shown (audited), blind scoring, the
spread that sends a bid to moderation, and the panel's final scores."""

from sqlalchemy import select

from csp_common.tables import audit_table


async def _bid_with_assessors(fund_api, *assessors):
    fund_round = await fund_api.create_round()
    await fund_api.register()
    bid = await fund_api.submitted_bid(fund_round["id"])
    return bid, [await fund_api.assign(bid["id"], who) for who in assessors]


async def test_the_bid_is_shown_only_after_interests_are_declared(fund_api, fund_client, fund_app):
    bid, [assignment] = await _bid_with_assessors(fund_api, "assessor-1")
    me = fund_api.auth("assess", subject="assessor-1")
    listed = await fund_client.get("/v1/assignments", headers=me)
    [item] = listed.json()["items"]
    assert item["status"] == "assigned"
    assert "title" not in item
    shown = await fund_client.get(f"/v1/assignments/{assignment['id']}/bid", headers=me)
    assert shown.status_code == 409
    assert shown.json()["type"].endswith("/declaration-needed")
    assert bid["title"] not in shown.text
    early = await fund_api.score(assignment["id"], "assessor-1", fund_api.all_scores(3))
    assert early.status_code == 409
    declared = await fund_api.declare(assignment["id"], "assessor-1")
    assert declared.status_code == 200
    assert declared.json()["status"] == "cleared"
    shown = await fund_client.get(f"/v1/assignments/{assignment['id']}/bid", headers=me)
    assert shown.status_code == 200
    assert shown.json()["title"] == bid["title"]
    twice = await fund_api.declare(assignment["id"], "assessor-1", conflict=True)
    assert twice.status_code == 409


async def test_a_declared_conflict_takes_the_assessor_off_the_bid_and_is_audited(
    fund_api, fund_client, fund_app
):
    bid, [first, _] = await _bid_with_assessors(fund_api, "assessor-1", "assessor-2")
    me = fund_api.auth("assess", subject="assessor-1")
    declared = await fund_api.declare(first["id"], "assessor-1", conflict=True)
    assert declared.status_code == 200
    assert declared.json()["status"] == "conflicted"
    for path in ("bid", "assessment"):
        gone = await fund_client.get(f"/v1/assignments/{first['id']}/{path}", headers=me)
        assert gone.status_code == 404
    scored = await fund_api.score(first["id"], "assessor-1", fund_api.all_scores(3))
    assert scored.status_code == 404
    # the bid has room for another assessor in their place
    await fund_api.assign(bid["id"], "assessor-3")
    full = await fund_client.post(
        f"/v1/bids/{bid['id']}/assignments",
        json={"assessor": "assessor-4"},
        headers=fund_api.auth("manage"),
    )
    assert full.status_code == 409
    async with fund_app.state.session_factory() as session:
        actions = (
            await session.execute(
                select(audit_table.c.action, audit_table.c.subject).where(
                    audit_table.c.record_id == bid["id"]
                )
            )
        ).all()
    assert ("declare-conflict", "assessor-1") in actions


async def test_an_assessor_cannot_see_another_assessors_bid_or_scores(fund_api, fund_client):
    bid, [first, _second] = await _bid_with_assessors(fund_api, "assessor-1", "assessor-2")
    stranger = fund_api.auth("assess", subject="assessor-9")
    for path in ("", "/bid", "/assessment"):
        answer = await fund_client.get(f"/v1/assignments/{first['id']}{path}", headers=stranger)
        assert answer.status_code == 404
    assert (await fund_client.get(f"/v1/bids/{bid['id']}", headers=stranger)).status_code == 403


async def test_scoring_is_blind_until_the_assessors_own_scores_are_in(fund_api, fund_client):
    _bid, [first, second] = await _bid_with_assessors(fund_api, "assessor-1", "assessor-2")
    for assignment, who in ((first, "assessor-1"), (second, "assessor-2")):
        assert (await fund_api.declare(assignment["id"], who)).status_code == 200
    answer = await fund_api.score(first["id"], "assessor-1", fund_api.all_scores(4))
    assert answer.status_code == 200
    after_first = answer.json()
    assert after_first["status"] == "submitted"
    second_me = fund_api.auth("assess", subject="assessor-2")
    blind = await fund_client.get(f"/v1/assignments/{second['id']}/assessment", headers=second_me)
    assert blind.status_code == 409
    assert blind.json()["type"].endswith("/own-scores-first")
    assert "4.00" not in blind.text
    shown = await fund_client.get(f"/v1/assignments/{second['id']}/bid", headers=second_me)
    assert "score" not in shown.text
    answer = await fund_api.score(second["id"], "assessor-2", fund_api.all_scores(4))
    both = answer.json()
    assert [a["weighted_score"] for a in both["assessors"]] == ["4.00", "4.00"]
    assert both["average"] == "4.00"
    assert both["status"] == "assessed"
    assert both["final_score"] == "4.00"
    again = await fund_api.score(second["id"], "assessor-2", fund_api.all_scores(1))
    assert again.status_code == 409


async def test_every_criterion_is_scored_once_on_the_rubric(fund_api):
    _bid, [assignment] = await _bid_with_assessors(fund_api, "assessor-1")
    await fund_api.declare(assignment["id"], "assessor-1")
    partial = await fund_api.score(assignment["id"], "assessor-1", {"need": 3, "made-up": 2})
    assert partial.status_code == 422
    codes = {error["code"] for error in partial.json()["errors"]}
    assert codes == {"unknown_criterion", "missing"}
    too_high = await fund_api.score(assignment["id"], "assessor-1", fund_api.all_scores(6))
    assert too_high.status_code == 422
    fine = await fund_api.score(assignment["id"], "assessor-1", fund_api.all_scores(5))
    assert fine.status_code == 200


async def test_a_spread_beyond_the_threshold_goes_to_moderation(fund_api, fund_client):
    fund_round = await fund_api.create_round(moderation_spread="1.00")
    await fund_api.register()
    # weights 25/25/30/20: 4,4,4,4 -> 4.00 and 2,3,3,3 -> 2.75: 1.25 apart
    bid = await fund_api.assessed_bid(
        fund_round["id"],
        [fund_api.all_scores(4), {"need": 2, "delivery": 3, "outcomes": 3, "value": 3}],
    )
    manager = fund_api.auth("manage")
    assessment = (await fund_client.get(f"/v1/bids/{bid['id']}/assessment", headers=manager)).json()
    assert assessment["status"] == "needs_moderation"
    assert assessment["spread"] == "1.25"
    assert assessment["final_score"] is None
    moderation = {
        "scores": [
            {"criterion": code, "score": 3, "reason": "The panel agreed on clear answers."}
            for code in ("need", "delivery", "outcomes", "value")
        ]
    }
    moderated = await fund_client.post(
        f"/v1/bids/{bid['id']}/moderation", json=moderation, headers=manager
    )
    assert moderated.status_code == 200, moderated.text
    body = moderated.json()
    assert body["status"] == "assessed"
    assert body["final_score"] == "3.00"
    assert body["moderated"][0]["reason"] == "The panel agreed on clear answers."
    again = await fund_client.post(
        f"/v1/bids/{bid['id']}/moderation", json=moderation, headers=manager
    )
    assert again.status_code == 409


async def test_a_spread_within_the_threshold_is_assessed_on_the_average(fund_api, fund_client):
    fund_round = await fund_api.create_round(moderation_spread="1.00")
    await fund_api.register()
    bid = await fund_api.assessed_bid(
        fund_round["id"], [fund_api.all_scores(4), fund_api.all_scores(3)]
    )
    read = await fund_client.get(f"/v1/bids/{bid['id']}", headers=fund_api.auth("manage"))
    assert read.json()["status"] == "assessed"
    assessment = await fund_client.get(
        f"/v1/bids/{bid['id']}/assessment", headers=fund_api.auth("manage")
    )
    assert assessment.json()["final_score"] == "3.50"
    assert assessment.json()["spread"] == "1.00"
    moderation = await fund_client.post(
        f"/v1/bids/{bid['id']}/moderation",
        json={"scores": [{"criterion": "need", "score": 1, "reason": "No."}]},
        headers=fund_api.auth("manage"),
    )
    assert moderation.status_code == 409


async def test_an_ineligible_bid_takes_no_assessors(fund_api, fund_client):
    fund_round = await fund_api.create_round()
    await fund_api.register()
    bid = await fund_api.submitted_bid(fund_round["id"], answers={"not-for-profit": False})
    answer = await fund_client.post(
        f"/v1/bids/{bid['id']}/assignments",
        json={"assessor": "assessor-1"},
        headers=fund_api.auth("manage"),
    )
    assert answer.status_code == 409
