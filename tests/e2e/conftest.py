"""What the end-to-end tests of referral-hub and reporting share: the two as real servers
on a broker and databases of their own."""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from csp_devtools.testing.infra import Broker, UvicornServer, create_database, drop_database
from csp_devtools.testing.service import suite_broker
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
