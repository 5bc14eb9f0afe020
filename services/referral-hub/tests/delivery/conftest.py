"""Fixtures of the webhook delivery tests: real servers (referral-hub and the provider
simulators) on a fresh database per test."""

import base64
import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from csp_devtools.simulators.app import WEBHOOK_PATH, create_simulator_app
from csp_devtools.simulators.settings import SimulatorSettings
from csp_devtools.testing.infra import UvicornServer, create_database, drop_database, free_port
from referral_hub.app import create_app
from referral_hub.settings import ReferralHubSettings

IDAS = "idas"
FOUNDATION = "foundation"
WEBHOOK_SECRETS = {
    IDAS: "whsec_" + base64.b64encode(b"idas-test-webhook-secret-0123456789").decode(),
    FOUNDATION: "whsec_" + base64.b64encode(b"foundation-test-webhook-secret-0123").decode(),
}


@pytest.fixture
async def webhook_database_url() -> AsyncIterator[str]:
    """A fresh database per test: pending deliveries of one test never reach another's
    simulator."""
    url = await create_database("csp_hub_webhooks")
    yield url
    await drop_database(url)


@pytest.fixture
def simulator_settings(signing_keys: tuple[Path, Path]) -> Callable[..., SimulatorSettings]:
    def make(provider: str = IDAS, **overrides: Any) -> SimulatorSettings:
        values: dict[str, Any] = {
            "provider": provider,
            "webhook_secret": WEBHOOK_SECRETS[provider],
            "private_key_file": signing_keys[0],
            "feedback_delay_seconds": 0.05,
            "engaged_delay_seconds": 0.1,
        }
        values.update(overrides)
        return SimulatorSettings(**values)

    return make


@pytest.fixture
async def servers() -> AsyncIterator[Callable[..., Any]]:
    """await start(app, port=None) -> a running UvicornServer, stopped after the test."""
    async with contextlib.AsyncExitStack() as stack:

        async def start(app: FastAPI, *, port: int | None = None) -> UvicornServer:
            server = UvicornServer(app, port=port)
            await server.start()
            stack.push_async_callback(server.stop)
            return server

        yield start


@pytest.fixture
def webhook_hub_settings(
    hub_settings_factory: Callable[..., ReferralHubSettings], webhook_database_url: str
) -> Callable[..., ReferralHubSettings]:
    """Settings of a referral-hub delivering to simulators at `simulator_urls`."""

    def make(*, simulator_urls: dict[str, str], **overrides: Any) -> ReferralHubSettings:
        values: dict[str, Any] = {
            "database_url": webhook_database_url,
            "kafka_enabled": False,
            "webhook_urls": {p: url + WEBHOOK_PATH for p, url in simulator_urls.items()},
            "webhook_secrets": {p: WEBHOOK_SECRETS[p] for p in simulator_urls},
            "webhook_initial_backoff_seconds": 0.2,
            "webhook_max_backoff_seconds": 2.0,
            "webhook_timeout_seconds": 3.0,
        }
        values.update(overrides)
        return hub_settings_factory(**values)

    return make


@pytest.fixture
def start_simulator(
    servers: Callable[..., Any], simulator_settings: Callable[..., SimulatorSettings]
) -> Callable[..., Any]:
    """await start_simulator(provider, **settings) -> (server, app)."""

    async def start(provider: str = IDAS, **overrides: Any) -> tuple[UvicornServer, FastAPI]:
        app = create_simulator_app(simulator_settings(provider, **overrides))
        return await servers(app), app

    return start


@pytest.fixture
def start_hub(servers: Callable[..., Any]) -> Callable[..., Any]:
    """await start_hub(settings, port=None) -> a referral-hub server (with its dispatcher)."""

    async def start(settings: ReferralHubSettings, *, port: int | None = None) -> UvicornServer:
        return await servers(create_app(settings), port=port or free_port())

    return start
