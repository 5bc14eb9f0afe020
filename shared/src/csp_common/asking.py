"""Asking another service for a record over HTTP (a person's history for a DHR
chronology or a subject access request; an audit trail), with the calling service's
own token and the caller's `X-Purpose`.

A source that cannot be reached, times out, refuses the token, fails or answers more
than `max_bytes` raises `Unavailable` with a reason code, so the caller reports it and
never leaves the source out silently. Nothing of what a source answers is logged.
"""

from typing import Literal

import httpx

from csp_common.audit import PURPOSE_HEADER

Unavailability = Literal["not_configured", "unreachable", "timeout", "refused", "error", "invalid"]
MAX_ANSWER_BYTES = 20 * 1024 * 1024


def purpose_header(purpose: str) -> dict[str, bytes]:
    """The `X-Purpose` to send on: a header arrives decoded as Latin-1 (so a purpose may
    hold `é`), and httpx would refuse to encode such a string as ASCII; sent as the same
    bytes, the source reads the same purpose."""
    return {PURPOSE_HEADER: purpose.encode("latin-1", "replace")}


class Unavailable(Exception):
    def __init__(self, reason: Unavailability) -> None:
        super().__init__(reason)
        self.reason: Unavailability = reason


async def get_body(
    client: httpx.AsyncClient,
    url: str,
    *,
    params: dict[str, str | list[str]] | None = None,
    missing_is_answer: bool = False,
    max_bytes: int = MAX_ANSWER_BYTES,
) -> bytes | None:
    """The body of a 200 answer; None for a 404 when `missing_is_answer` (the source
    does not know the record); `Unavailable` for anything else."""
    try:
        async with client.stream("GET", url, params=params) as response:
            if response.status_code == 404 and missing_is_answer:
                return None
            if response.status_code in (401, 403):
                raise Unavailable("refused")
            if response.status_code != 200:
                raise Unavailable("error")
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise Unavailable("invalid")
    except httpx.TimeoutException:
        raise Unavailable("timeout") from None
    except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError):
        raise Unavailable("unreachable") from None
    except httpx.HTTPError:
        raise Unavailable("error") from None
    return bytes(body)
