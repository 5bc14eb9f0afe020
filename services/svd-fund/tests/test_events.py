"""What svd-fund publishes on csp.svd-fund: each step of a grant's life once, with ids,
codes, dates, counts and pence, never a title, a summary or a name (those reach the
public through the 360Giving export)."""

import json
from datetime import UTC, datetime

from sqlalchemy import func, select

from csp_common import clock
from csp_common.tables import outbox_table
from svd_fund.policy import ActivityType, Priority
from svd_fund.settings import SvdSettings
from svd_fund.timetable.scheduler import event_title, publish_round_times, round_titles


async def _events(app, since_id=0):
    async with app.state.session_factory() as session:
        rows = (
            await session.execute(
                select(outbox_table.c.event_type, outbox_table.c.key, outbox_table.c.data)
                .where(outbox_table.c.topic == "csp.svd-fund", outbox_table.c.id > since_id)
                .order_by(outbox_table.c.id)
            )
        ).all()
    return [(row.event_type.split(".")[2], row.key, json.loads(row.data)) for row in rows]


async def test_a_grants_life_is_published_without_its_words(fund_api, fund_client, fund_app):
    with clock.frozen(datetime(2024, 3, 15, 12, tzinfo=UTC)) as frozen:
        fund_round = await fund_api.create_round(
            opens_at="2024-03-01T09:00:00", closes_at="2024-03-31T12:00:00", assessors_per_bid=1
        )
        await fund_api.register(name="Scarborough Youth Trust")
        grant = await fund_api.granted(fund_round["id"], title="Knives down, Scarborough")
        manager, us = fund_api.auth("manage"), fund_api.auth("apply")
        await fund_client.post(
            f"/v1/grants/{grant['id']}/acceptance",
            json={"accept_conditions": True, "accepted_on": "2024-03-15"},
            headers=us,
        )
        await fund_client.post(
            f"/v1/grants/{grant['id']}/payments",
            json={"tranche": 1, "paid_on": "2024-03-15"},
            headers=manager,
        )
        frozen.set(datetime(2024, 7, 2, 9, tzinfo=UTC))
        first = (
            await fund_client.get("/v1/returns", params={"grant_id": grant["id"]}, headers=us)
        ).json()["items"][0]
        body = {
            "outputs": [{"measure": "participants", "age_band": "under_16", "count": 140}],
            "outcomes": [{"priority": "weapons", "measure": "Pupils", "progress": "Names: none"}],
            "summary": "Scarborough Youth Trust ran ten sessions.",
        }
        await fund_client.post(f"/v1/returns/{first['id']}/submission", json=body, headers=us)
        await fund_client.post(
            f"/v1/returns/{first['id']}/decision", json={"decision": "approve"}, headers=manager
        )
        events = await _events(fund_app)
    kinds = [kind for kind, _, _ in events]
    assert kinds == [
        "bid_submitted",
        "bid_assessed",
        "award_made",
        *["return_scheduled"] * 5,
        "payment_made",
        "return_submitted",
        "return_approved",
    ]
    by_kind = {kind: (key, data) for kind, key, data in events}
    key, award = by_kind["award_made"]
    assert key == grant["id"]
    assert award["giving_id"] == f"360G-nypfcc-{grant['id']}"
    assert award["amount_pence"] == 1_200_000
    assert award["priorities"] == ["children-young-people", "weapons"]
    assert award["areas"] == ["scarborough"]
    assert by_kind["bid_assessed"][1]["final_score_hundredths"] == 400
    assert by_kind["payment_made"][1]["amount_pence"] == 600_000
    submitted = by_kind["return_submitted"][1]
    assert submitted["outputs"] == [
        {"measure": "participants", "age_band": "under_16", "count": 140}
    ]
    assert (submitted["late"], submitted["outcome_priorities"]) == (False, ["weapons"])
    text = json.dumps([data for _, _, data in events])
    for words in ("Knives down", "Scarborough Youth Trust", "Workshops", "Pupils", "sessions."):
        assert words not in text


async def test_a_rounds_opening_and_closing_are_published_once(fund_api, fund_app, fund_client):
    with clock.frozen(datetime(2024, 2, 1, 12, tzinfo=UTC)) as frozen:
        fund_round = await fund_api.create_round(
            opens_at="2024-03-01T09:00:00", closes_at="2024-03-31T12:00:00"
        )
        assert (
            await publish_round_times(fund_app.state.session_factory, fund_app.state.settings) == 0
        )
        frozen.set(datetime(2024, 3, 1, 9, tzinfo=UTC))
        assert (
            await publish_round_times(fund_app.state.session_factory, fund_app.state.settings) == 1
        )
        assert (
            await publish_round_times(fund_app.state.session_factory, fund_app.state.settings) == 0
        )
        await fund_api.register()
        await fund_api.submitted_bid(fund_round["id"])
        frozen.set(datetime(2024, 3, 31, 11, tzinfo=UTC))
        assert (
            await publish_round_times(fund_app.state.session_factory, fund_app.state.settings) == 1
        )
        assert (
            await publish_round_times(fund_app.state.session_factory, fund_app.state.settings) == 0
        )
        events = [(kind, data) for kind, _, data in await _events(fund_app)]
    opened = [data for kind, data in events if kind == "round_opened"]
    closed = [data for kind, data in events if kind == "round_closed"]
    assert len(opened) == len(closed) == 1
    assert opened[0]["budget_pence"] == 10_000_000
    assert opened[0]["closes_at"].startswith("2024-03-31T11:00:00")
    assert closed[0]["bids_submitted"] == 1
    titles = opened[0]["titles"]
    assert titles["priorities"]["vawg"] == "Violence against women and girls"
    assert titles["priorities"].keys() == set(fund_round["priorities"])
    assert titles["activity_types"]["awareness-education-adults"] == (
        "Universal awareness and education: adults"
    )
    assert titles["activity_types"].keys() == set(fund_round["activity_types"])


def test_a_title_longer_than_an_event_string_is_shortened_and_an_unknown_code_has_none():
    long = "Early intervention: education, employment and training for young people leaving care"
    settings = SvdSettings(
        priorities=[Priority(code="care-leavers", title=long, owner_agency="pfcc")],
        activity_types=[ActivityType(code="mentoring", title="M" * 80)],
    )
    titles = round_titles(settings, ["care-leavers", "gone"], ["mentoring"])
    assert titles.priorities == {
        "care-leavers": "Early intervention: education, employment and training for…"
    }
    assert titles.activity_types == {"mentoring": "M" * 63 + "…"}
    assert event_title("Training") == "Training"


async def test_a_grants_schedule_of_returns_is_published_with_it(fund_api, fund_client, fund_app):
    with clock.frozen(datetime(2024, 3, 15, 12, tzinfo=UTC)):
        fund_round = await fund_api.create_round(
            opens_at="2024-03-01T09:00:00", closes_at="2024-03-31T12:00:00", assessors_per_bid=1
        )
        await fund_api.register()
        grant = await fund_api.granted(fund_round["id"])
        us = fund_api.auth("apply")
        since = await _last_event_id(fund_app)
        accepted = await fund_client.post(
            f"/v1/grants/{grant['id']}/acceptance",
            json={"accept_conditions": True, "accepted_on": "2024-03-15"},
            headers=us,
        )
        assert accepted.status_code == 200, accepted.text
        scheduled = await _events(fund_app, since)
        # Accepting again is refused, and publishes nothing more.
        again = await fund_client.post(
            f"/v1/grants/{grant['id']}/acceptance",
            json={"accept_conditions": True, "accepted_on": "2024-03-15"},
            headers=us,
        )
        assert again.status_code == 409, again.text
        after = await _events(fund_app, since)
        returns = (
            await fund_client.get("/v1/returns", params={"grant_id": grant["id"]}, headers=us)
        ).json()["items"]
    assert after == scheduled
    assert {kind for kind, _, _ in scheduled} == {"return_scheduled"}
    assert {key for _, key, _ in scheduled} == {grant["id"]}
    assert [data for _, _, data in scheduled] == [
        {
            "return_id": r["id"],
            "grant_id": grant["id"],
            "round_id": fund_round["id"],
            "seq": r["seq"],
            "kind": r["kind"],
            "due_on": r["due_on"],
        }
        for r in sorted(returns, key=lambda r: r["seq"])
    ]
    assert [data["kind"] for _, _, data in scheduled] == ["quarterly"] * 4 + ["evaluation"]


async def _last_event_id(app):
    async with app.state.session_factory() as session:
        return (await session.execute(select(func.max(outbox_table.c.id)))).scalar_one() or 0
