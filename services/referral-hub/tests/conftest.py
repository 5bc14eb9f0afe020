"""Fixtures for referral-hub's tests: a PostgreSQL database per session, the app, tokens,
and factories of request bodies."""

import base64
import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from csp_devtools.testing.service import service_fixtures
from referral_hub.app import create_app
from referral_hub.referral.schemas import DASH_KEYS, REFERRAL_EXAMPLE
from referral_hub.settings import ReferralHubSettings

POLICE = "north-yorkshire-police"
COUNCIL = "north-yorkshire-council"

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
