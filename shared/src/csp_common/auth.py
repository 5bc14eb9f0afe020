"""Callers: OAuth2 client-credentials JWTs from partner systems.

PyJWT with the algorithms fixed in settings (never taken from the token), issuer,
audience and expiry checked, keys from the identity provider's JWKS or a local PEM.
Missing or bad token: 401. A token for an agency the partnership does not know: 403
(unless it holds only scopes the service grants to outside organisations, such as a
fund's applicants, whose `agency` names their account). Valid token without the scope:
403. A record the caller may not see: 404 (the views decide that).
"""

import asyncio
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from csp_common.errors import Problem
from csp_common.partnership import load_partnership
from csp_common.settings import ServiceSettings

VERIFIED_TOKENS_KEPT = 10_000

_bearer = HTTPBearer(auto_error=False, description="An OAuth2 client-credentials access token")


@dataclass(frozen=True)
class Caller:
    subject: str
    agency: str
    scopes: frozenset[str]
    area: str | None = None

    def has(self, scope: str) -> bool:
        return scope in self.scopes


class TokenVerifier:
    def __init__(self, settings: ServiceSettings) -> None:
        self.issuer = settings.auth_issuer
        self.audience = settings.auth_audience
        self.algorithms = list(settings.auth_algorithms)
        self.leeway = settings.auth_leeway_seconds
        self._jwks = jwt.PyJWKClient(settings.auth_jwks_url) if settings.auth_jwks_url else None
        self._key: Any = None
        if settings.auth_public_key_file is not None:
            self._key = settings.auth_public_key_file.read_bytes()
        if self._jwks is None and self._key is None:
            raise ValueError("configure auth_jwks_url or auth_public_key_file")
        self._verified: OrderedDict[str, tuple[Caller, float]] = OrderedDict()

    async def verify(self, token: str) -> Caller:
        """The caller a token stands for. Partner systems reuse a token for many calls,
        so a verified token is remembered (bounded) until it expires."""
        cached = self._verified.get(token)
        if cached is not None and time.time() < cached[1]:
            return cached[0]
        caller, expires = await self._verify(token)
        self._verified[token] = (caller, expires)
        if len(self._verified) > VERIFIED_TOKENS_KEPT:
            self._verified.popitem(last=False)
        return caller

    async def _verify(self, token: str) -> tuple[Caller, float]:
        key = self._key
        if self._jwks is not None:
            signing_key = await asyncio.to_thread(self._jwks.get_signing_key_from_jwt, token)
            key = signing_key.key
        claims = jwt.decode(
            token,
            key,
            algorithms=self.algorithms,
            audience=self.audience,
            issuer=self.issuer,
            leeway=self.leeway,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
        )
        agency = claims.get("agency")
        if not isinstance(agency, str) or not agency:
            raise jwt.InvalidTokenError("token has no agency claim")
        scope = claims.get("scope", "")
        if not isinstance(scope, str):
            raise jwt.InvalidTokenError("scope must be a space-separated string")
        area = claims.get("area")
        caller = Caller(
            subject=str(claims["sub"]),
            agency=agency,
            scopes=frozenset(scope.split()),
            area=area if isinstance(area, str) and area else None,
        )
        return caller, float(claims["exp"])


def _unauthorized(detail: str) -> Problem:
    return Problem(
        401,
        "Unauthorized",
        detail,
        type="unauthorized",
        headers={"WWW-Authenticate": 'Bearer realm="csp"'},
    )


async def get_current_caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorized("Send an access token in the Authorization header.")
    verifier: TokenVerifier = request.app.state.token_verifier
    try:
        caller = await verifier.verify(credentials.credentials)
    except jwt.ExpiredSignatureError as exc:
        raise _unauthorized("The access token has expired.") from exc
    except (jwt.InvalidTokenError, jwt.PyJWKClientError) as exc:
        raise _unauthorized("The access token is not valid for this service.") from exc
    _refuse_unknown_agency(request, caller)
    request.state.caller = caller
    return caller


def _refuse_unknown_agency(request: Request, caller: Caller) -> None:
    partnership = load_partnership()
    if partnership.agency(caller.agency) is not None:
        return
    outside: frozenset[str] = getattr(request.app.state, "outside_scopes", frozenset())
    if caller.scopes and caller.scopes <= outside:
        return
    raise Problem(
        403,
        "Unknown agency",
        f"The access token is for the agency {caller.agency[:100]!r}, which is not one of "
        f"the {partnership.name} partnership's agencies. Ask the partnership for a token "
        "of an agency it knows.",
        type="unknown-agency",
    )


CurrentCaller = Annotated[Caller, Depends(get_current_caller)]


@dataclass(frozen=True)
class ScopeCheck:
    """A dependency that returns the caller if their token has the scopes: every one of
    them, or with `any_of` at least one. The OpenAPI document lists them in each
    operation's security (csp_common.openapi)."""

    scopes: tuple[str, ...]
    any_of: bool = False

    def alternatives(self) -> list[list[str]]:
        """The scope sets that each satisfy this check."""
        return [[scope] for scope in self.scopes] if self.any_of else [list(self.scopes)]

    def satisfied_by(self, caller: Caller) -> bool:
        held = [caller.has(scope) for scope in self.scopes]
        return any(held) if self.any_of else all(held)

    async def __call__(self, caller: CurrentCaller) -> Caller:
        if self.satisfied_by(caller):
            return caller
        if self.any_of:
            detail = f"This needs one of the scopes {' '.join(self.scopes)}."
        else:
            missing = [scope for scope in self.scopes if not caller.has(scope)]
            detail = f"This needs the scope {' '.join(missing)}."
        raise Problem(
            403, "Forbidden", detail, type="missing-scope", required_scopes=list(self.scopes)
        )


def require_scopes(*scopes: str) -> Any:
    """A dependency that returns the caller if their token has every one of `scopes`."""
    return Depends(ScopeCheck(scopes))


def require_any_scope(*scopes: str) -> Any:
    """A dependency that returns the caller if their token has at least one of `scopes`."""
    return Depends(ScopeCheck(scopes, any_of=True))
