"""Twenty award decisions at once, by two fund managers, never overspend the round: the
database's CHECK on the round's running total decides, on PostgreSQL, over committed
rows (a database of this module's own)."""

import asyncio
from collections import Counter
from decimal import Decimal

from sqlalchemy import func, select

from svd_fund.awards.models import grant_table
from svd_fund.rounds.models import round_table


async def test_twenty_concurrent_awards_never_overspend(committed_fund, auth_header):
    app, client = committed_fund

    def manager(name):
        return auth_header(agency="pfcc", scopes=["fund:manage"], subject=name)

    answer = await client.post(
        "/v1/rounds",
        json={
            "name": "Concurrency round",
            "budget": "100000.00",
            "opens_at": "2020-01-01T09:00:00",
            "closes_at": "2099-01-01T09:00:00",
            "assessors_per_bid": 1,
        },
        headers=manager("manager-a"),
    )
    round_id = answer.json()["id"]
    scores = [
        {"criterion": c, "score": 4, "comment": "Clear."}
        for c in ("need", "delivery", "outcomes", "value")
    ]
    bids = []
    for number in range(20):
        org = auth_header(agency=f"org-{number}", scopes=["fund:apply"])
        registered = await client.post(
            "/v1/organisations",
            json={
                "org_id": f"GB-CHC-{1000000 + number}",
                "name": f"Org {number}",
                "kind": "charity",
            },
            headers=org,
        )
        assert registered.status_code == 201, registered.text
        body = {
            "title": f"Project {number}",
            "summary": "Diversion through sport.",
            "amount": "8000.00",
            "budget_lines": [{"kind": "labour", "item": "Coaches", "amount": "8000.00"}],
            "priorities": ["children-young-people"],
            "activity_types": ["diversion-sport"],
            "areas": ["york"],
            "planned_start": "2024-04-01",
            "planned_end": "2025-03-31",
            "outputs": [{"measure": "sessions", "target": 30}],
            "outcomes": [
                {"priority": "children-young-people", "measure": "Attendance", "target": "70%"}
            ],
            "answers": {
                "not-for-profit": True,
                "delivers-locally": True,
                "safeguarding-policy": True,
                "statutory-duty": False,
            },
        }
        bid = (await client.post(f"/v1/rounds/{round_id}/bids", json=body, headers=org)).json()
        assert (
            await client.post(f"/v1/bids/{bid['id']}/submission", headers=org)
        ).status_code == 200
        assessor = auth_header(agency="pfcc", scopes=["fund:assess"], subject="assessor-1")
        assignment = (
            await client.post(
                f"/v1/bids/{bid['id']}/assignments",
                json={"assessor": "assessor-1"},
                headers=manager("manager-a"),
            )
        ).json()
        await client.post(
            f"/v1/assignments/{assignment['id']}/declaration",
            json={"conflict": False},
            headers=assessor,
        )
        scored = await client.post(
            f"/v1/assignments/{assignment['id']}/scores", json={"scores": scores}, headers=assessor
        )
        assert scored.json()["status"] == "assessed"
        bids.append(bid["id"])

    async def award(number, bid_id):
        return await client.post(
            f"/v1/bids/{bid_id}/decision",
            json={"decision": "award", "reasons": "Scored 4."},
            headers=manager("manager-a" if number % 2 else "manager-b"),
        )

    answers = await asyncio.gather(*(award(n, bid_id) for n, bid_id in enumerate(bids)))
    outcomes = Counter(
        (a.status_code, a.json().get("type", "").rsplit("/", 1)[-1]) for a in answers
    )
    assert outcomes == {(200, ""): 12, (409, "over-budget"): 8}, outcomes
    async with app.state.session_factory() as session:
        total, budget = (
            await session.execute(
                select(round_table.c.awarded_total, round_table.c.budget).where(
                    round_table.c.id == round_id
                )
            )
        ).one()
        granted = (
            await session.execute(
                select(func.sum(grant_table.c.amount)).where(grant_table.c.round_id == round_id)
            )
        ).scalar_one()
    assert total == granted == Decimal("96000.00")
    assert total <= budget
