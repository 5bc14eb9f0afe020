"""Property: whatever a file holds (any Unicode, any number, any nesting, bytes that are
not UTF-8), an import answers 202, the job completes, and every row the engine reads
from the file is counted once: imported, skipped or refused with its own errors. Never a
5xx, never a failed job."""

import asyncio
import csv
import io
import json
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csp_common.imports import Columns, read_file
from csp_devtools.testing.infra import create_database, drop_database, server_in_thread
from marac.app import create_app
from marac.imports.schemas import CaseRow, IncidentRow, MeetingRow
from marac.settings import MaracSettings

# Any code point, lone surrogates too (json.dumps escapes them; CSV writes them as
# bytes that are not UTF-8).
ANY_TEXT = st.text(st.characters(codec=None, categories=None), max_size=40)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(),
    ANY_TEXT,
    st.sampled_from(["", " ", "0", "-1", "1.5", "1e400", "2024-02-30", "1700000000", "york"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=8,
)
DEEP_LINES = st.integers(min_value=1, max_value=200_000).map(lambda n: "[" * n)


def _valid(kind: str, reference: str, day: int) -> dict[str, Any]:
    on = f"20{10 + day % 10:02d}-{1 + day % 12:02d}-{1 + day % 28:02d}"
    if kind == "meetings":
        return {"source_reference": reference, "area": "york", "held_on": on}
    if kind == "incidents":
        return {
            "source_reference": reference,
            "subject_id": str(uuid.uuid4()),
            "victim_id": str(uuid.uuid4()),
            "area": "york",
            "occurred_on": on,
            "gravity": 1 + day % 10,
        }
    return {
        "source_reference": reference,
        "area": "york",
        "victim_id": str(uuid.uuid4()),
        "referred_on": on,
        "referring_agency": "north-yorkshire-police",
        "criteria": "visible_high_risk",
        "children_in_household": day % 4,
        "victim_age_band": "25_34",
        "victim_gender": "female",
        "victim_ethnicity": "white",
    }


@st.composite
def rows(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    row = _valid(kind, f"P-{uuid.uuid4().hex[:12]}", draw(st.integers(0, 10_000)))
    for name in draw(st.lists(st.sampled_from(sorted(row)), max_size=3, unique=True)):
        row[name] = draw(VALUES)
    if draw(st.booleans()):
        row[draw(ANY_TEXT)] = draw(VALUES)  # a field no row may have
    return row


def _ndjson(lines: list[dict | str]) -> bytes:
    text = "\n".join(json.dumps(v) if isinstance(v, dict) else v for v in lines) + "\n"
    return text.encode("utf-8", "surrogatepass")


def _csv(kind: str, lines: list[dict]) -> bytes:
    columns = list(_valid(kind, "x", 0))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in lines:
        writer.writerow(["" if row.get(c) is None else str(row.get(c)) for c in columns])
    return out.getvalue().encode("utf-8", "surrogatepass")


MODELS = {"meetings": MeetingRow, "cases": CaseRow, "incidents": IncidentRow}


def _rows_in(body: bytes, kind: str, file_format: str) -> int:
    """The rows the engine reads from the file (blank lines and empty CSV rows are none)."""
    rows = read_file(io.BytesIO(body), file_format, Columns.of(MODELS[kind]))  # type: ignore[arg-type]
    try:
        return sum(1 for _ in rows.rows)
    finally:
        rows.close()


@pytest.fixture(scope="module")
def marac_url(signing_keys: tuple[Path, Path]) -> Iterator[str]:
    url = asyncio.run(create_database("csp_marac_import_props"))
    app = create_app(
        MaracSettings(database_url=url, kafka_enabled=False, auth_public_key_file=signing_keys[1])
    )
    with server_in_thread(app) as server_url:
        yield server_url
    asyncio.run(drop_database(url))


def _check(url: str, token: str, kind: str, body: bytes, content_type: str, rows: int) -> None:
    headers = {"Authorization": f"Bearer {token}", "content-type": content_type}
    with httpx.Client(base_url=url, timeout=60) as client:
        created = client.post(f"/v1/imports/{kind}", content=body, headers=headers)
        assert created.status_code == 202, created.text
        location = created.headers["location"]
        deadline = time.monotonic() + 60
        while True:
            job = client.get(location, headers=headers)
            assert job.status_code == 200, job.text
            if job.json()["status"] in ("completed", "failed") or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        job = job.json()
        errors = client.get(f"{job['errors_url']}?limit=1000", headers=headers).json()["items"]
    assert job["status"] == "completed", job
    assert job["rows_total"] == job["rows_processed"] == rows
    assert job["rows_imported"] + job["rows_skipped"] + job["rows_failed"] == rows
    refused = {e["row"] for e in errors}
    assert len(refused) == job["rows_failed"]
    assert all(e["code"] and e["detail"] and e["pointer"].startswith("#") for e in errors)


KINDS = st.sampled_from(["meetings", "cases", "incidents"])
PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY
@given(data=st.data(), kind=KINDS)
def test_any_ndjson_file_completes_with_every_row_accounted_for(
    data: st.DataObject, kind: str, marac_url: str, mint: Callable[..., str]
) -> None:
    line = st.one_of(rows(kind), ANY_TEXT, DEEP_LINES)
    lines = data.draw(st.lists(line, min_size=1, max_size=12))
    body = _ndjson(lines)
    if not body.strip():
        return
    token = mint(agency="north-yorkshire-police", scopes=["marac:import", "admin"])
    _check(marac_url, token, kind, body, "application/x-ndjson", _rows_in(body, kind, "ndjson"))


@PROPERTY
@given(data=st.data(), kind=KINDS)
def test_any_csv_file_completes_with_every_row_accounted_for(
    data: st.DataObject, kind: str, marac_url: str, mint: Callable[..., str]
) -> None:
    body = _csv(kind, data.draw(st.lists(rows(kind), min_size=1, max_size=12)))
    rows_in_file = _rows_in(body, kind, "csv")
    if not rows_in_file:
        return
    token = mint(agency="north-yorkshire-police", scopes=["marac:import", "admin"])
    _check(marac_url, token, kind, body, "text/csv", rows_in_file)
