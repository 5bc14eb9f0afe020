"""The webhook dispatcher: delivers routes to providers' endpoints, signed, with retries.

A worker of referral-hub (started after the database). Each cycle it claims due
deliveries (see `service.claim_due_deliveries`), builds each message from current data,
POSTs it signed, logs the attempt, and either marks the delivery delivered (2xx) or
schedules the next attempt with exponential backoff and jitter, until
`webhook_max_attempts`, then marks it failed. The schedule is in the database, so a
restarted (or another) dispatcher carries on where this one stopped.

Logs carry delivery ids, providers and status codes only: never the message.
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from csp_common.auth import Caller
from csp_common.clock import now
from csp_common.db import create_session_factory
from csp_common.unit_of_work import unit_of_work
from referral_hub.delivery import flows, service
from referral_hub.delivery.models import DeliveryStatus
from referral_hub.delivery.secrets import BadWebhookSecret, webhook_signer
from referral_hub.delivery.service import ClaimedDelivery
from referral_hub.delivery.webhooks import (
    AttemptOutcome,
    Endpoint,
    next_attempt_after,
    post_webhook,
)
from referral_hub.settings import ReferralHubSettings

log = logging.getLogger(__name__)

IDLE_POLL_SECONDS = 0.5
"""Longest sleep between looks for due deliveries (new ones appear with each referral)."""
ERROR_PAUSE_SECONDS = 2.0
BATCH_SIZE = 20
LEASE_MARGIN_SECONDS = 30.0
DISPATCHER_SUBJECT = "referral-hub:webhook-dispatcher"


def configured_endpoints(settings: ReferralHubSettings) -> dict[str, Endpoint]:
    """Providers with both a URL and a usable secret. A provider missing either is left
    out (its deliveries wait) and logged, without the secret."""
    endpoints = {}
    for provider, url in settings.webhook_urls.items():
        secret = settings.webhook_secrets.get(provider)
        if not secret:
            log.error("webhook endpoint without a secret", extra={"provider": provider})
            continue
        try:
            signer = webhook_signer(secret, provider=provider)
        except BadWebhookSecret as exc:
            log.error("webhook secret not usable", extra={"provider": provider, "error": str(exc)})
            continue
        endpoints[provider] = Endpoint(provider=provider, url=url, signer=signer)
    return endpoints


class WebhookDispatcher:
    """Run `run()` as a task; `stop()` ends it after the attempts in flight."""

    def __init__(
        self,
        *,
        session_factory: async_sessionmaker[AsyncSession],
        settings: ReferralHubSettings,
        endpoints: dict[str, Endpoint],
        client: httpx.AsyncClient,
    ) -> None:
        self.session_factory = session_factory
        self.settings = settings
        self.endpoints = endpoints
        self.client = client
        self._stopping = asyncio.Event()

    async def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        while not self._stopping.is_set():
            try:
                handled = await self.deliver_due()
                if handled < BATCH_SIZE:
                    await self._sleep(await self._idle_seconds())
            except Exception as exc:  # a database outage must not end the worker
                log.warning("webhook dispatcher cycle failed", extra={"error": type(exc).__name__})
                await self._sleep(ERROR_PAUSE_SECONDS)

    async def deliver_due(self) -> int:
        """Claim and attempt one batch of due deliveries. Returns how many were claimed."""
        claimed = await self._claim()
        results = await asyncio.gather(
            *(self._attempt(delivery) for delivery in claimed), return_exceptions=True
        )
        for delivery, result in zip(claimed, results, strict=True):
            if isinstance(result, Exception):  # due again when its lease ends
                log.warning(
                    "webhook attempt failed before it was logged",
                    extra=self._log_fields(delivery) | {"error": type(result).__name__},
                )
        return len(claimed)

    async def _claim(self) -> list[ClaimedDelivery]:
        at = now()
        lease = timedelta(seconds=self.settings.webhook_timeout_seconds + LEASE_MARGIN_SECONDS)
        async with unit_of_work(self.session_factory) as work:
            return await service.claim_due_deliveries(
                work.session,
                providers=list(self.endpoints),
                now=at,
                lease_until=at + lease,
                limit=BATCH_SIZE,
            )

    async def _attempt(self, delivery: ClaimedDelivery) -> None:
        endpoint = self.endpoints[delivery.provider]
        async with unit_of_work(self.session_factory) as work:
            message = await flows.routed_message(work.session, route_id=delivery.route_id, at=now())
            if message.body is None:
                await service.cancel_delivery(
                    work.session,
                    delivery_id=delivery.id,
                    reason=message.withheld or "nothing to deliver",
                )
        if message.body is None:
            log.info("webhook delivery cancelled", extra=self._log_fields(delivery))
            return
        attempted_at = now()
        outcome = await post_webhook(
            self.client,
            endpoint,
            delivery_id=delivery.id,
            body=message.body,
            timeout_seconds=self.settings.webhook_timeout_seconds,
        )
        attempt_number = delivery.attempts + 1
        status, next_at = self._after(outcome, attempt_number=attempt_number, at=attempted_at)
        dispatcher = Caller(
            subject=DISPATCHER_SUBJECT, agency=delivery.provider, scopes=frozenset()
        )
        purpose = f"referral routed to {delivery.provider}, webhook delivery {delivery.id}"
        async with unit_of_work(self.session_factory, caller=dispatcher, purpose=purpose) as work:
            await service.record_attempt(
                work.session,
                delivery_id=delivery.id,
                attempt_number=attempt_number,
                attempted_at=attempted_at,
                outcome=outcome,
                status=status,
                next_attempt_at=next_at,
            )
            work.audit(
                action="webhook_delivery",
                record_type="referral",
                record_ids=[str(message.referral_id)],
            )
        log.info(
            "webhook attempt",
            extra=self._log_fields(delivery)
            | {
                "attempt": attempt_number,
                "status_code": outcome.status_code,
                "delivery_status": status.value,
                "ms": outcome.duration_ms,
            },
        )

    def _after(
        self, outcome: AttemptOutcome, *, attempt_number: int, at: datetime
    ) -> tuple[DeliveryStatus, datetime]:
        """The delivery's status after this attempt, and when it is next due."""
        if outcome.delivered:
            return DeliveryStatus.DELIVERED, at
        if attempt_number >= self.settings.webhook_max_attempts:
            return DeliveryStatus.FAILED, at
        return DeliveryStatus.PENDING, next_attempt_after(
            outcome,
            failed_attempts=attempt_number,
            at=now(),
            initial=self.settings.webhook_initial_backoff_seconds,
            maximum=self.settings.webhook_max_backoff_seconds,
        )

    @staticmethod
    def _log_fields(delivery: ClaimedDelivery) -> dict[str, str]:
        return {"delivery_id": str(delivery.id), "provider": delivery.provider}

    async def _idle_seconds(self) -> float:
        async with self.session_factory() as session:
            due = await service.next_due_at(session, providers=list(self.endpoints))
        if due is None:
            return IDLE_POLL_SECONDS
        return min(IDLE_POLL_SECONDS, max(0.0, (due - now()).total_seconds()))

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)


@contextlib.asynccontextmanager
async def run_dispatcher(app: FastAPI) -> AsyncIterator[None]:
    """The dispatcher as a worker of the app; does nothing without webhook endpoints.

    It opens its own sessions on the app's engine (never the request session factory).
    On shutdown it lets attempts in flight finish, up to the webhook timeout.
    """
    settings: ReferralHubSettings = app.state.settings
    endpoints = configured_endpoints(settings)
    if not endpoints:
        yield
        return
    timeout = httpx.Timeout(settings.webhook_timeout_seconds)
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as client:
        dispatcher = WebhookDispatcher(
            session_factory=create_session_factory(app.state.engine),
            settings=settings,
            endpoints=endpoints,
            client=client,
        )
        app.state.webhook_dispatcher = dispatcher
        task = asyncio.create_task(dispatcher.run(), name="webhook-dispatcher")
        log.info("webhook dispatcher started", extra={"providers": sorted(endpoints)})
        try:
            yield
        finally:
            await dispatcher.stop()
            _, pending = await asyncio.wait({task}, timeout=settings.webhook_timeout_seconds + 1)
            for still_running in pending:
                still_running.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await still_running
