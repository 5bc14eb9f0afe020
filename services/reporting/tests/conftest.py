"""Fixtures of reporting's tests: a database, the service running with its consumer
(joined once per session: a group takes ~5 s to join on Tansu), a feeder of events."""

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable, Iterator

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from csp_devtools.events.seed import seed_dataset
from csp_devtools.testing.browser import chromium
from csp_devtools.testing.feeding import Feeder, ensure_topics
from csp_devtools.testing.infra import Broker, UvicornServer, free_port
from csp_devtools.testing.service import service_fixtures, suite_broker
from reporting.app import create_app
from reporting.events import CONSUMER_NAME
from reporting.projection import topics
from reporting.settings import ReportingSettings

# reporting's own broker: it reads every topic from offset zero, so events other
# services' tests publish on the shared broker would count in its figures
reporting_broker = suite_broker("reporting_broker")


_fixtures = service_fixtures(
    "reporting",
    create_app=create_app,
    settings=ReportingSettings,
    broker="reporting_broker",
    defaults={
        "dashboard_secret": "test-dashboard-secret-0123456789abcdef",
        "dashboard_cookie_secure": False,
    },
)
# reporting's app runs as a real server (its dashboard links carry the server's address)
reporting_database_url = _fixtures["reporting_database_url"]
reporting_settings_factory = _fixtures["reporting_settings_factory"]


@pytest.fixture(scope="session")
async def reporting_server(
    reporting_settings_factory: Callable[..., ReportingSettings], reporting_broker: Broker
) -> AsyncIterator[UvicornServer]:
    """reporting as a real HTTP server, its consumer joined to the broker."""
    await ensure_topics(reporting_broker.bootstrap_servers, [t.name for t in topics()])
    port = free_port()
    app = create_app(reporting_settings_factory(dashboard_public_url=f"http://127.0.0.1:{port}"))
    server = await UvicornServer(app, port=port).start()
    consumer = app.state.consumers[0]
    await asyncio.wait_for(consumer.assigned.wait(), timeout=60)
    yield server
    await server.stop()


@pytest.fixture(scope="session")
def reporting_app(reporting_server: UvicornServer):  # type: ignore[no-untyped-def]
    return reporting_server.server.config.app


@pytest.fixture(scope="session")
async def reporting_producer(reporting_broker: Broker) -> AsyncIterator[AIOKafkaProducer]:
    producer = AIOKafkaProducer(bootstrap_servers=reporting_broker.bootstrap_servers, linger_ms=5)
    await producer.start()
    yield producer
    await producer.stop()


@pytest.fixture(scope="session")
def reporting_feeder(reporting_app, reporting_producer: AIOKafkaProducer) -> Feeder:  # type: ignore[no-untyped-def]
    return Feeder(reporting_producer, reporting_app.state.engine, CONSUMER_NAME)


@pytest.fixture
async def reporting_client(reporting_server: UvicornServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=reporting_server.url, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def reporting_reader(auth_header: Callable[..., dict[str, str]]) -> dict[str, str]:
    return auth_header(agency="pfcc", scopes=["reports:read"])


@pytest.fixture(scope="session")
def reporting_admin(auth_header: Callable[..., dict[str, str]]) -> dict[str, str]:
    return auth_header(agency="pfcc", scopes=["reports:read", "admin"])


_years: Iterator[int] = itertools.chain(range(2031, 2199, 3), range(2002, 2020, 3))


@pytest.fixture
def reporting_year() -> int:
    """A calendar year no other test writes to (and the one before it is free too)."""
    return next(_years)


@pytest.fixture(scope="session")
async def reporting_seeded(reporting_feeder) -> None:  # type: ignore[no-untyped-def]
    """The seed report's figures (years 2022 and 2023, which no other test uses)."""
    await reporting_feeder.feed(seed_dataset())


reporting_browser = chromium("reporting_browser")
