"""Reviews over HTTP on PostgreSQL: notification, moves, refusals, pauses, clocks, lists."""

import json
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import func, select

from csp_common import clock
from csp_common.tables import outbox_table
from dhr_tracker.record.models import review_table

Auth = Callable[..., dict[str, str]]
DAY_IN_2025 = datetime(2025, 6, 2, 9, tzinfo=UTC)


def at(day: str) -> "clock.FrozenClock":
    return clock.frozen(datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC))  # type: ignore[return-value]


async def count_reviews(app) -> int:  # type: ignore[no-untyped-def]
    async with app.state.session_factory() as session:
        return (await session.execute(select(func.count()).select_from(review_table))).scalar_one()


async def test_a_notification_gets_a_reference_a_stage_and_its_clocks(
    dhr_api, dhr_client: httpx.AsyncClient, dhr_auth: Auth, dhr_app
) -> None:
    with at("2024-02-01"):
        first = await dhr_api.notify()
        second = await dhr_api.notify(notified_on="2024-02-01")
    assert first["reference"] == "DHR-2024-01" and second["reference"] == "DHR-2024-02"
    assert first["stage"] == "notified" and first["next_stages"] == ["scoping"]
    assert first["clocks"]["decision_due"] == "2024-02-29"
    assert first["clocks"]["completion_due"] is None
    assert first["clocks"]["overdue"] == [] and first["clocks"]["next_due"] == "2024-02-29"
    async with dhr_app.state.session_factory() as session:
        rows = (
            await session.execute(
                select(outbox_table.c.event_type, outbox_table.c.data).where(
                    outbox_table.c.key == first["id"]
                )
            )
        ).all()
    assert [row.event_type for row in rows] == ["csp.dhr.review_notified.v1"]
    data = json.loads(rows[0].data)
    assert data["victim_age_band"] == "35_44" and "2024-01-20" not in rows[0].data.decode()


@pytest.mark.parametrize(
    ("changes", "pointer"),
    [
        ({"area": "atlantis"}, "#/body/area"),
        ({"notifying_agency": "mi5"}, "#/body/notifying_agency"),
        ({"notified_on": "2024-02-02"}, "#/body/notified_on"),
        ({"date_of_death": "2024-02-01"}, "#/body/date_of_death"),
        ({"notified_on": 20240131}, "#/body/notified_on"),
        ({"victim": {"age_band": "35_44", "gender": "female"}}, "#/body/victim/ethnicity"),
        ({"victim_name": "Jane"}, "#/body/victim_name"),
        ({"person_ids": ["8c1f6ad4-55b5-4e5d-9d87-57bd8a8a3b1f"] * 2}, "#/body/person_ids"),
        ({"circumstances": "murder"}, "#/body/circumstances"),
    ],
)
async def test_a_bad_notification_is_422_and_changes_nothing(
    dhr_api, dhr_client: httpx.AsyncClient, dhr_auth: Auth, dhr_app, changes: dict, pointer: str
) -> None:
    before = await count_reviews(dhr_app)
    with at("2024-02-01"):
        answer = await dhr_client.post(
            "/v1/reviews", json=dhr_api.notification(**changes), headers=dhr_auth()
        )
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert pointer in [error["pointer"] for error in answer.json()["errors"]]
    assert await count_reviews(dhr_app) == before


async def test_a_review_moves_stage_by_stage_and_keeps_its_history(
    dhr_api, dhr_client: httpx.AsyncClient, dhr_auth: Auth, dhr_app
) -> None:
    with at("2025-01-01"):
        review = await dhr_api.notify()
        for number, stage in enumerate(dhr_api.PATH_TO_PUBLICATION, start=1):
            answer = await dhr_api.move(review["id"], stage, f"2024-02-{number:02d}")
            assert answer.status_code == 200, (stage, answer.text)
        history = (
            await dhr_client.get(f"/v1/reviews/{review['id']}/transitions", headers=dhr_auth())
        ).json()
    final = answer.json()
    assert final["stage"] == "awaiting_publication" and final["decision"] == "review"
    assert [m["to_stage"] for m in history["moves"]] == dhr_api.PATH_TO_PUBLICATION
    assert history["moves"][1]["details"] == dhr_api.DETAILS["decided"]
    clocks = {item["name"]: item for item in final["clocks"]["items"]}
    assert clocks["decision"]["met_on"] == "2024-02-02"
    assert clocks["completion"]["due_on"] == "2024-08-02"
    assert clocks["completion"]["met_on"] == "2024-02-07"
    async with dhr_app.state.session_factory() as session:
        types = (
            (
                await session.execute(
                    select(outbox_table.c.event_type).where(outbox_table.c.key == review["id"])
                )
            )
            .scalars()
            .all()
        )
    assert types.count("csp.dhr.stage_changed.v1") == len(dhr_api.PATH_TO_PUBLICATION)
    assert "csp.dhr.review_decided.v1" in types and "csp.dhr.qa_outcome.v1" in types


@pytest.mark.parametrize(
    ("to", "status", "problem"),
    [
        ("decided", 409, "move-refused"),
        ("closed", 409, "move-refused"),
        ("published", 409, "move-refused"),
        ("notified", 409, "move-refused"),
        ("somewhere", 422, "validation"),
    ],
)
async def test_an_impossible_move_is_refused_and_changes_nothing(
    dhr_api, dhr_client: httpx.AsyncClient, dhr_auth: Auth, to: str, status: int, problem: str
) -> None:
    with at("2024-03-01"):
        review = await dhr_api.notify()
        answer = await dhr_api.move(review["id"], to, "2024-02-10")
        after = (await dhr_client.get(f"/v1/reviews/{review['id']}", headers=dhr_auth())).json()
    assert answer.status_code == status, answer.text
    assert answer.json()["type"].endswith(problem)
    assert after["stage"] == "notified"


async def test_move_details_and_dates_are_checked(
    dhr_api, dhr_client: httpx.AsyncClient, dhr_auth: Auth
) -> None:
    with at("2024-03-01"):
        review = await dhr_api.notify()
        assert (await dhr_api.move(review["id"], "scoping", "2024-02-01")).is_success
        missing = await dhr_api.move(review["id"], "decided", "2024-02-05", reasons=None)
        early = await dhr_api.move(review["id"], "decided", "2024-01-31")
        future = await dhr_api.move(review["id"], "decided", "2024-03-02")
        stray = await dhr_api.move(review["id"], "decided", "2024-02-05", chair="someone")
    assert missing.status_code == 422 and missing.json()["errors"][0]["pointer"] == "#/body/reasons"
    assert early.status_code == 409 and early.json()["type"].endswith("move-out-of-order")
    assert future.status_code == 422
    assert stray.status_code == 422 and stray.json()["errors"][0]["pointer"] == "#/body/chair"


async def test_a_home_office_overturn_reopens_a_no_review(
    dhr_api, dhr_client: httpx.AsyncClient, dhr_auth: Auth
) -> None:
    with at("2024-06-01"):
        review = await dhr_api.notify()
        await dhr_api.move(review["id"], "scoping", "2024-02-01")
        no = await dhr_api.move(review["id"], "decided", "2024-02-10", decision="no_review")
        closed = await dhr_api.move(review["id"], "closed", "2024-03-01")
        reopened = await dhr_api.move(
            review["id"],
            "decided",
            "2024-04-01",
            decision=None,
            reasons="The Home Office asked for a review.",
        )
    assert no.json()["clocks"]["completion_due"] is None
    assert closed.json()["next_stages"] == ["decided"]
    body = reopened.json()
    assert reopened.status_code == 200 and body["decision"] == "review"
    assert body["clocks"]["completion_due"] == "2024-10-01"
    assert body["next_stages"] == ["panel_established"]


async def test_a_pause_extends_completion_and_an_open_one_moves_it_day_by_day(
    dhr_api, dhr_client: httpx.AsyncClient, dhr_auth: Auth
) -> None:
    with at("2024-03-01") as frozen:
        review = await dhr_api.notify()
        await dhr_api.move(review["id"], "scoping", "2024-02-01")
        await dhr_api.move(review["id"], "decided", "2024-02-10")
        paused = await dhr_client.post(
            f"/v1/reviews/{review['id']}/pauses",
            json={"reason": "criminal_proceedings", "paused_on": "2024-02-20"},
            headers=dhr_auth(),
        )
        assert paused.status_code == 201, paused.text
        url = f"/v1/reviews/{review['id']}"
        today = (await dhr_client.get(url, headers=dhr_auth())).json()["clocks"]
        frozen.advance(days=1)
        tomorrow = (await dhr_client.get(url, headers=dhr_auth())).json()["clocks"]
        twice = await dhr_client.post(
            f"{url}/pauses",
            json={"reason": "inquest", "paused_on": "2024-03-01"},
            headers=dhr_auth(),
        )
        ended = await dhr_client.post(
            f"{url}/pauses/{paused.json()['id']}/end",
            json={"resumed_on": "2024-03-02"},
            headers=dhr_auth(),
        )
        frozen.advance(days=10)
        later = (await dhr_client.get(url, headers=dhr_auth())).json()["clocks"]
        again = await dhr_client.post(
            f"{url}/pauses/{paused.json()['id']}/end",
            json={"resumed_on": "2024-03-02"},
            headers=dhr_auth(),
        )
    assert today["completion_due"] == "2024-08-20" and today["paused_days"] == 10
    assert tomorrow["completion_due"] == "2024-08-21" and tomorrow["paused_days"] == 11
    assert twice.status_code == 409 and twice.json()["type"].endswith("already-paused")
    assert ended.status_code == 200 and ended.json()["days"] == 11
    assert later["completion_due"] == "2024-08-21" and later["paused_days"] == 11
    assert again.status_code == 409


async def test_the_list_filters_sorts_and_pages(
    dhr_api, dhr_client: httpx.AsyncClient, dhr_auth: Auth
) -> None:
    with at("2024-06-01"):
        late = await dhr_api.notify(notified_on="2024-01-10", date_of_death="2024-01-01")
        decided = await dhr_api.notify(
            area="selby", notified_on="2024-05-01", date_of_death="2024-04-20"
        )
        await dhr_api.move(decided["id"], "scoping", "2024-05-02")
        await dhr_api.move(decided["id"], "decided", "2024-05-03")
        fresh = await dhr_api.notify(
            notified_on="2024-05-30",
            date_of_death="2024-05-29",
            circumstances="suspected_suicide",
        )

        async def ids(query: str) -> list[str]:
            answer = await dhr_client.get(f"/v1/reviews?{query}", headers=dhr_auth())
            assert answer.status_code == 200, answer.text
            return [item["id"] for item in answer.json()["items"]]

        assert await ids("overdue=true") == [late["id"]]
        assert await ids("overdue=false") == [fresh["id"], decided["id"]]
        assert await ids("stage=decided") == [decided["id"]]
        assert await ids("area=selby") == [decided["id"]]
        assert await ids("circumstances=suspected_suicide") == [fresh["id"]]
        assert await ids("sort=notified_on") == [late["id"], decided["id"], fresh["id"]]
        seen, cursor = [], None
        while True:
            query = "limit=1&sort=-notified_on" + (f"&cursor={cursor}" if cursor else "")
            page = (await dhr_client.get(f"/v1/reviews?{query}", headers=dhr_auth())).json()
            seen += [item["id"] for item in page["items"]]
            if not (cursor := page["next_cursor"]):
                break
        assert seen == [fresh["id"], decided["id"], late["id"]]
        forged = await dhr_client.get("/v1/reviews?cursor=WyJ4Il0", headers=dhr_auth())
        assert forged.status_code == 400 and forged.json()["type"].endswith("invalid-cursor")
        bad = await dhr_client.get(
            "/v1/reviews?overdue=maybe&stage=Not%20A%20Stage", headers=dhr_auth()
        )
        assert bad.status_code == 422
