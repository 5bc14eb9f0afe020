"""Encryption at rest of the sealed identity, with keys from settings and rotation.

AES-256-GCM (`cryptography`), a fresh 96-bit nonce per seal. A sealed value is the text
`v1.<key id>.<nonce and ciphertext, base64url>`: the key id says which key opens it, so
keys rotate without a flag day (seal with the active key, open with any key still
configured, `reseal` what an older key sealed). The ciphertext is bound to its record:
the `context` (for example the review's id) is authenticated with it, so a value copied
onto another review's row does not open there.
"""

import base64
import binascii
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
_VERSION = "v1"
_NONCE_BYTES = 12


class SealError(Exception):
    """A key is missing or malformed, or a sealed value does not open (tampered, or
    sealed for another record): a fault of the deployment or the data, never of a caller."""


@dataclass(frozen=True)
class Sealed:
    key_id: str
    token: str


def new_key() -> str:
    """A new key, as settings hold it (base64url of 32 random bytes)."""
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode()


def _decode_key(key_id: str, encoded: str) -> bytes:
    if not KEY_ID.fullmatch(key_id):
        raise SealError("a sealing key id must be 1-32 letters, digits, '-' or '_'")
    try:
        key = base64.urlsafe_b64decode(encoded.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise SealError(f"sealing key {key_id} is not base64") from None
    if len(key) != 32:
        raise SealError(f"sealing key {key_id} must be 32 bytes (AES-256)")
    return key


class Cipher:
    def __init__(self, keys: Mapping[str, str], *, active: str) -> None:
        if active not in keys:
            raise SealError("the active sealing key is not among the configured keys")
        self._keys = {key_id: AESGCM(_decode_key(key_id, value)) for key_id, value in keys.items()}
        self.active = active

    @staticmethod
    def _associated(context: str, key_id: str) -> bytes:
        return f"dhr-tracker.sealed.{_VERSION}.{key_id}.{context}".encode()

    def seal(self, plaintext: bytes, *, context: str) -> Sealed:
        nonce = os.urandom(_NONCE_BYTES)
        ciphertext = self._keys[self.active].encrypt(
            nonce, plaintext, self._associated(context, self.active)
        )
        body = base64.urlsafe_b64encode(nonce + ciphertext).decode()
        return Sealed(self.active, f"{_VERSION}.{self.active}.{body}")

    @staticmethod
    def key_of(token: str) -> str:
        return _split(token)[1]

    def open(self, token: str, *, context: str) -> bytes:
        _, key_id, body = _split(token)
        key = self._keys.get(key_id)
        if key is None:
            raise SealError(f"sealing key {key_id} is not configured")
        try:
            raw = base64.urlsafe_b64decode(body.encode("ascii"))
            return key.decrypt(
                raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], self._associated(context, key_id)
            )
        except (InvalidTag, binascii.Error, ValueError):
            raise SealError("a sealed value does not open: tampered or of another record") from None

    def needs_reseal(self, token: str) -> bool:
        return self.key_of(token) != self.active

    def reseal(self, token: str, *, context: str) -> Sealed:
        """The same plaintext under the active key."""
        return self.seal(self.open(token, context=context), context=context)


def _split(token: str) -> tuple[str, str, str]:
    parts = token.split(".", 2)
    if len(parts) != 3 or parts[0] != _VERSION or not KEY_ID.fullmatch(parts[1]):
        raise SealError("not a sealed value of this service")
    return parts[0], parts[1], parts[2]
