"""Recommendations and learning on PostgreSQL: made with actions, worked to completion
with evidence, overdue listed, national answers, themes with counts and the training
plan's delivery; events with codes only; refusals change nothing; who sees what."""

import json
from collections.abc import Callable
from datetime import date

import httpx
import pytest
from sqlalchemy import select

from csp_common import clock
from csp_common.tables import outbox_table

Auth = Callable[..., dict[str, str]]
TODAY = clock.at_noon(date(2024, 10, 1))


def recommendation(**changes) -> dict:  # type: ignore[no-untyped-def]
    body = {
        "theme": "professional_curiosity",
        "level": "local",
        "owner_agency": "health",
        "text": "GPs ask about domestic abuse when a patient discloses anxiety.",
        "made_on": "2024-03-01",
        "actions": [
            {"description": "Briefing for GPs.", "owner_agency": "health", "due_on": "2024-06-30"},
            {"description": "Audit of records.", "owner_agency": "health", "due_on": "2024-12-31"},
        ],
    }
    body.update(changes)
    return body


@pytest.fixture
def frozen():
    with clock.frozen(TODAY):
        yield


@pytest.fixture
async def review(dhr_api, frozen) -> dict:
    return await dhr_api.notify()


async def make(client: httpx.AsyncClient, headers: dict, review: dict, **changes) -> dict:  # type: ignore[no-untyped-def]
    answer = await client.post(
        f"/v1/reviews/{review['id']}/recommendations",
        json=recommendation(**changes),
        headers=headers,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


async def test_a_recommendation_worked_through_to_completion(
    dhr_client: httpx.AsyncClient, dhr_auth: Auth, dhr_app, review: dict
) -> None:
    made = await make(dhr_client, dhr_auth(), review)
    assert (made["number"], made["status"], made["overdue"]) == (1, "open", True)
    assert [a["overdue"] for a in made["actions"]] == [True, False]
    url = f"/v1/recommendations/{made['id']}"
    overdue = (await dhr_client.get("/v1/recommendations?overdue=true", headers=dhr_auth())).json()
    assert [item["id"] for item in overdue["items"]] == [made["id"]]
    started = await dhr_client.post(
        f"{url}/status", json={"status": "in_progress", "on": "2024-04-01"}, headers=dhr_auth()
    )
    assert started.status_code == 200, started.text
    too_soon = await dhr_client.post(
        f"{url}/status",
        json={"status": "completed", "on": "2024-09-01", "evidence": "Done."},
        headers=dhr_auth(),
    )
    assert too_soon.status_code == 409 and too_soon.json()["type"].endswith("actions-open")
    for action in made["actions"]:
        done = await dhr_client.post(
            f"{url}/actions/{action['id']}/completion",
            json={"completed_on": "2024-09-01", "evidence": "Held; 40 GPs attended."},
            headers=dhr_auth(),
        )
        assert done.status_code == 200, done.text
    assert done.json()["overdue"] is False
    no_evidence = await dhr_client.post(
        f"{url}/status", json={"status": "completed", "on": "2024-09-02"}, headers=dhr_auth()
    )
    assert no_evidence.status_code == 422
    completed = await dhr_client.post(
        f"{url}/status",
        json={"status": "completed", "on": "2024-09-02", "evidence": "Audit: asked."},
        headers=dhr_auth(),
    )
    assert completed.status_code == 200 and completed.json()["status"] == "completed"
    reopened = await dhr_client.post(
        f"{url}/status", json={"status": "open", "on": "2024-09-03"}, headers=dhr_auth()
    )
    assert reopened.status_code == 409
    second = await make(dhr_client, dhr_auth(), review, actions=[])
    assert second["number"] == 2
    async with dhr_app.state.session_factory() as session:
        events = (
            await session.execute(
                select(outbox_table.c.event_type, outbox_table.c.data)
                .where(outbox_table.c.key == review["id"])
                .order_by(outbox_table.c.id)
            )
        ).all()
    recommendation_events = [
        (row.event_type.split(".")[2], json.loads(row.data))
        for row in events
        if "recommendation" in row.event_type
    ]
    assert [kind for kind, _ in recommendation_events] == [
        "recommendation_made",
        "recommendation_status_changed",
        "recommendation_status_changed",
        "recommendation_made",
    ]
    made_event = recommendation_events[0][1]
    assert made_event["theme"] == "professional_curiosity" and "text" not in made_event
    assert not any("GPs" in row.data.decode() for row in events)  # no free text in events


@pytest.mark.parametrize(
    ("changes", "status", "pointer"),
    [
        ({"theme": "housing"}, 422, "#/body/theme"),
        ({"level": "national"}, 422, "#/body/national_body"),
        ({"national_body": "home-office"}, 422, "#/body/national_body"),
        ({"made_on": "2024-11-01"}, 422, "#/body/made_on"),
        ({"made_on": "2024-01-01"}, 409, None),
        ({"due_on": "2024-02-01"}, 422, "#/body/due_on"),
        ({"actions": [{"description": "x", "owner_agency": "health", "due_on": "2024-01-01"}]},
         422, "#/body/actions/0/due_on"),
        ({"text": ""}, 422, "#/body/text"),
        ({"level": "regional"}, 422, "#/body/level"),
    ],
)  # fmt: skip
async def test_bad_recommendations_are_refused_and_change_nothing(
    dhr_client: httpx.AsyncClient, dhr_auth: Auth, review: dict, changes, status, pointer
) -> None:
    answer = await dhr_client.post(
        f"/v1/reviews/{review['id']}/recommendations",
        json=recommendation(**changes),
        headers=dhr_auth(),
    )
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    if pointer:
        assert pointer in [e["pointer"] for e in answer.json()["errors"]]
    listed = await dhr_client.get("/v1/recommendations", headers=dhr_auth())
    assert listed.json()["items"] == []


async def test_a_national_recommendation_and_its_answer(
    dhr_client: httpx.AsyncClient, dhr_auth: Auth, review: dict
) -> None:
    local = await make(dhr_client, dhr_auth(), review)
    national = await make(
        dhr_client, dhr_auth(), review, level="national", national_body="home-office", actions=[]
    )
    answer = {"answer": "partially_accepted", "answered_on": "2024-05-01", "response": "In part."}
    refused = await dhr_client.post(
        f"/v1/recommendations/{local['id']}/national-answer", json=answer, headers=dhr_auth()
    )
    assert refused.status_code == 409
    answered = await dhr_client.post(
        f"/v1/recommendations/{national['id']}/national-answer", json=answer, headers=dhr_auth()
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["national_answer"] == {
        "answer": "partially_accepted",
        "answered_on": "2024-05-01",
        "response": "In part.",
    }
    listed = await dhr_client.get("/v1/recommendations?level=national", headers=dhr_auth())
    assert [item["id"] for item in listed.json()["items"]] == [national["id"]]


async def test_who_sees_a_recommendation(
    dhr_client: httpx.AsyncClient, dhr_auth: Auth, review: dict
) -> None:
    made = await make(dhr_client, dhr_auth(), review)
    url = f"/v1/recommendations/{made['id']}"
    owner = dhr_auth("contribute", agency="health")
    assert (await dhr_client.get(url, headers=owner)).status_code == 200
    mine = (await dhr_client.get("/v1/recommendations", headers=owner)).json()["items"]
    assert [item["id"] for item in mine] == [made["id"]]
    for headers in (
        dhr_auth("contribute", agency="probation"),
        dhr_auth("read", agency="idas"),
        dhr_auth(area="selby"),
    ):
        assert (await dhr_client.get(url, headers=headers)).status_code == 404
        assert (await dhr_client.get("/v1/recommendations", headers=headers)).json()["items"] == []
    status = {"status": "in_progress", "on": "2024-04-01"}
    other_area = await dhr_client.post(f"{url}/status", json=status, headers=dhr_auth(area="selby"))
    assert other_area.status_code == 404
    assert (await dhr_client.post(f"{url}/status", json=status, headers=owner)).status_code == 403
    assert (await dhr_client.get(url, headers=dhr_auth("none"))).status_code == 403
    other_review = await dhr_client.post(
        f"/v1/reviews/{review['id']}/recommendations",
        json=recommendation(),
        headers=dhr_auth(area="selby"),
    )
    assert other_review.status_code == 404


async def test_themes_count_recommendations_and_training_delivered(
    dhr_client: httpx.AsyncClient, dhr_auth: Auth, dhr_app, review: dict
) -> None:
    curiosity = await make(dhr_client, dhr_auth(), review, actions=[])
    await dhr_client.post(
        f"/v1/recommendations/{curiosity['id']}/status",
        json={"status": "completed", "on": "2024-05-01", "evidence": "Audited."},
        headers=dhr_auth(),
    )
    risk = await make(dhr_client, dhr_auth(), review, theme="risk_assessment")
    await make(dhr_client, dhr_auth(), review, theme="risk_assessment", actions=[])
    body = {
        "theme": "risk_assessment",
        "area": "scarborough",
        "title": "Using the DASH risk checklist well",
        "owner_agency": "idas",
        "planned_for": "2024-06-01",
        "recommendation_id": risk["id"],
    }
    elsewhere_item = await dhr_client.post(
        "/v1/learning/training-items",
        json={**body, "area": "selby"},
        headers=dhr_auth(area="selby"),
    )
    assert elsewhere_item.status_code == 422  # another area's recommendation: not theirs
    other_area = await dhr_client.post(
        "/v1/learning/training-items", json=body, headers=dhr_auth(area="selby")
    )
    assert other_area.status_code == 404
    item = await dhr_client.post("/v1/learning/training-items", json=body, headers=dhr_auth())
    assert item.status_code == 201, item.text
    selby = dhr_auth(area="selby")
    assert (
        await dhr_client.get(f"/v1/learning/training-items/{item.json()['id']}", headers=selby)
    ).status_code == 404
    session = {"delivered_on": "2024-05-01", "attendees": {"health": 1}}
    assert (
        await dhr_client.post(
            f"/v1/learning/training-items/{item.json()['id']}/sessions", json=session, headers=selby
        )
    ).status_code == 404
    sessions_url = f"/v1/learning/training-items/{item.json()['id']}/sessions"
    for day, attendees in [
        ("2024-05-01", {"health": 12, "idas": 3}),
        ("2024-06-05", {"health": 8}),
    ]:
        delivered = await dhr_client.post(
            sessions_url, json={"delivered_on": day, "attendees": attendees}, headers=dhr_auth()
        )
        assert delivered.status_code == 201, delivered.text
    for body, pointer in [
        ({"delivered_on": "2024-12-01", "attendees": {"health": 1}}, "#/body/delivered_on"),
        ({"delivered_on": "2024-06-01", "attendees": {"nobody": 1}}, "#/body/attendees/nobody"),
        ({"delivered_on": "2024-06-01", "attendees": {"health": 0}}, "#/body/attendees"),
    ]:  # fmt: skip
        refused = await dhr_client.post(sessions_url, json=body, headers=dhr_auth())
        assert refused.status_code == 422 and pointer in [
            e["pointer"] for e in refused.json()["errors"]
        ]
    reader = dhr_auth("read", agency="idas")
    await dhr_client.post(
        f"/v1/reviews/{review['id']}/panel",
        json={"agency": "idas", "joined_on": "2024-02-20"},
        headers=dhr_auth(),
    )
    themes = (await dhr_client.get("/v1/learning/themes", headers=reader)).json()["themes"]
    assert [t["theme"] for t in themes] == [
        "training_and_communications",
        "marac_arrangements",
        "risk_assessment",
        "same_sex_relationships",
        "older_people",
        "professional_curiosity",
    ]
    by_theme = {t["theme"]: t for t in themes}
    assert by_theme["risk_assessment"]["recommendations"] == {
        "total": 2, "open": 2, "completed": 0, "not_accepted": 0, "overdue": 1, "national": 0
    }  # fmt: skip
    assert by_theme["professional_curiosity"]["recommendations"]["completed"] == 1
    [training] = by_theme["risk_assessment"]["training"]
    assert (training["attendees"], training["attendees_by_agency"]) == (
        23,
        {"health": 20, "idas": 3},
    )
    assert (len(training["sessions"]), training["last_delivered_on"]) == (2, "2024-06-05")
    elsewhere = (await dhr_client.get("/v1/learning/themes", headers=dhr_auth(area="selby"))).json()
    assert sum(t["recommendations"]["total"] for t in elsewhere["themes"]) == 0
    assert all(t["training"] == [] for t in elsewhere["themes"])
    assert (
        await dhr_client.get("/v1/learning/themes", headers=dhr_auth("none"))
    ).status_code == 403
    async with dhr_app.state.session_factory() as session:
        delivered_events = (
            await session.execute(
                select(outbox_table.c.data).where(
                    outbox_table.c.event_type == "csp.dhr.training_delivered.v1"
                )
            )
        ).all()
    assert sorted(
        (json.loads(r.data)["attendees"], json.loads(r.data)["agencies"]) for r in delivered_events
    ) == [(8, 1), (15, 2)]
