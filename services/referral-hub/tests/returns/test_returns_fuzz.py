"""Fuzz the returns' operations as a provider (the suite's fuzz test calls them as a police
force without the scope, refused 403): whatever IDAS sends, no 500."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from csp_devtools.testing.infra import openapi_document, server_in_thread
from referral_hub.app import create_app
from referral_hub.settings import ReferralHubSettings


@pytest.fixture(scope="module")
def returns_server_url(hub_settings_factory: Callable[..., Any]) -> Iterator[str]:
    with server_in_thread(create_app(hub_settings_factory(kafka_enabled=False))) as url:
        yield url


schema = schemathesis.openapi.from_dict(openapi_document(create_app, ReferralHubSettings)).include(
    path_regex="/returns"
)


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_return_produces_a_server_error(
    case: Any, returns_server_url: str, mint: Callable[..., str]
) -> None:
    token = mint(agency="idas", scopes=["provider:returns"])
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
    if "provider" in (case.path_parameters or {}):
        case.path_parameters["provider"] = "idas"
    response = case.call(base_url=returns_server_url, timeout=30)
    case.validate_response(response, checks=[not_a_server_error])
