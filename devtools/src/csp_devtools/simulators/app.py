"""A provider's webhook endpoint, simulated: one app factory parametrised by provider.

    POST /webhooks/referrals   a `referral.routed` webhook from referral-hub
    GET  /deliveries           what it received (ids only), for tests and the demo
    GET  /healthz              liveness (the local stack waits on it)

A delivery with a missing or bad signature answers 401. The first `fail_first`
validly signed deliveries answer 503 (to exercise referral-hub's retries). Others
answer 200; a repeated `webhook-id` is acknowledged again and not acted on twice.
Then the feedback script runs in the background (see `script.py`).
"""

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi import FastAPI, Request
from pydantic import BaseModel, ValidationError
from standardwebhooks.webhooks import WebhookVerificationError

from csp_common.errors import Problem, install_problem_handlers
from csp_common.observability import configure_logging
from csp_devtools.simulators.reporter import FeedbackReporter
from csp_devtools.simulators.script import feedback_script
from csp_devtools.simulators.settings import SimulatorSettings
from referral_hub.delivery.schemas import ROUTED_EVENT
from referral_hub.delivery.secrets import webhook_signer

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/referrals"


class _RouteRef(BaseModel):
    id: uuid.UUID
    service: str | None = None


class _ReferralRef(BaseModel):
    id: uuid.UUID


class _RoutedData(BaseModel):
    route: _RouteRef
    referral: _ReferralRef


class _RoutedMessage(BaseModel):
    """The parts of a `referral.routed` webhook the simulator reads."""

    type: str
    data: _RoutedData


class ReceivedDelivery(BaseModel):
    webhook_id: str
    route_id: uuid.UUID
    referral_id: uuid.UUID
    service: str | None
    received_at: datetime


@dataclass
class SimulatorState:
    refused: int = 0
    received: dict[str, ReceivedDelivery] = field(default_factory=dict)
    scripts: set[asyncio.Task[None]] = field(default_factory=set)


def create_simulator_app(settings: SimulatorSettings) -> FastAPI:
    signer = webhook_signer(settings.webhook_secret, provider=settings.provider)
    state = SimulatorState()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.referral_hub_url is None or settings.private_key_file is None:
            log.warning("no referral-hub URL or key: deliveries are acknowledged only")
            app.state.reporter = None
            yield
            return
        async with httpx.AsyncClient(base_url=settings.referral_hub_url, timeout=10) as client:
            app.state.reporter = FeedbackReporter(
                client=client,
                provider=settings.provider,
                private_key_pem=settings.private_key_file.read_bytes(),
                issuer=settings.token_issuer,
                audience=settings.token_audience,
            )
            try:
                yield
            finally:
                for task in list(state.scripts):
                    task.cancel()
                await asyncio.gather(*state.scripts, return_exceptions=True)

    app = FastAPI(
        title=f"{settings.provider} webhook endpoint (simulator)",
        description="Receives referral-hub's signed `referral.routed` webhooks and reports "
        "feedback through referral-hub's API. For the local stack and tests only.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.simulator = state
    install_problem_handlers(app)

    @app.get("/healthz", summary="The process is up")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/deliveries", summary="Deliveries received (ids only)")
    async def deliveries() -> list[ReceivedDelivery]:
        return list(state.received.values())

    @app.post(WEBHOOK_PATH, summary="Receive a referral.routed webhook")
    async def receive(request: Request) -> dict[str, Any]:
        raw = await request.body()
        try:
            signer.verify(raw, dict(request.headers), json_parse=False)
        except (WebhookVerificationError, ValueError) as exc:
            raise Problem(
                401, "Unauthorized", "Bad or missing webhook signature.", type="bad-signature"
            ) from exc
        if state.refused < settings.fail_first:
            state.refused += 1
            raise Problem(503, "Unavailable", "Simulated outage (fail_first).", type="outage")
        try:
            message = _RoutedMessage.model_validate_json(raw)
        except ValidationError as exc:
            raise Problem(400, "Bad request", "Not a referral.routed message.") from exc
        if message.type != ROUTED_EVENT:
            raise Problem(400, "Bad request", f"Unexpected webhook type {message.type!r}.")
        webhook_id = request.headers["webhook-id"]
        if webhook_id in state.received:
            return {"received": webhook_id, "duplicate": True}
        route = message.data.route
        state.received[webhook_id] = ReceivedDelivery(
            webhook_id=webhook_id,
            route_id=route.id,
            referral_id=message.data.referral.id,
            service=route.service,
            received_at=datetime.now(UTC),
        )
        log.info("delivery received", extra={"webhook_id": webhook_id, "route_id": str(route.id)})
        reporter: FeedbackReporter | None = request.app.state.reporter
        if reporter is not None:
            steps = feedback_script(route_id=route.id, service=route.service, settings=settings)
            task = asyncio.create_task(reporter.run_script(route.id, steps))
            state.scripts.add(task)
            task.add_done_callback(state.scripts.discard)
        return {"received": webhook_id, "duplicate": False}

    return app


def _from_environment(provider: str) -> FastAPI:
    prefix = f"{provider.upper()}_SIMULATOR_"
    settings = SimulatorSettings(_env_prefix=prefix, provider=provider)
    configure_logging(service=f"{provider}-simulator", level=settings.log_level)
    return create_simulator_app(settings)


def create_idas_simulator() -> FastAPI:
    """`uvicorn --factory` entry of the IDAS simulator (IDAS_SIMULATOR_* variables)."""
    return _from_environment("idas")


def create_foundation_simulator() -> FastAPI:
    """`uvicorn --factory` entry of the Foundation simulator (FOUNDATION_SIMULATOR_*)."""
    return _from_environment("foundation")
