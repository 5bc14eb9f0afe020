"""A service's test fixtures in a few lines of its `conftest.py`:

    from csp_devtools.testing.service import service_fixtures
    from marac.app import create_app
    from marac.settings import MaracSettings

    globals().update(
        service_fixtures("marac", create_app=create_app, settings=MaracSettings,
                         wait_for_consumers=True)
    )

gives the fixtures `marac_database_url` (a PostgreSQL database of the session),
`marac_settings_factory` (settings on that database, the session's broker and signing
key; keyword arguments override), `marac_app` (the app with its lifespan run, once per
session), `marac_http` (an HTTP client of the app; each POST without an Idempotency-Key
gets a new one), `marac_client` (the same client, each
test's writes rolled back), `marac_session` (a database session rolled back after the
test), `marac_settings` and `marac_server` (the app on a real port). Tokens come from the
platform plugin's `mint` and `auth_header`; `role_headers` makes a caller-by-role fixture.
"""

import asyncio
import inspect
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.consumer import EventConsumer
from csp_common.settings import ServiceSettings
from csp_devtools.testing.idempotency import KEYED_POSTS
from csp_devtools.testing.infra import (
    Broker,
    UvicornServer,
    create_database,
    drop_database,
    rolled_back,
)


def _needs(func: Callable[..., Any], *fixtures: str) -> Callable[..., Any]:
    """Let pytest pass `fixtures` (names only known at run time) as keyword arguments."""
    func.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY) for name in fixtures]
    )
    return func


def service_fixtures(
    prefix: str,
    *,
    create_app: Callable[[Any], FastAPI],
    settings: type[ServiceSettings],
    database: str | None = None,
    defaults: Mapping[str, Any] | None = None,
    app_settings: Mapping[str, Any] | None = None,
    broker: str = "broker",
    wait_for_consumers: bool = False,
    base_url: str | None = None,
) -> dict[str, Any]:
    """The fixtures named `<prefix>_...` above, for a conftest's `globals().update(...)`.

    `defaults`: settings every app of the suite gets (over the database, broker and key);
    `app_settings`: settings of the session's app only (e.g. `kafka_enabled=False`);
    `broker`: the fixture of the broker to use; `wait_for_consumers`: the session's app
    is yielded only once its consumers have joined their groups (a few seconds on Tansu).
    """
    names = {
        part: f"{prefix}_{part}"
        for part in (
            "database_url",
            "settings_factory",
            "app",
            "http",
            "client",
            "session",
            "settings",
            "server",
        )
    }
    suite_defaults = {"outbox_poll_interval_seconds": 0.2, **(defaults or {})}

    async def database_url() -> AsyncIterator[str]:
        url = await create_database(database or f"csp_{prefix}")
        yield url
        await drop_database(url)

    def settings_factory(**fixtures: Any) -> Callable[..., ServiceSettings]:
        keys: tuple[Path, Path] = fixtures["signing_keys"]
        the_broker: Broker = fixtures[broker]

        def factory(**overrides: Any) -> ServiceSettings:
            values: dict[str, Any] = {
                "database_url": fixtures[names["database_url"]],
                "kafka_bootstrap_servers": the_broker.bootstrap_servers,
                "auth_public_key_file": keys[1],
                **suite_defaults,
                **overrides,
            }
            return settings(**values)

        return factory

    async def app(**fixtures: Any) -> AsyncIterator[FastAPI]:
        service = create_app(fixtures[names["settings_factory"]](**(app_settings or {})))
        async with service.router.lifespan_context(service):
            if wait_for_consumers:
                for consumer in service.state.consumers:
                    await asyncio.wait_for(consumer.assigned.wait(), timeout=60)
                    await _sole_member(consumer)
            yield service

    async def http(**fixtures: Any) -> AsyncIterator[httpx.AsyncClient]:
        transport = httpx.ASGITransport(app=fixtures[names["app"]])
        async with httpx.AsyncClient(
            transport=transport, base_url=base_url or f"http://{prefix}", event_hooks=KEYED_POSTS
        ) as client:
            yield client

    async def client(**fixtures: Any) -> AsyncIterator[httpx.AsyncClient]:
        """The app over HTTP, each test rolled back (sequential requests only)."""
        async with rolled_back(fixtures[names["app"]]):
            yield fixtures[names["http"]]

    async def session(**fixtures: Any) -> AsyncIterator[AsyncSession]:
        """A session in a transaction rolled back after the test (service-level tests)."""
        async with fixtures[names["app"]].state.engine.connect() as connection:
            transaction = await connection.begin()
            database_session = AsyncSession(
                bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
            )
            try:
                yield database_session
            finally:
                await database_session.close()
                await transaction.rollback()

    def current_settings(**fixtures: Any) -> ServiceSettings:
        return fixtures[names["app"]].state.settings

    async def server(**fixtures: Any) -> AsyncIterator[UvicornServer]:
        async with UvicornServer(fixtures[names["app"]]) as running:
            yield running

    def define(part: str, func: Callable[..., Any], *needs: str, scope: str = "session") -> Any:
        return pytest.fixture(scope=scope, name=names[part])(_needs(func, *needs))  # type: ignore[call-overload]

    return {
        names["database_url"]: define("database_url", database_url),
        names["settings_factory"]: define(
            "settings_factory", settings_factory, names["database_url"], broker, "signing_keys"
        ),
        names["app"]: define("app", app, names["settings_factory"]),
        names["http"]: define("http", http, names["app"]),
        names["client"]: define("client", client, names["app"], names["http"], scope="function"),
        names["session"]: define("session", session, names["app"], scope="function"),
        names["settings"]: define("settings", current_settings, names["app"], scope="function"),
        names["server"]: define("server", server, names["app"]),
    }


def suite_broker(name: str = "broker") -> Any:
    """A Tansu broker of the suite's own, for its `conftest.py`: `broker = suite_broker()`
    overrides the session's shared broker for every test under that folder.

    A suite whose session app consumes needs one: the app stays in its consumer groups
    until the whole session ends, so another suite's app of the same service on the same
    broker would share the group and be handed only some of the partitions.
    """

    @pytest.fixture(scope="session", name=name)
    def fixture() -> Iterator[Broker]:
        own = Broker().start()
        yield own
        own.stop()

    return fixture


async def _sole_member(consumer: EventConsumer, *, timeout: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not consumer.holds_every_partition():
        if asyncio.get_running_loop().time() > deadline:
            raise RuntimeError(
                f"consumer {consumer.spec.name} shares its group with another member on "
                "this broker (another suite's session app?): give the suite a broker of "
                "its own, `broker = suite_broker()` in its conftest.py"
            )
        await asyncio.sleep(0.1)


def role_headers(
    name: str,
    *,
    roles: Mapping[str, Sequence[str]],
    default_role: str,
    agency: str,
    agencies: Mapping[str, str] | None = None,
) -> Any:
    """A fixture `name`: `name(role, agency=None, area=None, purpose=None)` -> the headers
    of a caller with the role's scopes (`agencies` gives a role its own default agency)."""
    default_agency = agency

    def fixture(auth_header: Callable[..., dict[str, str]]) -> Callable[..., dict[str, str]]:
        def headers(
            role: str = default_role,
            *,
            agency: str | None = None,
            area: str | None = None,
            purpose: str | None = None,
        ) -> dict[str, str]:
            caller_agency = agency or (agencies or {}).get(role, default_agency)
            values = auth_header(agency=caller_agency, scopes=list(roles[role]), area=area)
            if purpose:
                values["X-Purpose"] = purpose
            return values

        return headers

    return pytest.fixture(name=name)(fixture)
