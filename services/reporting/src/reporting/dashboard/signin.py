"""How a browser gets into the dashboard.

A browser cannot send the partner system's bearer token on a page load, and a
long-lived token in a URL would leak into history and logs. So:

1. the partner system (or the `csp` command) calls `POST /v1/dashboard/links` with its
   token (scope `reports:read`) and gets a link holding a *link token*: signed by
   reporting (HS256, `dashboard_secret`), valid for 5 minutes, usable once (its id is
   recorded when used);
2. opening the link opens a *session* on the server (a row in `dashboard_session`) and
   sets a cookie naming it: signed the same way, an hour long, `HttpOnly`,
   `SameSite=Strict`, `Secure`, limited to `/dashboard`; the answer redirects to the
   page without the token in its address. Signing out deletes the row, so the cookie
   stops working at once, wherever it was copied to;
3. dashboard pages accept that cookie, or a bearer token with `reports:read` (for a
   reverse proxy that holds the user's token).

The link's address is built from the configured `dashboard_public_url`, never from the
request's `Host` header, which the caller chooses.

The pages have no script, send a strict Content-Security-Policy and are never cached.
"""

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from csp_common import clock
from csp_common.auth import Caller

LINK_AUDIENCE = "csp-reporting-dashboard-link"
SESSION_AUDIENCE = "csp-reporting-dashboard-session"
COOKIE = "csp_dashboard"
COOKIE_PATH = "/dashboard"
ALGORITHM = "HS256"


@dataclass(frozen=True)
class Viewer:
    subject: str
    agency: str
    session_id: str | None = None
    """The server-side session of a browser; None for a bearer token."""


def process_secret() -> str:
    """A key for one process only, when no `dashboard_secret` is configured."""
    return secrets.token_urlsafe(32)


def mint_link(secret: str, caller: Caller, *, ttl: int, next_path: str) -> tuple[str, datetime]:
    expires = clock.now() + timedelta(seconds=ttl)
    token = jwt.encode(
        {
            "aud": LINK_AUDIENCE,
            "sub": caller.subject,
            "agency": caller.agency,
            "next": next_path,
            "jti": uuid.uuid4().hex,
            "exp": expires,
            "iat": clock.now(),
        },
        secret,
        algorithm=ALGORITHM,
    )
    return token, expires


def read_link(secret: str, token: str) -> dict:
    """The claims of a valid link token; raises jwt.InvalidTokenError otherwise."""
    return jwt.decode(
        token,
        secret,
        algorithms=[ALGORITHM],
        audience=LINK_AUDIENCE,
        options={"require": ["exp", "sub", "jti", "aud"]},
    )


def new_session_id() -> str:
    # Hex: a code like every other stored value (never a leading "-" or "_").
    return secrets.token_hex(24)


def mint_session(secret: str, viewer: Viewer, *, expires: datetime) -> str:
    return jwt.encode(
        {
            "aud": SESSION_AUDIENCE,
            "sub": viewer.subject,
            "agency": viewer.agency,
            "sid": viewer.session_id,
            "exp": expires,
        },
        secret,
        algorithm=ALGORITHM,
    )


def read_session(secret: str, token: str) -> Viewer | None:
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            audience=SESSION_AUDIENCE,
            options={"require": ["exp", "sub", "aud", "sid"]},
        )
    except jwt.InvalidTokenError:
        return None
    session_id = claims["sid"]
    if not isinstance(session_id, str) or not 0 < len(session_id) <= 64:
        return None
    return Viewer(
        subject=str(claims["sub"]), agency=str(claims.get("agency", "")), session_id=session_id
    )


def link_url(public_url: str, token: str) -> str:
    """The one-time link, at the service's configured public address."""
    return f"{public_url.rstrip('/')}/dashboard/login?token={token}"


def safe_next(path: str | None) -> str:
    """Only a dashboard page: a link never sends a browser anywhere else."""
    if not path or not path.startswith("/dashboard") or "//" in path or "\\" in path:
        return "/dashboard"
    return path[:300]
