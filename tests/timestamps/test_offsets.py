"""Every moment an API answers with carries its UTC offset: every installed service on
SQLite (the embedded default of `make run`, which keeps no offset in its columns), its
records made by the owner through the OpenAPI links, and every GET the owner may call,
lists and details alike, read back. A date-time string without an offset (`received_at`
of a list, `routed_at` of an inbox, `attempted_at` of a delivery log) fails."""

import contextlib
import re
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from csp_devtools.kits.auth.operations import Operation
from csp_devtools.kits.auth.parties import BODIES, OPERATIONS, OWNER
from csp_devtools.kits.auth.records import NoRecord, Records
from csp_devtools.testing.idempotency import KEYED_POSTS
from csp_devtools.testing.platform import installed_services

MOMENT = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(?P<offset>Z|[+-]\d{2}:?\d{2})?"
)
SERVICES = [service.name for service in installed_services()]


def moments_without_offset(value: Any, where: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from moments_without_offset(item, f"{where}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from moments_without_offset(item, f"{where}/{index}")
    elif isinstance(value, str):
        match = MOMENT.fullmatch(value)
        if match and not match.group("offset"):
            yield f"{where or '/'}: {value}"


def test_a_moment_without_an_offset_is_found() -> None:
    answer = {"items": [{"received_at": "2026-11-20T10:00:00", "on": "2026-11-20"}]}
    assert list(moments_without_offset(answer)) == ["/items/0/received_at: 2026-11-20T10:00:00"]
    assert list(moments_without_offset({"at": "2026-11-20T10:00:00+00:00"})) == []
    assert list(moments_without_offset({"at": "2026-11-20T10:00:00Z"})) == []


@pytest.fixture(scope="module")
async def sqlite_clients(
    tmp_path_factory: pytest.TempPathFactory, signing_keys: tuple[Path, Path]
) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    folder = tmp_path_factory.mktemp("offsets")
    clients: dict[str, httpx.AsyncClient] = {}
    async with contextlib.AsyncExitStack() as stack:
        for service in installed_services():
            app = service.app(
                database_url=f"sqlite+aiosqlite:///{folder}/{service.name}.db",
                auth_public_key_file=signing_keys[1],
                kafka_enabled=False,
            )
            await stack.enter_async_context(app.router.lifespan_context(app))
            clients[service.name] = await stack.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app),
                    base_url=f"http://{service.name}",
                    timeout=60,
                    event_hooks=KEYED_POSTS,
                )
            )
        yield clients


def _reads(service: str) -> list[Operation]:
    return [
        op for op in OPERATIONS if op.service == service and op.method == "get" and not op.public
    ]


@pytest.mark.parametrize("service", SERVICES)
async def test_every_moment_in_answers_has_an_offset(
    service: str,
    sqlite_clients: dict[str, httpx.AsyncClient],
    mint: Callable[..., str],
) -> None:
    token = mint(agency=OWNER.agency, scopes=list(OWNER.scopes))
    headers = {"Authorization": f"Bearer {token}"}
    records = Records(sqlite_clients[service], headers, BODIES)
    found: list[str] = []
    read = 0
    for operation in _reads(service):
        try:
            request = await records.request_for(operation)
        except NoRecord:
            continue  # a record no link makes (a held meeting's record): no answer to read
        response = await request.send(sqlite_clients[service], headers)
        if not response.is_success or "json" not in response.headers.get("content-type", ""):
            continue
        read += 1
        found += [f"{operation.id} {where}" for where in moments_without_offset(response.json())]
    for made_request, made in records.made():
        if made.is_success and "json" in made.headers.get("content-type", ""):
            found += [f"{made_request.url} {w}" for w in moments_without_offset(made.json())]
    assert read, f"{service}: no answer was read"
    assert found == []
