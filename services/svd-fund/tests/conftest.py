"""svd-fund's test fixtures: one PostgreSQL database and one app per session, each test
rolled back (`fund_client`); tests of concurrency use `fund_http` directly, over their
own committed rows. Request bodies come from `fund_api` (a fixture, so no test module
imports another)."""

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from csp_devtools.testing.infra import Broker, create_database, drop_database, rolled_back
from svd_fund.app import create_app
from svd_fund.settings import SvdSettings


@pytest.fixture(scope="session")
async def fund_database_url() -> AsyncIterator[str]:
    url = await create_database("csp_svd")
    yield url
    await drop_database(url)


@pytest.fixture(scope="session")
def fund_settings_factory(
    fund_database_url: str, broker: Broker, signing_keys: tuple[Path, Path]
) -> Callable[..., SvdSettings]:
    def factory(**overrides: Any) -> SvdSettings:
        values: dict[str, Any] = {
            "database_url": fund_database_url,
            "kafka_bootstrap_servers": broker.bootstrap_servers,
            "auth_public_key_file": signing_keys[1],
            "outbox_poll_interval_seconds": 0.2,
            "round_scheduler_enabled": False,
        }
        values.update(overrides)
        return SvdSettings(**values)

    return factory


@pytest.fixture(scope="session")
async def fund_app(fund_settings_factory: Callable[..., SvdSettings]) -> AsyncIterator[FastAPI]:
    app = create_app(fund_settings_factory())
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture(scope="session")
async def fund_http(fund_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=fund_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://svd") as client:
        yield client


@pytest.fixture(scope="module")
async def committed_fund(
    fund_settings_factory: Callable[..., SvdSettings],
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """An app on a database of the test module's own, its requests committed: for
    concurrent requests and background import jobs."""
    url = await create_database("csp_svd_module")
    app = create_app(fund_settings_factory(database_url=url, database_pool_size=5))
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://svd") as client:
                yield app, client
    finally:
        await drop_database(url)


@pytest.fixture
async def fund_client(
    fund_app: FastAPI, fund_http: httpx.AsyncClient
) -> AsyncIterator[httpx.AsyncClient]:
    """The app over HTTP, each test rolled back (sequential requests only)."""
    async with rolled_back(fund_app):
        yield fund_http


ROLES = {
    "manage": ["fund:manage"],
    "apply": ["fund:apply"],
    "assess": ["fund:assess"],
    "reports": ["reports:read"],
    "none": ["dhr:read"],
}


@pytest.fixture
def fund_auth(auth_header: Callable[..., dict[str, str]]) -> Callable[..., dict[str, str]]:
    """Headers for a caller: fund_auth("manage"), fund_auth("apply", agency="youth-trust"),
    fund_auth("assess", subject="assessor-1"); `occurred_at` records history: the token
    has fund:history too, and the write is dated by X-Occurred-At."""

    def headers(
        role: str = "manage",
        *,
        agency: str | None = None,
        subject: str | None = None,
        history: bool = False,
        occurred_at: str | None = None,
    ) -> dict[str, str]:
        default_agency = {"apply": "youth-trust", "assess": "pfcc"}.get(role, "pfcc")
        scopes = ROLES[role] + (["fund:history"] if history or occurred_at else [])
        found = auth_header(agency=agency or default_agency, scopes=scopes, subject=subject)
        return found | ({"X-Occurred-At": occurred_at} if occurred_at else {})

    return headers


# --- request bodies --------------------------------------------------------------------


def a_round(**changes: Any) -> dict[str, Any]:
    """A round open now (from a week ago to a week ahead, as UTC offsets)."""
    now = datetime.now(UTC)
    body: dict[str, Any] = {
        "name": "Prevention and Early Identification Fund 2023/24",
        "budget": "100000.00",
        "opens_at": (now - timedelta(days=7)).isoformat(),
        "closes_at": (now + timedelta(days=7)).isoformat(),
    }
    body.update(changes)
    return body


def a_bid(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Knife crime awareness in Scarborough schools",
        "summary": "Workshops for years 8 and 9 on the consequences of carrying a knife.",
        "amount": "12000.00",
        "budget_lines": [
            {"kind": "labour", "item": "Youth workers", "amount": "9000.00"},
            {"kind": "non_labour", "item": "Materials and venues", "amount": "3000.00"},
        ],
        "priorities": ["children-young-people", "weapons"],
        "activity_types": ["awareness-education-young-people"],
        "areas": ["scarborough"],
        "planned_start": "2024-04-01",
        "planned_end": "2025-03-31",
        "outputs": [
            {"measure": "sessions", "target": 40},
            {"measure": "participants", "age_band": "under_16", "target": 600},
        ],
        "outcomes": [
            {
                "priority": "weapons",
                "measure": "Pupils who say carrying a knife makes them less safe",
                "target": "80% after the workshop",
            }
        ],
        "answers": {
            "not-for-profit": True,
            "delivers-locally": True,
            "safeguarding-policy": True,
            "statutory-duty": False,
        },
    }
    body.update(changes)
    return body


def an_organisation(**changes: Any) -> dict[str, Any]:
    body = {"org_id": "GB-CHC-1234567", "name": "Scarborough Youth Trust", "kind": "charity"}
    body.update(changes)
    return body


def all_scores(value: int) -> dict[str, int]:
    return {"need": value, "delivery": value, "outcomes": value, "value": value}


class FundApi:
    """Requests a test makes often, with the fields it does not care about filled in."""

    a_round = staticmethod(a_round)
    all_scores = staticmethod(all_scores)
    a_bid = staticmethod(a_bid)
    an_organisation = staticmethod(an_organisation)

    def __init__(self, client: httpx.AsyncClient, auth: Callable[..., dict[str, str]]) -> None:
        self.client = client
        self.auth = auth

    async def create_round(
        self, *, headers: dict[str, str] | None = None, **changes: Any
    ) -> dict[str, Any]:
        answer = await self.client.post(
            "/v1/rounds", json=a_round(**changes), headers=headers or self.auth("manage")
        )
        assert answer.status_code == 201, answer.text
        return answer.json()

    async def register(self, agency: str = "youth-trust", **changes: Any) -> dict[str, Any]:
        answer = await self.client.post(
            "/v1/organisations",
            json=an_organisation(**changes),
            headers=self.auth("apply", agency=agency),
        )
        assert answer.status_code == 201, answer.text
        return answer.json()

    async def draft(
        self, round_id: str, *, agency: str = "youth-trust", **changes: Any
    ) -> dict[str, Any]:
        answer = await self.client.post(
            f"/v1/rounds/{round_id}/bids",
            json=a_bid(**changes),
            headers=self.auth("apply", agency=agency),
        )
        assert answer.status_code == 201, answer.text
        return answer.json()

    async def submit(self, bid_id: str, *, agency: str = "youth-trust") -> httpx.Response:
        return await self.client.post(
            f"/v1/bids/{bid_id}/submission", headers=self.auth("apply", agency=agency)
        )

    async def submitted_bid(
        self, round_id: str, *, agency: str = "youth-trust", **changes: Any
    ) -> dict[str, Any]:
        bid = await self.draft(round_id, agency=agency, **changes)
        answer = await self.submit(bid["id"], agency=agency)
        assert answer.status_code == 200, answer.text
        return answer.json()

    async def assign(self, bid_id: str, assessor: str) -> dict[str, Any]:
        answer = await self.client.post(
            f"/v1/bids/{bid_id}/assignments",
            json={"assessor": assessor},
            headers=self.auth("manage"),
        )
        assert answer.status_code == 201, answer.text
        return answer.json()

    async def declare(
        self, assignment_id: str, assessor: str, *, conflict: bool = False
    ) -> httpx.Response:
        body: dict[str, Any] = {"conflict": conflict}
        if conflict:
            body["reason"] = "I am a trustee of the applicant."
        return await self.client.post(
            f"/v1/assignments/{assignment_id}/declaration",
            json=body,
            headers=self.auth("assess", subject=assessor),
        )

    async def score(
        self, assignment_id: str, assessor: str, scores: dict[str, int]
    ) -> httpx.Response:
        body = {
            "scores": [
                {"criterion": code, "score": value, "comment": f"{code}: scored {value}"}
                for code, value in scores.items()
            ]
        }
        return await self.client.post(
            f"/v1/assignments/{assignment_id}/scores",
            json=body,
            headers=self.auth("assess", subject=assessor),
        )

    async def assessed_bid(
        self,
        round_id: str,
        scores: list[dict[str, int]],
        *,
        agency: str = "youth-trust",
        **bid: Any,
    ) -> dict[str, Any]:
        """A bid submitted and scored by one assessor per entry of `scores`."""
        submitted = await self.submitted_bid(round_id, agency=agency, **bid)
        for number, given in enumerate(scores, start=1):
            assessor = f"assessor-{number}"
            assignment = await self.assign(submitted["id"], assessor)
            assert (await self.declare(assignment["id"], assessor)).status_code == 200
            answer = await self.score(assignment["id"], assessor, given)
            assert answer.status_code == 200, answer.text
        return submitted

    async def award(
        self, bid_id: str, *, headers: dict[str, str] | None = None, **changes: Any
    ) -> httpx.Response:
        body = {"decision": "award", "reasons": "Meets the priorities.", **changes}
        return await self.client.post(
            f"/v1/bids/{bid_id}/decision", json=body, headers=headers or self.auth("manage")
        )

    async def granted(
        self, round_id: str, *, agency: str = "youth-trust", **bid: Any
    ) -> dict[str, Any]:
        """A bid assessed by one assessor (the round takes one) and awarded: the grant."""
        assessed = await self.assessed_bid(round_id, [all_scores(4)], agency=agency, **bid)
        answer = await self.award(assessed["id"])
        assert answer.status_code == 200, answer.text
        return answer.json()["grant"]


@pytest.fixture
def fund_api(fund_client: httpx.AsyncClient, fund_auth: Callable[..., dict[str, str]]) -> FundApi:
    return FundApi(fund_client, fund_auth)
