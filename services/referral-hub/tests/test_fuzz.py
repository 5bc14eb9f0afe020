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
from referral_hub.app import create_app
from referral_hub.settings import ReferralHubSettings

ALL_SCOPES = [
    "referrals:write",
    "referrals:read",
    "referrals:import",
    "provider:feedback",
    "hate-reports:write",
    "persons:review",
    "marac:coordinate",
]


@pytest.fixture(scope="module")
def hub_server_url(hub_settings_factory: Callable[..., Any]) -> Iterator[str]:
    """referral-hub as a real server in its own thread (schemathesis calls it synchronously)."""
    app = create_app(hub_settings_factory(kafka_enabled=False))
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "referral-hub did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{server.config.port}"
    server.should_exit = True
    thread.join(timeout=10)


def _openapi_document() -> dict[str, Any]:
    """The document as the app serves it (building it needs no database)."""
    with tempfile.TemporaryDirectory() as keys:
        _, public_key = generate_key_pair(Path(keys))
        app = create_app(ReferralHubSettings(auth_public_key_file=public_key, kafka_enabled=False))
        return app.openapi()


schema = schemathesis.openapi.from_dict(_openapi_document())


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
    token = mint(agency="fuzz-agency", scopes=ALL_SCOPES, area="york")
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
    response = case.call(base_url=hub_server_url, timeout=30)
    case.validate_response(response, checks=[not_a_server_error])
