"""Bearer tokens an attacker can make: each is what a good token would be but for one flaw."""

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from csp_devtools.keys import AUDIENCE, LOCAL_ISSUER, mint_token


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims(*, agency: str, scopes: list[str], area: str | None = None) -> dict[str, object]:
    now = int(time.time())
    values: dict[str, object] = {
        "iss": LOCAL_ISSUER,
        "aud": AUDIENCE,
        "sub": f"{agency}-system",
        "agency": agency,
        "scope": " ".join(scopes),
        "iat": now,
        "nbf": now,
        "exp": now + 3600,
        "jti": str(uuid.uuid4()),
    }
    if area:
        values["area"] = area
    return values


def _hs256_with_public_key(payload: dict[str, object], public_pem: bytes) -> str:
    """The classic algorithm confusion: the RSA public key used as an HMAC secret
    (PyJWT refuses to sign that, so it is done by hand)."""
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = _b64(json.dumps(payload).encode())
    signature = hmac.new(public_pem, f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{_b64(signature)}"


def _another_key() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


Forgery = Callable[[dict[str, object]], str | None]


def forgeries(private_key: Path, public_key: Path) -> dict[str, Forgery]:
    """Attack name -> a function from good claims to the Authorization header to send
    (None: no header at all)."""
    private_pem, public_pem, stranger = (
        private_key.read_bytes(),
        public_key.read_bytes(),
        _another_key(),
    )

    def signed(pem: bytes, **changes: object) -> Forgery:
        return lambda good: "Bearer " + jwt.encode({**good, **changes}, pem, algorithm="RS256")

    return {
        "no token": lambda good: None,
        "malformed": lambda good: "Bearer not.a-token",
        "not bearer": lambda good: "Basic " + _b64(b"north-yorkshire-police:password"),
        "expired": lambda good: (
            "Bearer "
            + mint_token(
                private_pem,
                agency=str(good["agency"]),
                scopes=str(good["scope"]),
                area=good.get("area"),  # type: ignore[arg-type]
                ttl=-3600,
            )
        ),
        "signed by another key": signed(stranger),
        "alg none": lambda good: "Bearer " + jwt.encode(good, None, algorithm="none"),
        "HS256 signed with the public key": lambda good: (
            "Bearer " + _hs256_with_public_key(good, public_pem)
        ),
        "wrong audience": signed(private_pem, aud="another-platform"),
        "wrong issuer": signed(private_pem, iss="https://idp.example"),
        "no agency": lambda good: (
            "Bearer "
            + jwt.encode(
                {k: v for k, v in good.items() if k != "agency"}, private_pem, algorithm="RS256"
            )
        ),
    }


ATTACKS = (
    "no token",
    "malformed",
    "not bearer",
    "expired",
    "signed by another key",
    "alg none",
    "HS256 signed with the public key",
    "wrong audience",
    "wrong issuer",
    "no agency",
)
