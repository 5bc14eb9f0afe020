import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from csp_common.testing.infra import Broker, create_database, drop_database
from support.probe import ProbeSettings, create_probe_app


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
