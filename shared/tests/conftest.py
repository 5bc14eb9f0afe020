from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.db import create_engine, create_session_factory
from csp_common.migrations import upgrade
from csp_devtools.kits.probe.kit import MIGRATIONS as KIT_MIGRATIONS
from csp_devtools.kits.probe.kit import KitSettings, create_kit_app
from csp_devtools.kits.probe.probe import ProbeSettings, create_probe_app
from csp_devtools.testing.infra import Broker, create_database, drop_database, rolled_back


@pytest.fixture(scope="session")
async def probe_database_url() -> AsyncIterator[str]:
    url = await create_database("csp_probe")
    yield url
    await drop_database(url)


@pytest.fixture(scope="session")
def probe_settings_factory(
    probe_database_url: str, broker: Broker, signing_keys: tuple[Path, Path]
) -> Callable[..., ProbeSettings]:
    def factory(**overrides: object) -> ProbeSettings:
        values: dict[str, object] = {
            "database_url": probe_database_url,
            "kafka_bootstrap_servers": broker.bootstrap_servers,
            "auth_public_key_file": signing_keys[1],
            "outbox_poll_interval_seconds": 0.2,
        }
        values.update(overrides)
        return ProbeSettings(**values)  # type: ignore[arg-type]

    return factory


@pytest.fixture
async def probe_client(
    probe_settings_factory: Callable[..., ProbeSettings],
) -> AsyncIterator[httpx.AsyncClient]:
    """The probe app in process, without Kafka (for HTTP-level tests)."""
    app = create_probe_app(probe_settings_factory(kafka_enabled=False))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://probe") as client:
            yield client


# --- the service kit's probe (csp_devtools/kits/probe/kit.py) ---------------------------


@pytest.fixture(scope="session")
async def kit_database_url() -> AsyncIterator[str]:
    url = await create_database("csp_kit")
    yield url
    await drop_database(url)


@pytest.fixture(scope="session")
def kit_settings_factory(
    kit_database_url: str, signing_keys: tuple[Path, Path]
) -> Callable[..., KitSettings]:
    def factory(**overrides: object) -> KitSettings:
        values: dict[str, object] = {
            "database_url": kit_database_url,
            "auth_public_key_file": signing_keys[1],
            "kafka_enabled": False,
        }
        values.update(overrides)
        return KitSettings(**values)  # type: ignore[arg-type]

    return factory


@pytest.fixture(scope="session")
async def kit_app(kit_settings_factory: Callable[..., KitSettings]) -> AsyncIterator[FastAPI]:
    """The kit probe, started once (its lifespan runs the shared-env migrations)."""
    app = create_kit_app(kit_settings_factory())
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def kit_client(kit_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the kit probe whose every write is rolled back after the test."""
    async with rolled_back(kit_app):
        transport = httpx.ASGITransport(app=kit_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://kit") as client:
            yield client


@pytest.fixture
async def kit_session(kit_app: FastAPI) -> AsyncIterator[AsyncSession]:
    """A session on the kit database (PostgreSQL), rolled back after the test."""
    async with rolled_back(kit_app), kit_app.state.session_factory() as session:
        yield session


@pytest.fixture(params=["postgresql", "sqlite"])
async def kit_any_session(
    request: pytest.FixtureRequest,
    kit_app: FastAPI,
    tmp_path: Path,
    kit_settings_factory: Callable[..., KitSettings],
) -> AsyncIterator[AsyncSession]:
    """A session on the kit database (rolled back after the test), or on a fresh SQLite
    database migrated by the shared env."""
    if request.param == "postgresql":
        async with rolled_back(kit_app), kit_app.state.session_factory() as session:
            yield session
        return
    url = f"sqlite+aiosqlite:///{tmp_path}/kit.db"
    engine = create_engine(kit_settings_factory(database_url=url))
    await upgrade(engine, KIT_MIGRATIONS)
    async with create_session_factory(engine)() as session:
        yield session
    await engine.dispose()
