"""Signing, secrets and the retry schedule, without servers."""

import base64
import email.utils
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from referral_hub.delivery.dispatcher import configured_endpoints
from referral_hub.delivery.secrets import (
    BadWebhookSecret,
    local_webhook_secret,
    resolve_webhook_secret,
)
from referral_hub.delivery.webhooks import (
    AttemptOutcome,
    backoff_seconds,
    next_attempt_after,
    retry_after_seconds,
    signed_headers,
)

SECRET = "whsec_" + base64.b64encode(b"s" * 32).decode()


def test_signed_headers_verify_with_the_standard_webhooks_library() -> None:
    body = '{"type": "referral.routed"}'
    at = datetime.now(UTC)

    headers = signed_headers(Webhook(SECRET), msg_id="d-1", body=body, at=at)

    assert Webhook(SECRET).verify(body, headers) == {"type": "referral.routed"}
    assert headers["webhook-id"] == "d-1"
    assert headers["webhook-timestamp"] == str(int(at.timestamp()))
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(body + " ", headers)


@pytest.mark.parametrize("failed", [1, 2, 3, 4, 5])
def test_backoff_doubles_with_jitter_of_up_to_the_initial_wait(failed: int) -> None:
    waits = [backoff_seconds(failed_attempts=failed, initial=2.0, maximum=600) for _ in range(50)]

    base = 2.0 * 2 ** (failed - 1)
    assert all(base <= wait <= base + 2.0 for wait in waits)
    assert len(set(waits)) > 1  # jitter spreads retries of many deliveries


def test_backoff_is_capped() -> None:
    assert backoff_seconds(failed_attempts=40, initial=2.0, maximum=600) == 600


def test_a_longer_retry_after_is_respected_up_to_the_cap() -> None:
    at = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    asks_a_minute = AttemptOutcome(503, "HTTP 503", 5, retry_after_seconds=60)
    asks_a_day = AttemptOutcome(503, "HTTP 503", 5, retry_after_seconds=86400)

    soon = next_attempt_after(asks_a_minute, failed_attempts=1, at=at, initial=1, maximum=600)
    capped = next_attempt_after(asks_a_day, failed_attempts=1, at=at, initial=1, maximum=600)

    assert soon == at + timedelta(seconds=60)
    assert capped == at + timedelta(seconds=600)


@pytest.mark.parametrize(
    ("header", "expected"), [(None, None), ("", None), ("120", 120.0), ("soon", None)]
)
def test_retry_after_in_seconds(header: str | None, expected: float | None) -> None:
    assert retry_after_seconds(header) == expected


def test_retry_after_as_a_date() -> None:
    later = datetime.now(UTC) + timedelta(seconds=30)

    seconds = retry_after_seconds(email.utils.format_datetime(later, usegmt=True))

    assert seconds is not None and 25 <= seconds <= 31


def test_local_secrets_are_derived_per_provider_from_the_key_file(tmp_path: Path) -> None:
    key_file = tmp_path / "signing-key.pem"
    key_file.write_bytes(b"-----BEGIN PRIVATE KEY----- local")

    idas = resolve_webhook_secret(f"local-derived:{key_file}", provider="idas")
    foundation = resolve_webhook_secret(f"local-derived:{key_file}", provider="foundation")

    assert idas == local_webhook_secret(key_file=key_file, provider="idas")
    assert idas.startswith("whsec_") and idas != foundation
    Webhook(idas)  # usable


@pytest.mark.parametrize(
    "value",
    [
        "plain-text",
        "whsec_not base64!",
        "whsec_" + base64.b64encode(b"short").decode(),
        "local-derived:/nonexistent/key.pem",
    ],
)
def test_unusable_secrets_are_refused_without_echoing_them(value: str) -> None:
    with pytest.raises(BadWebhookSecret) as refused:
        resolve_webhook_secret(value, provider="idas")

    assert value.removeprefix("whsec_") not in str(refused.value)


def test_providers_without_a_usable_secret_get_no_endpoint(hub_settings_factory) -> None:
    settings = hub_settings_factory(
        webhook_urls={"idas": "http://idas", "foundation": "http://foundation", "x": "http://x"},
        webhook_secrets={"idas": SECRET, "foundation": "not-a-secret"},
    )

    assert list(configured_endpoints(settings)) == ["idas"]
