"""The local stack's signing key and token minting (what `csp token` does)."""

import time
import uuid
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

LOCAL_ISSUER = "csp-local"
AUDIENCE = "csp-platform"


def generate_key_pair(directory: Path) -> tuple[Path, Path]:
    """Create (once) an RSA key pair; returns (private, public) PEM paths."""
    directory.mkdir(parents=True, exist_ok=True)
    private_path = directory / "signing-key.pem"
    public_path = directory / "signing-key.pub.pem"
    if not private_path.exists():
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        private_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        private_path.chmod(0o600)
        public_path.write_bytes(
            key.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
    return private_path, public_path


def mint_token(
    private_key_pem: bytes,
    *,
    agency: str,
    scopes: list[str] | str,
    area: str | None = None,
    ttl: int = 3600,
    subject: str | None = None,
    issuer: str = LOCAL_ISSUER,
    audience: str = AUDIENCE,
) -> str:
    now = int(time.time())
    claims: dict[str, object] = {
        "iss": issuer,
        "aud": audience,
        "sub": subject or f"{agency}-system",
        "agency": agency,
        "scope": scopes if isinstance(scopes, str) else " ".join(scopes),
        "iat": now,
        "nbf": now,
        "exp": now + ttl,
        "jti": str(uuid.uuid4()),
    }
    if area:
        claims["area"] = area
    return jwt.encode(claims, private_key_pem, algorithm="RS256")
