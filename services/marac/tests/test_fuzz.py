"""Fuzz every operation of the OpenAPI document: no input may produce a 500."""

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from csp_devtools.testing.infra import (
    create_database,
    drop_database,
    openapi_document,
    server_in_thread,
)
from marac.app import create_app
from marac.settings import MaracSettings

SCOPES = ["marac:coordinate", "marac:research", "marac:refer", "marac:import", "admin"]


@pytest.fixture(scope="module")
def marac_fuzz_url(signing_keys: tuple[Path, Path]) -> Iterator[str]:
    """marac on a database of its own, as a real server in a thread (schemathesis is sync)."""
    url = asyncio.run(create_database("csp_marac_fuzz"))
    app = create_app(
        MaracSettings(database_url=url, kafka_enabled=False, auth_public_key_file=signing_keys[1])
    )
    with server_in_thread(app) as server_url:
        yield server_url
    asyncio.run(drop_database(url))


@schemathesis.serializer("application/x-ndjson", "text/csv")
def _as_text(context: Any, value: Any) -> bytes:
    """Import files: an example is already text; anything else is sent as its JSON."""
    import json

    return value.encode() if isinstance(value, str) else json.dumps(value, default=str).encode()


schema = schemathesis.openapi.from_dict(openapi_document(create_app, MaracSettings))


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_input_produces_a_server_error(
    case: Any, marac_fuzz_url: str, mint: Callable[..., str]
) -> None:
    token = mint(agency="north-yorkshire-police", scopes=SCOPES)
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
    response = case.call(base_url=marac_fuzz_url, timeout=30)
    case.validate_response(response, checks=[not_a_server_error])
