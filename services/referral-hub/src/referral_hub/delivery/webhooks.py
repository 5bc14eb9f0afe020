"""Sending one signed webhook, and when to try again.

Signatures follow Standard Webhooks (the `standardwebhooks` package): headers
`webhook-id` (the delivery id, the same on every retry so receivers can deduplicate),
`webhook-timestamp` (fresh on every attempt) and `webhook-signature` (`v1,<base64>`).
"""

import asyncio
import email.utils
import math
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from standardwebhooks.webhooks import Webhook
from tenacity import RetryCallState, wait_exponential_jitter

from csp_common.clock import now

USER_AGENT = "csp-referral-hub-webhooks/1"
ERROR_LENGTH = 300


@dataclass(frozen=True)
class Endpoint:
    """A provider's webhook endpoint and the signer holding its secret."""

    provider: str
    url: str
    signer: Webhook


@dataclass(frozen=True)
class AttemptOutcome:
    """What one attempt got: a status code or an error, and how long it took."""

    status_code: int | None
    error: str | None
    duration_ms: int
    retry_after_seconds: float | None = None

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def signed_headers(signer: Webhook, *, msg_id: str, body: str, at: datetime) -> dict[str, str]:
    """The Standard Webhooks headers for `body` sent as message `msg_id` at `at`."""
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(math.floor(at.timestamp())),
        "webhook-signature": signer.sign(msg_id=msg_id, timestamp=at, data=body),
    }


async def post_webhook(
    client: httpx.AsyncClient,
    endpoint: Endpoint,
    *,
    delivery_id: uuid.UUID,
    body: str,
    timeout_seconds: float,
) -> AttemptOutcome:
    """POST `body` to the endpoint, signed; never raises for a failed delivery.

    The whole exchange is bounded by `timeout_seconds`. Redirects are not followed.
    The receiver's answer body is not kept: it is not ours to store.
    """
    headers = signed_headers(endpoint.signer, msg_id=str(delivery_id), body=body, at=now())
    headers |= {"content-type": "application/json", "user-agent": USER_AGENT}
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout_seconds):
            response = await client.post(endpoint.url, content=body.encode(), headers=headers)
    except TimeoutError:
        return _failure(started, f"no answer within {timeout_seconds:g}s")
    except httpx.HTTPError as exc:
        return _failure(started, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)
    duration_ms = _elapsed_ms(started)
    if 200 <= response.status_code < 300:
        return AttemptOutcome(status_code=response.status_code, error=None, duration_ms=duration_ms)
    return AttemptOutcome(
        status_code=response.status_code,
        error=f"HTTP {response.status_code} {response.reason_phrase}".strip()[:ERROR_LENGTH],
        duration_ms=duration_ms,
        retry_after_seconds=retry_after_seconds(response.headers.get("retry-after")),
    )


def _failure(started: float, error: str) -> AttemptOutcome:
    return AttemptOutcome(
        status_code=None, error=error[:ERROR_LENGTH], duration_ms=_elapsed_ms(started)
    )


def _elapsed_ms(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds asked for by a `Retry-After` header (delay seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - now()).total_seconds())


def backoff_seconds(*, failed_attempts: int, initial: float, maximum: float) -> float:
    """Wait before the next attempt after `failed_attempts` failures in a row.

    tenacity's exponential backoff with jitter:
    min(initial * 2 ** (failed_attempts - 1) + uniform(0, initial), maximum).
    """
    wait = wait_exponential_jitter(multiplier=initial, max=maximum, jitter=initial)
    state = RetryCallState(retry_object=None, fn=None, args=(), kwargs={})  # type: ignore[arg-type]
    state.attempt_number = max(1, failed_attempts)
    return float(wait(state))


def next_attempt_after(
    outcome: AttemptOutcome,
    *,
    failed_attempts: int,
    at: datetime,
    initial: float,
    maximum: float,
) -> datetime:
    """When to try again: the backoff, or the receiver's Retry-After if longer (both capped)."""
    delay = backoff_seconds(failed_attempts=failed_attempts, initial=initial, maximum=maximum)
    if outcome.retry_after_seconds is not None:
        delay = max(delay, min(outcome.retry_after_seconds, maximum))
    return at + timedelta(seconds=delay)
