"""Fuzz every operation of the OpenAPI document: no input may produce a 500."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from csp_devtools.testing.infra import openapi_document, server_in_thread
from referral_hub.app import create_app
from referral_hub.settings import ReferralHubSettings

ALL_SCOPES = [
    "referrals:write",
    "referrals:read",
    "referrals:import",
    "provider:feedback",
    "hate-reports:write",
    "persons:review",
    "persons:sar",
    "audit:read",
    "marac:coordinate",
]


@pytest.fixture(scope="module")
def hub_server_url(hub_settings_factory: Callable[..., Any]) -> Iterator[str]:
    """referral-hub as a real server in its own thread (schemathesis calls it synchronously)."""
    with server_in_thread(create_app(hub_settings_factory(kafka_enabled=False))) as url:
        yield url


schema = schemathesis.openapi.from_dict(openapi_document(create_app, ReferralHubSettings))


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_input_produces_a_server_error(
    case: Any, hub_server_url: str, mint: Callable[..., str]
) -> None:
    token = mint(agency="north-yorkshire-police", scopes=ALL_SCOPES, area="york")
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
    response = case.call(base_url=hub_server_url, timeout=30)
    case.validate_response(response, checks=[not_a_server_error])
