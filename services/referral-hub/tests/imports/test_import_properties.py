"""POST /v1/imports/referrals over arbitrary Unicode names, numbers and nesting, in CSV
and NDJSON: the job always completes, every row is imported or reported, and (NDJSON) the
rows imported are exactly those the row model and the partnership accept."""

import csv
import io
import json
import uuid
from typing import Any

import httpx
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlalchemy import select

from csp_common.partnership import load_partnership
from csp_devtools.kits.referral_hub import mutated, valid_referral
from referral_hub.imports.schemas import REFERRAL_COLUMNS, ReferralImportRow
from referral_hub.referral.models import Referral

BASE = valid_referral() | {"incident_date": "2023-05-01", "source_reference": "x"}
AREAS = set(load_partnership().area_codes)
referral_table = Referral.__table__
UNREADABLE = [  # lines no row model can read, but that must not stop the file
    "[" * 100_000,
    '{"source_reference": "deep", "victim": ' + "[" * 50_000 + "}",
    '{"children_in_household": ' + "9" * 5_000 + "}",
    "not json, or a CSV row of the wrong width",
    '"an unbalanced quote,',
]


def importable(row: dict[str, Any]) -> bool:
    try:
        body = ReferralImportRow.model_validate(row)
    except ValidationError:
        return False
    return body.area in AREAS


def ndjson_file(rows: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(row) + "\n" for row in rows).encode()


def _cell(row: dict[str, Any], path: tuple[str, ...]) -> str:
    value: Any = row
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return ""
        value = value[part]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ";".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value)


def csv_file(rows: list[dict[str, Any]]) -> bytes:
    """Every column, a cell of whatever each row holds there; lone surrogates become
    bytes that are not UTF-8, as a broken export writes them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(REFERRAL_COLUMNS.paths)
    for row in rows:
        writer.writerow(_cell(row, path) for path in REFERRAL_COLUMNS.paths.values())
    return out.getvalue().encode("utf-8", errors="surrogatepass")


async def stored_references(app: FastAPI, prefix: str) -> set[str]:
    async with app.state.session_factory() as session:
        found = await session.scalars(
            select(referral_table.c.source_reference).where(
                referral_table.c.source_reference.like(f"{prefix}-%")
            )
        )
        return set(found)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(mutated(BASE), min_size=1, max_size=6),
    file_format=st.sampled_from(["ndjson", "csv"]),
    unreadable=st.lists(st.sampled_from(UNREADABLE), max_size=2),
)
async def test_every_row_is_imported_or_reported_and_the_job_completes(
    import_client: httpx.AsyncClient,
    import_app: FastAPI,
    importer: dict[str, str],
    kit: Any,
    rows: list[dict[str, Any]],
    file_format: str,
    unreadable: list[str],
) -> None:
    prefix = f"P{uuid.uuid4().hex[:10]}"
    for n, row in enumerate(rows):
        row["source_reference"] = f"{prefix}-{n}"
        row.pop("referring_agency", None)
    content = ndjson_file(rows) if file_format == "ndjson" else csv_file(rows)
    if file_format == "csv":  # in CSV a stray quote joins the lines after it into one row
        unreadable = [line for line in unreadable if '"' not in line]
    content += "".join(line + "\n" for line in unreadable).encode()
    content_type = kit.NDJSON if file_format == "ndjson" else kit.CSV
    job, errors = await kit.run_import(import_client, "referrals", content, importer, content_type)

    assert job["status"] == "completed", job
    stored = await stored_references(import_app, prefix)
    refused = kit.by_row(errors)  # every error in the engine's shape
    assert job["rows_imported"] == len(stored)
    assert job["rows_failed"] == len(refused)
    left_out = len(rows) + len(unreadable) - len(stored)
    assert left_out <= job["rows_failed"]  # every row left out is reported
    if file_format == "ndjson":
        round_trip = [json.loads(json.dumps(row)) for row in rows]
        expected = {row["source_reference"] for row in round_trip if importable(row)}
        assert stored == expected
        assert sorted(refused) == [
            n + 1 for n, row in enumerate(rows) if row["source_reference"] not in stored
        ] + [len(rows) + n + 1 for n in range(len(unreadable))]
