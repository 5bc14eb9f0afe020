"""Every installed service as a real HTTP server in a thread of its own (schemathesis
calls synchronously), each on a PostgreSQL database of its own. Relays and consumers
are off (fuzzing is about what callers send); a rebuild reads the session's broker.

`CSP_FUZZ_EXAMPLES` sets the examples per operation: a few for `make test`, 1,000 for
`make reliability`.
"""

import contextlib
import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

from csp_devtools.kits.fuzz import DOCUMENTS, Tally, report
from csp_devtools.testing.infra import Broker, create_database, drop_database, server_in_thread
from csp_devtools.testing.platform import installed_services
from csp_devtools.testing.report import RELIABILITY_HEADER, write_section


@pytest.fixture(scope="session")
async def fuzz_urls(
    signing_keys: tuple[Path, Path], broker: Broker
) -> AsyncIterator[dict[str, str]]:
    urls: dict[str, str] = {}
    with contextlib.ExitStack() as servers:
        databases = []
        for service in installed_services():
            database = await create_database(f"csp_fuzz_{service.name.replace('-', '_')}")
            databases.append(database)
            app = service.app(
                database_url=database,
                auth_public_key_file=signing_keys[1],
                kafka_enabled=False,
                kafka_bootstrap_servers=broker.bootstrap_servers,
            )
            urls[service.name] = servers.enter_context(server_in_thread(app))
        try:
            yield urls
        finally:
            servers.close()
            for database in databases:
                await drop_database(database)


@pytest.fixture(scope="session")
def fuzz_authorization(mint: Callable[..., str]) -> dict[str, str]:
    """IDAS with every scope and no area: it refers, is routed to, coordinates, imports
    and administers, so the fuzzer reaches every operation's inside."""
    scopes = sorted(
        {
            scope
            for document in DOCUMENTS.values()
            for item in document["paths"].values()
            for operation in item.values()
            for requirement in operation.get("security", [])
            for scopes in requirement.values()
            for scope in scopes
        }
    )
    return {"Authorization": f"Bearer {mint(agency='idas', scopes=scopes)}"}


@pytest.fixture(scope="session")
def fuzz_tally() -> Iterator[Callable[[str, str], Tally]]:
    """tally(service, mode): the session's count of calls and server errors."""
    tallies: dict[tuple[str, str], Tally] = {}

    def tally(service: str, mode: str) -> Tally:
        return tallies.setdefault((service, mode), Tally(service, mode))

    yield tally
    path = os.environ.get("CSP_FUZZ_REPORT")
    if path and tallies:
        write_section(
            Path(path), "fuzzing", report(list(tallies.values())), header=RELIABILITY_HEADER
        )
