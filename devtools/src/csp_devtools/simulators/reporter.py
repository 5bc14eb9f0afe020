"""Reporting feedback to referral-hub over HTTP, as the provider, with a token it mints."""

import asyncio
import logging
import uuid
from typing import Any

import httpx
from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from csp_devtools.keys import mint_token
from csp_devtools.simulators.script import FeedbackStep

log = logging.getLogger(__name__)

TOKEN_TTL_SECONDS = 300
SCOPE = "provider:feedback"


class HubUnavailable(Exception):
    """referral-hub answered 5xx or could not be reached."""


class FeedbackReporter:
    def __init__(
        self,
        *,
        client: httpx.AsyncClient,
        provider: str,
        private_key_pem: bytes,
        issuer: str,
        audience: str,
        attempts: int = 5,
    ) -> None:
        self.client = client
        self.provider = provider
        self.private_key_pem = private_key_pem
        self.issuer = issuer
        self.audience = audience
        self.attempts = attempts

    def _token(self) -> str:
        return mint_token(
            self.private_key_pem,
            agency=self.provider,
            scopes=[SCOPE],
            subject=f"{self.provider}-simulator",
            ttl=TOKEN_TTL_SECONDS,
            issuer=self.issuer,
            audience=self.audience,
        )

    async def report(self, route_id: uuid.UUID, body: dict[str, Any]) -> int:
        """POST one report; retries while referral-hub is unreachable or answers 5xx.

        Returns the final status code (0 if referral-hub never answered).
        """
        try:
            async for attempt in AsyncRetrying(
                stop=stop_after_attempt(self.attempts),
                wait=wait_exponential_jitter(multiplier=0.2, max=5.0, jitter=0.2),
                retry=retry_if_exception_type((httpx.TransportError, HubUnavailable)),
                reraise=True,
            ):
                with attempt:
                    response = await self.client.post(
                        f"/v1/routes/{route_id}/feedback",
                        json=body,
                        headers={
                            "Authorization": f"Bearer {self._token()}",
                            "X-Purpose": "provider-feedback",
                        },
                    )
                    if response.status_code >= 500:
                        raise HubUnavailable(response.status_code)
                    return response.status_code
        except (httpx.TransportError, HubUnavailable) as exc:
            log.warning(
                "feedback not delivered",
                extra={"route_id": str(route_id), "error": type(exc).__name__},
            )
        return 0

    async def run_script(self, route_id: uuid.UUID, steps: list[FeedbackStep]) -> None:
        """Report each step after its delay; stop at the first refusal."""
        for step in steps:
            await asyncio.sleep(step.delay_seconds)
            status = await self.report(route_id, step.body)
            log.info(
                "feedback reported",
                extra={
                    "route_id": str(route_id),
                    "status": step.body["status"],
                    "status_code": status,
                },
            )
            if status != 200:
                return
