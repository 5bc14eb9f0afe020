"""marac's test fixtures: one PostgreSQL database and one consuming app per session."""

import asyncio
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from csp_devtools.testing.infra import (
    Broker,
    UvicornServer,
    create_database,
    drop_database,
    rolled_back,
)
from marac.app import create_app
from marac.settings import MaracSettings

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
async def marac_database_url() -> AsyncIterator[str]:
    url = await create_database("csp_marac")
    yield url
    await drop_database(url)


@pytest.fixture(scope="session")
def marac_settings_factory(
    marac_database_url: str, broker: Broker, signing_keys: tuple[Path, Path]
) -> Callable[..., MaracSettings]:
    def factory(**overrides: object) -> MaracSettings:
        values: dict[str, object] = {
            "database_url": marac_database_url,
            "kafka_bootstrap_servers": broker.bootstrap_servers,
            "auth_public_key_file": signing_keys[1],
            "outbox_poll_interval_seconds": 0.2,
        }
        values.update(overrides)
        return MaracSettings(**values)  # type: ignore[arg-type]

    return factory


@pytest.fixture(scope="session")
async def marac_app(marac_settings_factory: Callable[..., MaracSettings]) -> AsyncIterator:
    """marac with its consumer and relay running, joined once for the session."""
    app = create_app(marac_settings_factory())
    async with app.router.lifespan_context(app):
        await asyncio.wait_for(app.state.consumers[0].assigned.wait(), timeout=60)
        yield app


@pytest.fixture(scope="session")
async def marac_http(marac_app) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=marac_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://marac") as client:
        yield client


@pytest.fixture
async def marac_client(marac_app, marac_http) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    """The consuming app over HTTP, each test rolled back (sequential requests only)."""
    async with rolled_back(marac_app):
        yield marac_http


@pytest.fixture
def marac_auth(auth_header) -> Callable[..., dict[str, str]]:  # type: ignore[no-untyped-def]
    """Headers for a caller: marac_auth("coordinator", area="york") and friends."""

    def headers(
        role: str = "coordinator", *, area: str | None = None, agency: str | None = None
    ) -> dict[str, str]:
        scopes = {
            "coordinator": ["marac:coordinate"],
            "admin": ["marac:coordinate", "admin", "marac:import"],
            "research": ["marac:research"],
            "refer": ["marac:refer"],
            "import": ["marac:import"],
            "none": ["reports:read"],
        }[role]
        default_agency = {
            "research": "health",
            "refer": "north-yorkshire-council",
        }.get(role, "north-yorkshire-police")
        return auth_header(agency=agency or default_agency, scopes=scopes, area=area)

    return headers


@pytest.fixture(scope="session")
async def marac_server(marac_app) -> AsyncIterator[UvicornServer]:  # type: ignore[no-untyped-def]
    async with UvicornServer(marac_app) as server:
        yield server


@pytest.fixture
async def marac_session(marac_app) -> AsyncIterator:  # type: ignore[no-untyped-def]
    """A session in a transaction rolled back after the test (for service-level tests)."""
    from sqlalchemy.ext.asyncio import AsyncSession

    async with marac_app.state.engine.connect() as connection:
        transaction = await connection.begin()
        session = AsyncSession(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        try:
            yield session
        finally:
            await session.close()
            await transaction.rollback()


@pytest.fixture
def marac_settings(marac_app) -> MaracSettings:  # type: ignore[no-untyped-def]
    return marac_app.state.settings


@pytest.fixture(scope="session")
async def marac_producer(broker: Broker) -> AsyncIterator[AIOKafkaProducer]:
    """Publishes referral-hub's events to the broker marac consumes from."""
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap_servers)
    await producer.start()
    yield producer
    await producer.stop()
