"""Test clients that send an Idempotency-Key as partners' clients must: every POST
without one gets a new key (a test that retries, or leaves the key out, sets or tests
the header itself on a client of its own).

    httpx.AsyncClient(transport=..., event_hooks=KEYED_POSTS)
    httpx.Client(base_url=..., event_hooks=KEYED_POSTS_SYNC)
"""

import uuid
from typing import Any

import httpx

HEADER = "Idempotency-Key"


def add_idempotency_key(request: httpx.Request) -> None:
    if request.method == "POST" and HEADER not in request.headers:
        request.headers[HEADER] = str(uuid.uuid4())


async def _add_idempotency_key(request: httpx.Request) -> None:
    add_idempotency_key(request)


KEYED_POSTS: dict[str, list[Any]] = {"request": [_add_idempotency_key]}
KEYED_POSTS_SYNC: dict[str, list[Any]] = {"request": [add_idempotency_key]}
