"""Fixtures for referral-hub's tests: a PostgreSQL database per session, the app, tokens,
and factories of request bodies."""

from collections.abc import Callable
from typing import Any

import pytest

from csp_devtools.kits.referral_hub import referral_body
from csp_devtools.testing.service import service_fixtures
from referral_hub.app import create_app
from referral_hub.settings import ReferralHubSettings

POLICE = "north-yorkshire-police"

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
