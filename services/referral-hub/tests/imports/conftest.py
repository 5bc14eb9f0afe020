"""Import tests run the service on their own database, without rolling back: the jobs
run as background tasks with their own sessions, as in production."""

import asyncio
import csv
import io
import json
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from openpyxl import Workbook

from csp_devtools.testing.idempotency import KEYED_POSTS
from csp_devtools.testing.infra import create_database, drop_database
from referral_hub.app import create_app
from referral_hub.imports.flows import IMPORTS
from referral_hub.imports.schemas import HATE_REPORT_COLUMNS, REFERRAL_COLUMNS
from referral_hub.settings import ReferralHubSettings

IMPORTER = "north-yorkshire-police"
CSV = {"Content-Type": "text/csv"}
NDJSON = {"Content-Type": "application/x-ndjson"}
XLSX = {"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
COLUMNS = {"referrals": REFERRAL_COLUMNS, "hate-reports": HATE_REPORT_COLUMNS}


@pytest.fixture(scope="session")
async def import_database_url() -> AsyncIterator[str]:
    url = await create_database("csp_hub_imports")
    yield url
    await drop_database(url)


@pytest.fixture(scope="session")
async def import_app(
    hub_settings_factory: Callable[..., ReferralHubSettings], import_database_url: str
) -> AsyncIterator[FastAPI]:
    app = create_app(hub_settings_factory(kafka_enabled=False, database_url=import_database_url))
    async with app.router.lifespan_context(app):
        yield app
        runner = IMPORTS.runner_of(app)
        if runner is not None and runner.tasks:
            await asyncio.wait(runner.tasks, timeout=30)


@pytest.fixture
async def import_client(import_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=import_app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://hub", timeout=60, event_hooks=KEYED_POSTS
    ) as client:
        yield client


@pytest.fixture
def importer(auth_header: Callable[..., dict[str, str]]) -> dict[str, str]:
    return auth_header(agency=IMPORTER, scopes=["referrals:import"])


@pytest.fixture
def migrator(auth_header: Callable[..., dict[str, str]]) -> dict[str, str]:
    """The importing agency's token with the delegation to import in others' names."""
    return auth_header(agency=IMPORTER, scopes=["referrals:import", "referrals:migrate"])


def ndjson(rows: Iterable[dict[str, Any] | str]) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows).encode()


def _flat(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flat(item, f"{prefix}{key}.", out)
    else:
        out[prefix[:-1]] = value


def flatten(kind: str, body: dict[str, Any]) -> dict[str, str]:
    """A JSON row as the CSV columns' cells."""
    by_path = {".".join(path): column for column, path in COLUMNS[kind].paths.items()}
    flat: dict[str, Any] = {}
    _flat(body, "", flat)
    cells = {}
    for path, value in flat.items():
        if value is None:
            continue
        if isinstance(value, list):
            value = ";".join(value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        cells[by_path[path]] = str(value)
    return cells


def csv_file(kind: str, rows: Iterable[dict[str, Any]], columns: list[str] | None = None) -> bytes:
    flat = [flatten(kind, row) for row in rows]
    columns = columns or list(COLUMNS[kind].paths)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(flat)
    return out.getvalue().encode()


def xlsx_file(kind: str, rows: Iterable[list[Any]], columns: list[str]) -> bytes:
    """A workbook whose first sheet has the header `columns` and a row of cells each."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(columns)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def by_row(errors: Iterable[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """A job's row errors, `{row, pointer, code, detail}`, grouped by row."""
    grouped: defaultdict[int, list[dict[str, Any]]] = defaultdict(list)
    for error in errors:
        assert set(error) == {"row", "pointer", "code", "detail"}, error
        grouped[error["row"]].append(error)
    return dict(grouped)


async def finished_job(
    client: httpx.AsyncClient, location: str, headers: dict[str, str], timeout: float = 120
) -> dict[str, Any]:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        job = (await client.get(location, headers=headers)).json()
        if job["status"] in {"completed", "failed"}:
            return job
        assert asyncio.get_running_loop().time() < deadline, job
        await asyncio.sleep(0.05)


async def run_import(
    client: httpx.AsyncClient,
    kind: str,
    content: bytes,
    headers: dict[str, str],
    content_type: dict[str, str] | None = None,
    *,
    filename: str | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Submit a file (as the body with `content_type`, or as the `file` part of a
    multipart form named `filename`), wait for its job, and return the job and all its
    row errors."""
    url = f"/v1/imports/{kind}"
    if filename is not None:
        answer = await client.post(url, files={"file": (filename, content)}, headers=headers)
    else:
        assert content_type is not None
        answer = await client.post(url, content=content, headers=headers | content_type)
    assert answer.status_code == 202, answer.text
    job = await finished_job(client, answer.headers["location"], headers)
    errors: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await client.get(job["errors_url"], params=params, headers=headers)).json()
        errors += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return job, errors


class Kit:
    """The helpers above, as a fixture (test modules cannot import a conftest)."""

    ndjson = staticmethod(ndjson)
    flatten = staticmethod(flatten)
    csv_file = staticmethod(csv_file)
    xlsx_file = staticmethod(xlsx_file)
    by_row = staticmethod(by_row)
    finished_job = staticmethod(finished_job)
    run_import = staticmethod(run_import)
    CSV = CSV
    NDJSON = NDJSON
    XLSX = XLSX
    IMPORTER = IMPORTER


@pytest.fixture
def kit() -> type[Kit]:
    return Kit
