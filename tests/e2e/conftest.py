"""What the end-to-end tests share: referral-hub and reporting, or the whole platform
(referral-hub, marac, dhr-tracker and reporting), as real servers on a broker and
databases of their own."""

import asyncio
import base64
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from csp_devtools.testing.infra import Broker, UvicornServer, create_database, drop_database
from csp_devtools.testing.service import suite_broker
from dhr_tracker.app import create_app as create_dhr
from dhr_tracker.settings import DhrSettings
from marac.app import create_app as create_marac
from marac.settings import MaracSettings
from referral_hub.app import create_app as create_hub
from referral_hub.settings import ReferralHubSettings
from reporting.app import create_app as create_reporting
from reporting.settings import ReportingSettings

broker = suite_broker()

HubAndReporting = Callable[[str], AbstractAsyncContextManager[dict[str, str]]]


@pytest.fixture(scope="module")
def hub_and_reporting_servers(signing_keys: tuple[Path, Path]) -> HubAndReporting:
    """`async with hub_and_reporting_servers("name") as urls`: each service's URL by name."""

    @asynccontextmanager
    async def start(name: str) -> AsyncIterator[dict[str, str]]:
        broker = Broker().start()
        hub_db = await create_database(f"csp_e2e_{name}_hub")
        reporting_db = await create_database(f"csp_e2e_{name}_reporting")
        common: dict[str, Any] = {
            "kafka_bootstrap_servers": broker.bootstrap_servers,
            "auth_public_key_file": signing_keys[1],
            "outbox_poll_interval_seconds": 0.2,
        }
        hub = create_hub(
            ReferralHubSettings(database_url=hub_db, person_key_secret="e2e", **common)
        )
        reporting = create_reporting(
            ReportingSettings(
                database_url=reporting_db,
                consumer_group=f"reporting-{name}-e2e",
                dashboard_secret="e2e-dashboard-secret-0123456789",
                **common,
            )
        )
        try:
            async with (
                UvicornServer(hub) as hub_server,
                UvicornServer(reporting) as reporting_server,
            ):
                yield {"referral-hub": hub_server.url, "reporting": reporting_server.url}
        finally:
            for database in (hub_db, reporting_db):
                await drop_database(database)
            broker.stop()

    return start


class LogCapture(logging.Handler):
    """Every log line the services emit, formatted as their own handler writes it (JSON,
    with the extra fields and any traceback), from every logger, those that do not
    propagate to the root included."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.lines: list[str] = []
        self._loggers: list[logging.Logger] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    def install(self) -> None:
        root = logging.getLogger()
        if root.handlers:  # the services' JSON handler (csp_common.observability)
            self.setFormatter(root.handlers[0].formatter)
            for log_filter in root.handlers[0].filters:
                self.addFilter(log_filter)
        apart = [
            logger
            for logger in logging.root.manager.loggerDict.values()
            if isinstance(logger, logging.Logger) and not logger.propagate
        ]
        self._loggers = [root, *apart]
        for logger in self._loggers:
            logger.addHandler(self)

    def remove(self) -> None:
        for logger in self._loggers:
            logger.removeHandler(self)


@dataclass(frozen=True)
class Platform:
    urls: dict[str, str]
    apps: dict[str, FastAPI]
    logs: LogCapture


PlatformServers = Callable[..., AbstractAsyncContextManager[Platform]]


@pytest.fixture(scope="module")
def platform_servers(signing_keys: tuple[Path, Path]) -> PlatformServers:
    """`async with platform_servers("name") as platform`: referral-hub, marac, dhr-tracker
    and reporting as real servers on a broker of their own, once every consumer has
    joined its group. `hub_port` and `hub` (settings) for a referral-hub that partners'
    servers must know in advance (webhooks, feedback)."""

    @asynccontextmanager
    async def start(
        name: str, *, hub_port: int | None = None, hub: dict[str, Any] | None = None
    ) -> AsyncIterator[Platform]:
        broker = Broker().start()
        databases = {
            service: await create_database(f"csp_e2e_{name}_{service.replace('-', '_')}")
            for service in ("referral-hub", "marac", "dhr-tracker", "reporting")
        }
        common: dict[str, Any] = {
            "kafka_bootstrap_servers": broker.bootstrap_servers,
            "auth_public_key_file": signing_keys[1],
            "outbox_poll_interval_seconds": 0.2,
        }
        sealed_key = base64.urlsafe_b64encode(os.urandom(32)).decode()
        apps = {
            "referral-hub": create_hub(
                ReferralHubSettings(
                    database_url=databases["referral-hub"],
                    person_key_secret="e2e",
                    marac_consumer_group=f"referral-hub-marac-{name}",
                    **common,
                    **(hub or {}),
                )
            ),
            "marac": create_marac(
                MaracSettings(
                    database_url=databases["marac"],
                    referrals_consumer_group=f"marac-{name}",
                    **common,
                )
            ),
            "dhr-tracker": create_dhr(
                DhrSettings(
                    database_url=databases["dhr-tracker"],
                    deadline_scheduler_enabled=False,
                    sealed_keys={"e2e": sealed_key},
                    sealed_active_key="e2e",
                    **common,
                )
            ),
            "reporting": create_reporting(
                ReportingSettings(
                    database_url=databases["reporting"],
                    consumer_group=f"reporting-{name}-e2e",
                    dashboard_secret="e2e-dashboard-secret-0123456789",
                    **common,
                )
            ),
        }
        ports = {"referral-hub": hub_port}
        servers = {
            service: UvicornServer(app, port=ports.get(service)) for service, app in apps.items()
        }
        logs = LogCapture()
        logs.install()  # once the apps and uvicorn configured logging, before they start
        try:
            async with AsyncExitStack() as stack:
                for server in servers.values():
                    await stack.enter_async_context(server)
                for app in apps.values():
                    for consumer in app.state.consumers:
                        await asyncio.wait_for(consumer.assigned.wait(), timeout=60)
                yield Platform(
                    urls={service: server.url for service, server in servers.items()},
                    apps=apps,
                    logs=logs,
                )
        finally:
            logs.remove()
            for database in databases.values():
                await drop_database(database)
            broker.stop()

    return start
