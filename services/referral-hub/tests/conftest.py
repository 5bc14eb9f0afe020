"""Fixtures for referral-hub's tests: a PostgreSQL database per session, the app, tokens,
factories of request bodies, a fixed clock for validation, and the provider tests' own
database (so other suites' committed rows never show up in an inbox) with an app and a
client rolled back per test and a referral routed to providers."""

import copy
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from csp_devtools.kits.referral_hub import referral_body
from csp_devtools.testing.idempotency import KEYED_POSTS
from csp_devtools.testing.infra import create_database, drop_database, rolled_back
from csp_devtools.testing.service import service_fixtures
from referral_hub.app import create_app
from referral_hub.referral.schemas import DASH_KEYS, REFERRAL_EXAMPLE
from referral_hub.settings import ReferralHubSettings

POLICE = "north-yorkshire-police"
IDAS = "idas"
FEEDBACK_SCOPE = "provider:feedback"
TODAY = date(2026, 11, 21)
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)

# hub_app runs without Kafka (HTTP-level tests roll back per test)
globals().update(
    service_fixtures(
        "hub",
        create_app=create_app,
        settings=ReferralHubSettings,
        defaults={"person_key_secret": "test-secret"},
        app_settings={"kafka_enabled": False},
    )
)


@pytest.fixture
def hub_headers(auth_header: Callable[..., dict[str, str]]) -> Callable[..., dict[str, str]]:
    """hub_headers(agency=POLICE, scopes=[...], area=None) -> Authorization header."""

    def headers(
        agency: str = POLICE,
        scopes: tuple[str, ...] | list[str] = ("referrals:write", "referrals:read"),
        **claims: Any,
    ) -> dict[str, str]:
        return auth_header(agency=agency, scopes=list(scopes), **claims)

    return headers


@pytest.fixture
def make_referral() -> Callable[..., dict[str, Any]]:
    return referral_body


# --- validation ----------------------------------------------------------------------


@pytest.fixture
def context() -> dict[str, Any]:
    """A fixed clock for validation."""
    return {"today": TODAY, "now": NOW}


@pytest.fixture
def referral_data() -> dict[str, Any]:
    """A valid POST /v1/referrals body (a deep copy of the OpenAPI example)."""
    return copy.deepcopy(REFERRAL_EXAMPLE)


@pytest.fixture
def make_answers() -> Callable[..., dict[str, str]]:
    """Build DASH answers with `yes` "yes" answers (questions 1..yes), the rest `other`."""

    def build(yes: int, other: str = "no", **overrides: str) -> dict[str, str]:
        answers = {key: ("yes" if int(key) <= yes else other) for key in DASH_KEYS}
        answers.update({key.removeprefix("q"): value for key, value in overrides.items()})
        return answers

    return build


# --- providers -----------------------------------------------------------------------


@pytest.fixture(scope="session")
async def provider_database_url() -> AsyncIterator[str]:
    url = await create_database("csp_hub_providers")
    yield url
    await drop_database(url)


@pytest.fixture(scope="session")
async def provider_app(
    hub_settings_factory: Callable[..., ReferralHubSettings], provider_database_url: str
) -> AsyncIterator[FastAPI]:
    """referral-hub in process on the provider tests' database, without Kafka or webhooks."""
    app = create_app(hub_settings_factory(database_url=provider_database_url, kafka_enabled=False))
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def client(provider_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with rolled_back(provider_app):
        transport = httpx.ASGITransport(app=provider_app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://hub", event_hooks=KEYED_POSTS
        ) as client:
            yield client


@pytest.fixture
def provider_headers(
    hub_headers: Callable[..., dict[str, str]],
) -> Callable[..., dict[str, str]]:
    """provider_headers(agency=IDAS, scopes=("provider:feedback",)) -> Authorization."""

    def headers(
        agency: str = IDAS, scopes: tuple[str, ...] = (FEEDBACK_SCOPE,), **claims: Any
    ) -> dict[str, str]:
        return hub_headers(agency=agency, scopes=scopes, **claims)

    return headers


@pytest.fixture
def refer(
    hub_headers: Callable[..., dict[str, str]], make_referral: Callable[..., dict[str, Any]]
) -> Callable[..., Any]:
    """await refer(client, services=[...], **body overrides) -> the referral (201 body).

    The default asks for IDAS community support; a standard risk ex-partner perpetrator
    also routes +Choices (Foundation).
    """

    async def post(
        client: httpx.AsyncClient,
        *,
        services: tuple[str, ...] = ("idas_community_support",),
        **overrides: Any,
    ) -> dict[str, Any]:
        body = make_referral(services_requested=list(services), **overrides)
        response = await client.post("/v1/referrals", json=body, headers=hub_headers())
        assert response.status_code == 201, response.text
        return response.json()

    return post


def route_to(referral: dict[str, Any], provider: str, service: str | None = None) -> str:
    """The id of the referral's route to `provider` (and `service`)."""
    for route in referral["routes"]:
        if route["provider"] == provider and service in (None, route["service"]):
            return str(route["id"])
    raise AssertionError(f"no route to {provider} {service or ''}")


@pytest.fixture
def route_of() -> Callable[..., str]:
    return route_to
