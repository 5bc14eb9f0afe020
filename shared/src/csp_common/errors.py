"""RFC 9457 problem details for every error, and a request body size limit."""

import logging
from collections.abc import Mapping
from typing import Any

from asgi_correlation_id import correlation_id
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://csp-platform.org/problems/"


class Problem(Exception):
    """An error to answer as problem+json."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str | None = None,
        *,
        type: str | None = None,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.title = title
        self.detail = detail
        self.type = type
        self.headers = headers
        self.extensions = extensions


def not_found(record_type: str) -> Problem:
    return Problem(
        404, "Not found", f"No {record_type} with that id is visible to you.", type="not-found"
    )


def problem_response(
    request: Request,
    *,
    status: int,
    title: str,
    detail: str | None = None,
    type: str | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + type if type else "about:blank",
        "title": title,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    body["instance"] = request.url.path
    request_id = correlation_id.get()
    if request_id:
        body["request_id"] = request_id
    body.update(extensions)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


async def _problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return problem_response(
        request,
        status=exc.status,
        title=exc.title,
        detail=exc.detail,
        type=exc.type,
        headers=exc.headers,
        **exc.extensions,
    )


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    titles = {
        401: "Unauthorized",
        403: "Forbidden",
        404: "Not found",
        405: "Method not allowed",
        413: "Request body too large",
    }
    return problem_response(
        request,
        status=exc.status_code,
        title=titles.get(exc.status_code, "Request failed"),
        detail=str(exc.detail) if exc.detail else None,
        headers=getattr(exc, "headers", None),
    )


MAX_ERRORS_LISTED = 50
"""A body can hold millions of bad values; the answer lists the first ones and the count."""
MAX_POINTER_LENGTH = 200


def _pointer(loc: tuple[Any, ...]) -> str:
    pointer = "#/" + "/".join(str(part) for part in loc)
    if len(pointer) > MAX_POINTER_LENGTH:
        return pointer[: MAX_POINTER_LENGTH - 1] + "…"
    return pointer


def _undecodable_body(error: Mapping[str, Any], body: object) -> dict[str, str] | None:
    """FastAPI reports a JSON decode error at `#/body/<character offset>`; a caller needs
    to hear that the body is not JSON, and where, as an editor counts: line and column."""
    loc = tuple(error.get("loc", ()))
    if error.get("type") != "json_invalid" or len(loc) != 2 or not isinstance(loc[1], int):
        return None
    offset = loc[1]
    reason = str((error.get("ctx") or {}).get("error") or "JSON decode error")
    if isinstance(body, str | bytes) and 0 <= offset <= len(body):
        newline = "\n" if isinstance(body, str) else b"\n"
        line = body.count(newline, 0, offset) + 1  # type: ignore[arg-type]
        column = offset - body.rfind(newline, 0, offset)  # type: ignore[arg-type]
        where = f"line {line}, column {column}"
    else:
        where = f"character {offset + 1}"
    return {
        "pointer": "#/body",
        "detail": f"the body is not valid JSON: {reason[:1].lower()}{reason[1:]} at {where}",
        "code": "json_invalid",
    }


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    found = exc.errors()
    errors = [
        _undecodable_body(error, exc.body)
        or {
            "pointer": _pointer(tuple(error.get("loc", ()))),
            "detail": error.get("msg", "invalid"),
            "code": error.get("type", "invalid"),
        }
        for error in found[:MAX_ERRORS_LISTED]
    ]
    fields = ", ".join(e["pointer"] for e in errors[:5])
    more = len(found) - len(errors)
    if len(errors) == 1 and errors[0]["code"] == "json_invalid":
        detail = f"The request is not valid: {errors[0]['detail']}."
    else:
        detail = f"The request is not valid: {fields}" + (
            f" (and {more:,} more errors not listed)" if more else ""
        )
    return problem_response(
        request,
        status=422,
        title="Invalid request",
        detail=detail,
        type="validation",
        errors=errors,
        errors_total=len(found),
    )


async def _conflict(request: Request, exc: Exception) -> JSONResponse:
    log.info("integrity error answered as 409", extra={"error": type(exc).__name__})
    return problem_response(
        request,
        status=409,
        title="Conflict",
        detail="The request conflicts with a record that already exists or has changed.",
        type="conflict",
    )


async def _unstorable(request: Request, exc: Exception) -> JSONResponse:
    log.info("data error answered as 422", extra={"error": type(exc).__name__})
    return problem_response(
        request,
        status=422,
        title="Invalid request",
        detail="A value cannot be stored (a control character, or out of range).",
        type="validation",
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error", exc_info=exc)
    return problem_response(
        request,
        status=500,
        title="Internal error",
        detail="Something went wrong on our side. Quote the request id if you report it.",
        type="internal",
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Problem, _problem)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(IntegrityError, _conflict)
    app.add_exception_handler(DataError, _unstorable)
    app.add_exception_handler(Exception, _unexpected)


class BodySizeLimit:
    """Refuses bodies over a limit with 413, before the application reads them.

    `overrides` maps a path prefix to its own limit (bulk imports take large files).
    """

    def __init__(
        self, app: ASGIApp, *, limit: int, overrides: dict[str, int] | None = None
    ) -> None:
        self.app = app
        self.limit = limit
        self.overrides = overrides or {}

    def _limit_for(self, path: str) -> int:
        for prefix, limit in self.overrides.items():
            if path.startswith(prefix):
                return limit
        return self.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit_for(scope["path"])
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, limit)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise StarletteHTTPException(413, f"The body is larger than {limit} bytes.")
            return message

        await self.app(scope, limited_receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        response = problem_response(
            Request(scope, receive),
            status=413,
            title="Request body too large",
            detail=f"The body is larger than {limit} bytes.",
            type="too-large",
        )
        await response(scope, receive, send)
