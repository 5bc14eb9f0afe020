"""Fixtures of the simulator tests: a simulator on a real port, a recording stand-in for
referral-hub's feedback endpoint, and signed deliveries."""

import base64
import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from standardwebhooks.webhooks import Webhook

from csp_devtools.keys import AUDIENCE
from csp_devtools.simulators.app import WEBHOOK_PATH, create_simulator_app
from csp_devtools.simulators.settings import SimulatorSettings
from csp_devtools.testing.infra import UvicornServer
from referral_hub.delivery.webhooks import signed_headers

SECRET = "whsec_" + base64.b64encode(b"simulator-test-secret-0123456789").decode()


@dataclass
class FeedbackRecorder:
    """Stands in for referral-hub's POST /v1/routes/{id}/feedback; answers `answers` in
    turn (then 200) and keeps each report with the verified token's claims."""

    public_key: bytes
    answers: list[int] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/v1/routes/{route_id}/feedback")
        async def feedback(route_id: uuid.UUID, request: Request) -> JSONResponse:
            token = request.headers["authorization"].removeprefix("Bearer ")
            claims = jwt.decode(token, self.public_key, algorithms=["RS256"], audience=AUDIENCE)
            status = self.answers.pop(0) if self.answers else 200
            self.reports.append(
                {
                    "route_id": str(route_id),
                    "body": await request.json(),
                    "claims": claims,
                    "answered": status,
                }
            )
            return JSONResponse({"status": "ok"}, status_code=status)

        return app


@pytest.fixture
async def servers() -> AsyncIterator[Callable[..., Any]]:
    async with contextlib.AsyncExitStack() as stack:

        async def start(app: FastAPI) -> UvicornServer:
            server = UvicornServer(app)
            await server.start()
            stack.push_async_callback(server.stop)
            return server

        yield start


@pytest.fixture
async def recorder(
    servers: Callable[..., Any], signing_keys: tuple[Path, Path]
) -> tuple[FeedbackRecorder, str]:
    """(recorder, its URL)"""
    recorder = FeedbackRecorder(public_key=signing_keys[1].read_bytes())
    server = await servers(recorder.app())
    return recorder, server.url


@pytest.fixture
def start_simulator(
    servers: Callable[..., Any], signing_keys: tuple[Path, Path]
) -> Callable[..., Any]:
    """await start_simulator(provider="idas", **settings) -> the simulator's URL."""

    async def start(provider: str = "idas", **overrides: Any) -> str:
        values: dict[str, Any] = {
            "provider": provider,
            "webhook_secret": SECRET,
            "private_key_file": signing_keys[0],
            "feedback_delay_seconds": 0.01,
            "engaged_delay_seconds": 0.02,
        }
        values.update(overrides)
        server = await servers(create_simulator_app(SimulatorSettings(**values)))
        return server.url

    return start


def routed_body(
    *, route_id: uuid.UUID | None = None, service: str = "idas_community_support"
) -> str:
    return json.dumps(
        {
            "type": "referral.routed",
            "timestamp": datetime.now(UTC).isoformat(),
            "data": {
                "route": {"id": str(route_id or uuid.uuid4()), "service": service},
                "referral": {"id": str(uuid.uuid4())},
            },
        }
    )


@pytest.fixture
def deliver() -> Callable[..., Any]:
    """await deliver(url, body=None, ...) -> the simulator's response.

    By default the body is signed with SECRET now. `secret`, `signed_body` (what the
    signature covers), `at` (its timestamp) and `headers` (sent instead) tamper with it.
    """

    async def send(
        url: str,
        *,
        body: str | None = None,
        secret: str = SECRET,
        msg_id: str | None = None,
        signed_body: str | None = None,
        at: datetime | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        body = body if body is not None else routed_body()
        if headers is None:
            headers = signed_headers(
                Webhook(secret),
                msg_id=msg_id or str(uuid.uuid4()),
                body=signed_body if signed_body is not None else body,
                at=at or datetime.now(UTC),
            )
        async with httpx.AsyncClient(base_url=url) as http:
            return await http.post(
                WEBHOOK_PATH,
                content=body.encode(),
                headers=headers | {"content-type": "application/json"},
            )

    return send


@pytest.fixture
def make_body() -> Callable[..., str]:
    """make_body(route_id=None, service="idas_community_support") -> a referral.routed body."""
    return routed_body
