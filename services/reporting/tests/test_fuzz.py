"""Fuzz every operation of the OpenAPI document: no input may produce a 500."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from csp_devtools.testing.infra import openapi_document, server_in_thread
from reporting.app import create_app
from reporting.settings import ReportingSettings


@pytest.fixture(scope="module")
def reporting_fuzz_url(
    reporting_settings_factory: Callable[..., ReportingSettings], reporting_server
) -> Iterator[str]:
    """reporting in its own thread (schemathesis calls it synchronously), without Kafka."""
    settings = reporting_settings_factory(
        kafka_enabled=False, dashboard_public_url="https://reporting.example.org"
    )
    with server_in_thread(create_app(settings)) as url:
        yield url


# Starting rebuilds at random would swap the read models under the other tests.
schema = schemathesis.openapi.from_dict(openapi_document(create_app, ReportingSettings)).exclude(
    path="/v1/admin/rebuilds", method="POST"
)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_input_produces_a_server_error(
    case: Any, reporting_fuzz_url: str, mint: Callable[..., str]
) -> None:
    token = mint(agency="pfcc", scopes=["reports:read", "admin"])
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
    response = case.call(base_url=reporting_fuzz_url, timeout=60)
    case.validate_response(response, checks=[not_a_server_error])
