"""A review's chronology from real HTTP servers that answer the person history contract
(referral-hub's and marac's shape): merged before the death, the token and the purpose
sent, every source's answer reported, a source that fails reported unavailable."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select

from csp_common.tables import audit_table
from csp_devtools.testing.infra import UvicornServer, free_port, rolled_back
from dhr_tracker.app import create_app

TOKEN = "chronology-token"
VICTIM, SUSPECT, UNKNOWN = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
REFERRAL, ROUTE, CASE, ACTION = (uuid.uuid4() for _ in range(4))


@dataclass
class Source:
    """A stand-in for referral-hub or marac: answers what `histories` holds, the way
    `mode` says, and keeps the requests it got."""

    name: str
    histories: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    mode: str = "ok"
    requests: list[dict[str, Any]] = field(default_factory=list)
    release: asyncio.Event = field(default_factory=asyncio.Event)

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/v1/persons/{person_id}/history")
        async def history(person_id: str, request: Request) -> Response:
            self.requests.append(
                {
                    "person_id": person_id,
                    "authorization": request.headers.get("authorization"),
                    "purpose": request.headers.get("x-purpose"),
                    "before": request.query_params.get("before"),
                }
            )
            if self.mode == "fail":
                return JSONResponse({"title": "boom"}, status_code=500)
            if self.mode == "garbage":
                return Response("<html>not json</html>", media_type="text/html")
            if self.mode == "refuse":
                return JSONResponse({"title": "missing scope"}, status_code=403)
            if self.mode == "hang":
                await self.release.wait()
            if person_id not in self.histories:
                if self.name == "referral-hub":
                    return JSONResponse({"title": "Not found"}, status_code=404)
                return JSONResponse({"person_id": person_id, "source": self.name, "entries": []})
            return JSONResponse(
                {"person_id": person_id, "source": self.name, "entries": self.histories[person_id]}
            )

        return app


def entry(source: str, day: str, kind: str, record: uuid.UUID, **extra: Any) -> dict[str, Any]:
    return {
        "occurred_on": day,
        "occurred_at": extra.pop("at", None),
        "source": source,
        "kind": kind,
        "agency": extra.pop("agency", None),
        "record_id": str(record),
        "role": extra.pop("role", "victim"),
        "detail": extra.pop("detail", {}),
    }


@pytest.fixture(scope="module")
async def sources() -> AsyncIterator[dict[str, tuple[Source, str]]]:
    hub, marac = Source("referral-hub"), Source("marac")
    async with UvicornServer(hub.app()) as hub_server, UvicornServer(marac.app()) as marac_server:
        yield {"referral-hub": (hub, hub_server.url), "marac": (marac, marac_server.url)}
        hub.release.set()
        marac.release.set()


@pytest.fixture
def stubs(sources: dict[str, tuple[Source, str]]) -> dict[str, Source]:
    for source, _ in sources.values():
        source.histories.clear()
        source.requests.clear()
        source.mode = "ok"
    return {name: source for name, (source, _) in sources.items()}


@pytest.fixture(scope="module")
async def chronology_app(
    dhr_settings_factory: Callable[..., Any], sources: dict[str, tuple[Source, str]]
) -> AsyncIterator[FastAPI]:
    app = create_app(
        dhr_settings_factory(
            referral_hub_url=sources["referral-hub"][1],
            marac_url=sources["marac"][1],
            chronology_token=TOKEN,
            chronology_timeout_seconds=1,
        )
    )
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def client(chronology_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=chronology_app)
    async with (
        rolled_back(chronology_app),
        httpx.AsyncClient(transport=transport, base_url="http://dhr") as http,
    ):
        yield http


async def notify(client: httpx.AsyncClient, headers: dict[str, str], persons: list) -> dict:
    body = {
        "area": "scarborough",
        "notified_on": "2024-01-31",
        "notifying_agency": "north-yorkshire-police",
        "date_of_death": "2024-01-20",
        "circumstances": "homicide",
        "victim": {"age_band": "35_44", "gender": "female", "ethnicity": "white"},
        "person_ids": [str(person) for person in persons],
    }
    answer = await client.post("/v1/reviews", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


def chronology_url(review: dict) -> str:
    return f"/v1/reviews/{review['id']}/chronology"


async def test_the_chronology_merges_both_sources_before_the_death(
    client: httpx.AsyncClient, dhr_auth: Callable[..., dict[str, str]], stubs, chronology_app
) -> None:
    stubs["referral-hub"].histories = {
        str(VICTIM): [
            entry(
                "referral-hub",
                "2023-05-02",
                "referral_received",
                REFERRAL,
                at="2023-05-02T10:15:00Z",
                agency="north-yorkshire-police",
                detail={"risk_level": "high", "dash_score": 17},
            ),
            entry("referral-hub", "2023-05-03", "referral_routed", ROUTE, agency="idas"),
            entry("referral-hub", "2024-01-20", "provider_outcome", ROUTE),  # the day of death
        ],
        str(SUSPECT): [
            entry(
                "referral-hub",
                "2023-05-02",
                "referral_received",
                REFERRAL,
                at="2023-05-02T10:15:00Z",
                agency="north-yorkshire-police",
                role="perpetrator",
                detail={"risk_level": "high", "dash_score": 17},
            )
        ],
    }
    stubs["marac"].histories = {
        str(VICTIM): [
            entry("marac", "2023-05-02", "marac_referral_received", CASE),  # no time: first
            entry(
                "marac",
                "2023-06-01",
                "marac_action_agreed",
                ACTION,
                agency="health",
                detail={"action_kind": "safety_plan", "due_on": "2023-06-15"},
            ),
        ]
    }
    review = await notify(client, dhr_auth(), [VICTIM, SUSPECT])
    answer = await client.get(chronology_url(review), headers=dhr_auth(purpose="panel meeting"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["complete"] is True and body["before"] == "2024-01-20"
    assert [(e["occurred_on"], e["source"], e["kind"]) for e in body["entries"]] == [
        ("2023-05-02", "marac", "marac_referral_received"),
        ("2023-05-02", "referral-hub", "referral_received"),
        ("2023-05-03", "referral-hub", "referral_routed"),
        ("2023-06-01", "marac", "marac_action_agreed"),
    ]
    referral = body["entries"][1]
    assert referral["persons"] == [
        {"person_id": str(VICTIM), "role": "victim"},
        {"person_id": str(SUSPECT), "role": "perpetrator"},
    ]
    assert referral["detail"] == {"risk_level": "high", "dash_score": 17}
    assert {s["source"]: s["status"] for s in body["sources"]} == {
        "referral-hub": "answered",
        "marac": "answered",
    }
    hub_requests = stubs["referral-hub"].requests
    assert sorted(r["person_id"] for r in hub_requests) == sorted([str(VICTIM), str(SUSPECT)])
    assert {r["authorization"] for r in hub_requests} == {f"Bearer {TOKEN}"}
    assert {r["before"] for r in hub_requests + stubs["marac"].requests} == {"2024-01-20"}
    assert {r["purpose"] for r in hub_requests} == {
        f"{review['reference']} chronology: panel meeting"
    }
    async with chronology_app.state.session_factory() as session:
        audited = (
            await session.execute(
                select(audit_table.c.record_type, audit_table.c.record_id, audit_table.c.purpose)
                .where(audit_table.c.action == "chronology")
                .order_by(audit_table.c.record_type, audit_table.c.record_id)
            )
        ).all()
    assert sorted(audited) == sorted(
        [
            ("person", str(VICTIM), "panel meeting"),
            ("person", str(SUSPECT), "panel meeting"),
            ("review", review["id"], "panel meeting"),
        ]
    )


@pytest.mark.parametrize(
    ("mode", "reason"),
    [("fail", "error"), ("garbage", "invalid"), ("refuse", "refused"), ("hang", "timeout")],
)
async def test_a_source_that_fails_is_reported_unavailable(
    client: httpx.AsyncClient,
    dhr_auth: Callable[..., dict[str, str]],
    stubs,
    mode: str,
    reason: str,
) -> None:
    stubs["referral-hub"].histories = {
        str(VICTIM): [entry("referral-hub", "2023-05-02", "referral_received", REFERRAL)]
    }
    stubs["marac"].mode = mode
    review = await notify(client, dhr_auth(), [VICTIM])
    answer = await client.get(chronology_url(review), headers=dhr_auth(purpose="panel meeting"))
    stubs["marac"].release.set()
    stubs["marac"].release.clear()
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["complete"] is False
    marac = next(s for s in body["sources"] if s["source"] == "marac")
    assert (marac["status"], marac["reason"]) == ("unavailable", reason)
    assert marac["persons"] == [
        {"person_id": str(VICTIM), "status": "unavailable", "reason": reason, "entries": 0}
    ]
    assert [e["kind"] for e in body["entries"]] == ["referral_received"]


async def test_a_source_that_cannot_be_reached_and_a_person_it_does_not_know(
    dhr_settings_factory: Callable[..., Any],
    dhr_auth: Callable[..., dict[str, str]],
    sources: dict[str, tuple[Source, str]],
    stubs,
) -> None:
    app = create_app(
        dhr_settings_factory(
            referral_hub_url=sources["referral-hub"][1],
            marac_url=f"http://127.0.0.1:{free_port()}",  # nothing listens there
            chronology_token=TOKEN,
        )
    )
    async with (
        app.router.lifespan_context(app),
        rolled_back(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://dhr") as http,
    ):
        review = await notify(http, dhr_auth(), [UNKNOWN])
        body = (await http.get(chronology_url(review), headers=dhr_auth(purpose="scoping"))).json()
    hub, marac = body["sources"]
    assert hub["status"] == "answered"
    assert hub["persons"] == [
        {"person_id": str(UNKNOWN), "status": "not_found", "reason": None, "entries": 0}
    ]
    assert (marac["status"], marac["reason"]) == ("unavailable", "unreachable")
    assert body["entries"] == [] and body["complete"] is False


async def test_without_a_token_every_source_is_unavailable(
    dhr_client: httpx.AsyncClient, dhr_auth: Callable[..., dict[str, str]]
) -> None:
    review = await notify(dhr_client, dhr_auth(), [VICTIM])
    body = (
        await dhr_client.get(chronology_url(review), headers=dhr_auth(purpose="scoping"))
    ).json()
    assert [(s["source"], s["status"], s["reason"]) for s in body["sources"]] == [
        ("referral-hub", "unavailable", "not_configured"),
        ("marac", "unavailable", "not_configured"),
    ]


async def test_a_review_without_people_asks_nobody(
    client: httpx.AsyncClient, dhr_auth: Callable[..., dict[str, str]], stubs
) -> None:
    review = await notify(client, dhr_auth(), [])
    body = (await client.get(chronology_url(review), headers=dhr_auth(purpose="scoping"))).json()
    assert [s["status"] for s in body["sources"]] == ["not_asked", "not_asked"]
    assert body["complete"] is True and body["entries"] == []
    assert stubs["referral-hub"].requests == [] and stubs["marac"].requests == []


async def test_who_may_read_the_chronology(
    client: httpx.AsyncClient, dhr_auth: Callable[..., dict[str, str]], stubs
) -> None:
    review = await notify(client, dhr_auth(), [VICTIM])
    url = chronology_url(review)
    panel = await client.post(
        f"/v1/reviews/{review['id']}/panel",
        json={"agency": "idas", "joined_on": "2024-02-01"},
        headers=dhr_auth(),
    )
    assert panel.status_code == 201
    no_purpose = await client.get(url, headers=dhr_auth())
    assert no_purpose.status_code == 422
    assert no_purpose.headers["content-type"].startswith("application/problem+json")
    assert no_purpose.json()["errors"][0]["pointer"] == "#/header/X-Purpose"
    other_area = dhr_auth(area="selby", purpose="scoping")
    assert (await client.get(url, headers=other_area)).status_code == 404
    unknown = f"/v1/reviews/{uuid.uuid4()}/chronology"
    assert (await client.get(unknown, headers=dhr_auth(purpose="scoping"))).status_code == 404
    panel_member = dhr_auth("read", agency="idas", purpose="scoping")
    assert (await client.get(url, headers=panel_member)).status_code == 403
    assert (await client.get(url, headers=dhr_auth("none", purpose="x y z"))).status_code == 403
    assert stubs["referral-hub"].requests == []  # nobody refused reached a source
