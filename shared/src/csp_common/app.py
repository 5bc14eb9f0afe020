"""Builds a service's FastAPI application with everything every service has."""

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from asgi_correlation_id import CorrelationIdMiddleware
from fastapi import APIRouter, FastAPI
from fastapi_offline import FastAPIOffline

from csp_common import audit_trail, health
from csp_common.access_watch import AccessWatch
from csp_common.asyncapi import asyncapi_document
from csp_common.auth import TokenVerifier
from csp_common.consumer import ConsumerSpec, EventConsumer
from csp_common.contracts.access import AccessAlert
from csp_common.db import create_engine, create_session_factory
from csp_common.errors import BodySizeLimit, install_problem_handlers
from csp_common.migrations import Migrations, upgrade
from csp_common.observability import RequestMetrics, configure_logging, install_metrics_endpoint
from csp_common.openapi import Link, document
from csp_common.outbox import OutboxRelay
from csp_common.partnership import load_partnership
from csp_common.settings import ServiceSettings

log = logging.getLogger(__name__)

Worker = Callable[[FastAPI], contextlib.AbstractAsyncContextManager[None]]
"""A background part of a service (a webhook dispatcher...), started after the database."""


@dataclass
class ServiceDefinition:
    settings: ServiceSettings
    title: str
    description: str
    routers: Sequence[APIRouter]
    migrations: Migrations
    version: str = "1.0.0"
    consumers: Sequence[ConsumerSpec] = ()
    workers: Sequence[Worker] = ()
    body_limit_overrides: dict[str, int] = field(default_factory=dict)
    openapi_tags: list[dict[str, Any]] = field(default_factory=list)
    openapi_links: Sequence[Link] = ()
    outside_scopes: frozenset[str] = frozenset()
    """Scopes held by organisations outside the partnership (a fund's applicants): a token
    with only these may name an agency the partnership does not know."""
    access_alert: type[AccessAlert] | None = None
    """The alert this service publishes when one caller reads many people's records
    outside their agency or area (csp_common.access_watch); None for a service that
    holds no records about people."""


_heap_frozen = False


def _freeze_startup_heap() -> None:
    """Move what start-up left alive (modules, models, routes, schemas: a few hundred
    thousand objects) out of the garbage collector's sight, once a process.

    Every full collection would walk them again, though they live as long as the
    process; that costs a bulk import a fifth of its CPU a row. A test process that
    starts many apps freezes only the first's (after a collection, so no garbage)."""
    global _heap_frozen
    if _heap_frozen:
        return
    gc.collect()
    gc.freeze()
    _heap_frozen = True


def create_app(definition: ServiceDefinition) -> FastAPI:
    settings = definition.settings
    load_partnership()  # a partnership file that is not valid stops the start, saying why
    configure_logging(service=settings.service_name, level=settings.log_level)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings)
        app.state.engine = engine
        app.state.session_factory = create_session_factory(engine)
        if settings.run_migrations:
            await upgrade(engine, definition.migrations)
        tasks: list[asyncio.Task[None]] = []
        relay = OutboxRelay(engine=engine, settings=settings)
        consumers = [
            EventConsumer(spec=spec, settings=settings, session_factory=app.state.session_factory)
            for spec in definition.consumers
        ]
        app.state.relay = relay
        app.state.consumers = consumers
        if settings.kafka_enabled:
            tasks.append(asyncio.create_task(relay.run(), name="outbox-relay"))
            tasks += [asyncio.create_task(c.run(), name=c.spec.name) for c in consumers]
        async with contextlib.AsyncExitStack() as workers:
            for worker in definition.workers:
                await workers.enter_async_context(worker(app))
            log.info("service started")
            _freeze_startup_heap()
            try:
                yield
            finally:
                await relay.stop()
                for consumer in consumers:
                    await consumer.stop()
                _, still_running = await asyncio.wait(tasks, timeout=10) if tasks else ((), ())
                for task in still_running:
                    task.cancel()
        await engine.dispose()

    # Swagger UI and ReDoc served from the service itself: a partnership's locked-down
    # network reaches no CDN.
    app = FastAPIOffline(
        title=definition.title,
        description=definition.description,
        version=definition.version,
        lifespan=lifespan,
        openapi_tags=definition.openapi_tags or None,
    )
    app.state.settings = settings
    app.state.token_verifier = TokenVerifier(settings)
    app.state.outside_scopes = definition.outside_scopes
    if definition.access_alert is not None:
        app.state.access_watch = AccessWatch(
            alert=definition.access_alert,
            service=settings.service_name,
            reads=settings.access_alert_reads,
            window=timedelta(seconds=settings.access_alert_window_seconds),
        )
    install_problem_handlers(app)
    app.include_router(health.router)
    install_metrics_endpoint(app)
    for router in definition.routers:
        app.include_router(router)
    app.include_router(audit_trail.router)
    document(app, definition.openapi_links)
    install_asyncapi_endpoint(app, definition)
    app.add_middleware(
        BodySizeLimit, limit=settings.max_body_bytes, overrides=definition.body_limit_overrides
    )
    app.add_middleware(RequestMetrics, service=settings.service_name)
    app.add_middleware(CorrelationIdMiddleware, header_name="X-Request-ID")
    return app


def install_asyncapi_endpoint(app: FastAPI, definition: ServiceDefinition) -> None:
    """`GET /asyncapi.json`: public like `/openapi.json`, it describes shapes, holds no data."""
    asyncapi = asyncapi_document(
        service=definition.settings.service_name,
        title=definition.title,
        version=definition.version,
        description=definition.description,
        received=[topic for spec in definition.consumers for topic in spec.topics],
    )

    @app.get("/asyncapi.json", include_in_schema=False)
    async def asyncapi_json() -> dict[str, Any]:
        return asyncapi
