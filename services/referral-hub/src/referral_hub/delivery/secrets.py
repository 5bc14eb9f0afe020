"""Standard Webhooks secrets of the providers' endpoints.

A secret is configured as `whsec_<base64 of 24 to 64 random bytes>`, the form Standard
Webhooks gives a receiver. For the local stack only, it may instead be
`local-derived:<path of the local signing key>`: referral-hub and the simulators then
derive the same per-provider secret from the key file that `csp up` generates for its
state directory, so no secret is written in the code or in the configuration.
"""

import base64
import binascii
import hashlib
import hmac
from pathlib import Path

from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"  # noqa: S105 - the Standard Webhooks prefix, not a secret
LOCAL_DERIVED_PREFIX = "local-derived:"
MIN_SECRET_BYTES = 24
MAX_SECRET_BYTES = 64


class BadWebhookSecret(ValueError):
    """A configured secret that is not usable. The message never contains the secret."""


def local_webhook_secret(*, key_file: Path, provider: str) -> str:
    """The local stack's secret for `provider`: an HMAC of the provider code keyed by the
    local signing key file, as `whsec_...`."""
    digest = hmac.new(
        key_file.read_bytes(), f"csp-local-webhook-secret:{provider}".encode(), hashlib.sha256
    ).digest()
    return SECRET_PREFIX + base64.b64encode(digest).decode()


def resolve_webhook_secret(value: str, *, provider: str) -> str:
    """The `whsec_...` secret that `value` configures for `provider`."""
    if value.startswith(LOCAL_DERIVED_PREFIX):
        key_file = Path(value.removeprefix(LOCAL_DERIVED_PREFIX))
        try:
            return local_webhook_secret(key_file=key_file, provider=provider)
        except OSError as exc:
            raise BadWebhookSecret(
                f"the local key file for the webhook secret of {provider} cannot be read"
            ) from exc
    if not value.startswith(SECRET_PREFIX):
        raise BadWebhookSecret(f"the webhook secret of {provider} must start with whsec_")
    try:
        raw = base64.b64decode(value.removeprefix(SECRET_PREFIX), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BadWebhookSecret(f"the webhook secret of {provider} is not valid base64") from exc
    if not MIN_SECRET_BYTES <= len(raw) <= MAX_SECRET_BYTES:
        raise BadWebhookSecret(
            f"the webhook secret of {provider} must encode {MIN_SECRET_BYTES} to "
            f"{MAX_SECRET_BYTES} bytes"
        )
    return value


def webhook_signer(value: str, *, provider: str) -> Webhook:
    """A `Webhook` that signs (and verifies) with the secret `value` configures."""
    return Webhook(resolve_webhook_secret(value, provider=provider))
