"""Fuzz every operation of the OpenAPI document: no input may produce a 500."""

import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from csp_common.keys import generate_key_pair
from csp_common.testing.infra import free_port
from reporting.app import create_app
from reporting.settings import ReportingSettings


@pytest.fixture(scope="module")
def reporting_fuzz_url(
    reporting_settings_factory: Callable[..., ReportingSettings], reporting_server
) -> Iterator[str]:
    """reporting in its own thread (schemathesis calls it synchronously), without Kafka."""
    app = create_app(reporting_settings_factory(kafka_enabled=False))
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "reporting did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{server.config.port}"
    server.should_exit = True
    thread.join(timeout=10)


def _openapi_document() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as keys:
        _, public_key = generate_key_pair(Path(keys))
        app = create_app(ReportingSettings(auth_public_key_file=public_key, kafka_enabled=False))
        return app.openapi()


# Starting rebuilds at random would swap the read models under the other tests.
schema = schemathesis.openapi.from_dict(_openapi_document()).exclude(
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
