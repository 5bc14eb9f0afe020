"""Fixtures for referral-hub's tests: a PostgreSQL database per session, the app, tokens,
and factories of request bodies."""

import base64
import copy
import json
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from csp_devtools.testing.infra import Broker, create_database, drop_database, rolled_back
from referral_hub.app import create_app
from referral_hub.domain.schemas import DASH_KEYS, REFERRAL_EXAMPLE
from referral_hub.settings import ReferralHubSettings

sys.path.insert(0, str(Path(__file__).parent))  # test modules import hub_strategies

POLICE = "north-yorkshire-police"
COUNCIL = "north-yorkshire-council"


@pytest.fixture(scope="session")
async def hub_database_url() -> AsyncIterator[str]:
    url = await create_database("csp_hub")
    yield url
    await drop_database(url)


@pytest.fixture(scope="session")
def hub_settings_factory(
    hub_database_url: str, broker: Broker, signing_keys: tuple[Path, Path]
) -> Callable[..., ReferralHubSettings]:
    def factory(**overrides: Any) -> ReferralHubSettings:
        values: dict[str, Any] = {
            "database_url": hub_database_url,
            "kafka_bootstrap_servers": broker.bootstrap_servers,
            "auth_public_key_file": signing_keys[1],
            "outbox_poll_interval_seconds": 0.2,
            "person_key_secret": "test-secret",
        }
        values.update(overrides)
        return ReferralHubSettings(**values)

    return factory


@pytest.fixture(scope="session")
async def hub_app(
    hub_settings_factory: Callable[..., ReferralHubSettings],
) -> AsyncIterator[FastAPI]:
    """referral-hub in process, without Kafka (HTTP-level tests roll back per test)."""
    app = create_app(hub_settings_factory(kafka_enabled=False))
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def hub_client(hub_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with rolled_back(hub_app):
        transport = httpx.ASGITransport(app=hub_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as client:
            yield client


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


def referral_body(*, yes: int = 0, **overrides: Any) -> dict[str, Any]:
    """A valid POST /v1/referrals body with `yes` "yes" answers (the rest "no").

    Overrides replace top-level keys; `victim`/`perpetrator`/`dash` dicts are merged.
    """
    body = copy.deepcopy(REFERRAL_EXAMPLE)
    body["dash"]["answers"] = {k: ("yes" if i < yes else "no") for i, k in enumerate(DASH_KEYS)}
    body["services_requested"] = []
    for key, value in overrides.items():
        if key in {"victim", "perpetrator", "dash"} and isinstance(value, dict):
            body[key] = {**(body.get(key) or {}), **value}
        else:
            body[key] = value
    return body


@pytest.fixture
def make_referral() -> Callable[..., dict[str, Any]]:
    return referral_body


FORGED_POSITIONS: list[object] = [
    10**30,
    -(10**30),
    2**31,
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01",
    "9999-12-31",
    1e308,
    -1,
    1.5,
    True,
    None,
    [[[[1]]]],
    {"a": 1},
    "2024-01-01T00:00:00Z",
]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.fixture
def forged_cursors() -> Callable[[str], list[str]]:
    """forged_cursors(signed_sort): cursors no list gave out, in the lists' own format
    ([signed sort, value, id] as base64url JSON): out-of-range numbers and dates, wrong
    types and shapes, a forged id, bytes that are not base64, JSON or UTF-8."""

    def cursors(signed_sort: str) -> list[str]:
        some_id = "7f0c3c1e-8f9a-4a55-9a49-1d1f5f3f7b10"
        forged = [
            _b64(json.dumps([signed_sort, value, some_id]).encode()) for value in FORGED_POSITIONS
        ]
        return [
            *forged,
            _b64(json.dumps([signed_sort, "2024-01-01T00:00:00Z", 10**40]).encode()),
            _b64(json.dumps([signed_sort, "2024-01-01T00:00:00Z", "not-an-id"]).encode()),
            _b64(json.dumps(["-other", "2024-01-01T00:00:00Z", some_id]).encode()),
            _b64(f'["{signed_sort}", 1e999, "{some_id}"]'.encode()),
            _b64(f'["{signed_sort}", NaN, "{some_id}"]'.encode()),
            _b64(b"[" * 300),
            _b64(b"\xff\xfe"),
            "!!!",
            "bm9wZQ",
        ]

    return cursors
