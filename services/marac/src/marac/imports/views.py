"""`/v1/imports`: bring a partnership's history (meetings, cases, police incidents)."""

import asyncio
import uuid
from typing import Annotated, BinaryIO

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.auth import Caller
from csp_common.db import DbSession
from csp_common.errors import Problem, not_found
from marac.access import ADMIN, Importer, caller_area
from marac.common import utcnow
from marac.dependencies import Settings
from marac.imports.flows import ImportRequest
from marac.imports.models import ImportFormat, ImportJobOut, ImportKind, RowError, import_job_table
from marac.imports.rows import ROW_MODELS, FileRefused, check_csv_header
from marac.imports.service import ACTIVE, fail_if_stale
from marac.imports.spool import spool, spool_file
from marac.settings import MaracSettings

router = APIRouter(prefix="/v1/imports", tags=["imports"])

FORMATS = {
    "text/csv": "csv",
    "application/x-ndjson": "ndjson",
    "application/ndjson": "ndjson",
    "application/jsonl": "ndjson",
}

DESCRIPTION = """
Scope `marac:import`. Send the file as the request body with `Content-Type: text/csv` or
`application/x-ndjson` (or `multipart/form-data` with a `file` part), and `?kind=`:

- `meetings`: `source_reference, area, held_on, kind, status, venue, chair_agency,
  confidentiality_statement_read, capacity, attendance` (CSV: `agency=status;...`);
- `cases`: `source_reference, area, referral_id, victim_id, perpetrator_id, referred_on,
  referring_agency, criteria` (CSV: `a;b`) `, score, children_in_household,
  victim_age_band, victim_gender, victim_ethnicity, victim_disability, victim_lgbt,
  perpetrator_age_band, perpetrator_gender, repeat, urgent, meeting_reference, status,
  closed_on`;
- `incidents` (police data for MATAC): `source_reference, subject_id, victim_id, area,
  occurred_on, gravity, subject_age_band`.

A case's `referring_agency` is your agency's, unless your token has `admin` (the
partnership's migration of its history, audited case by case). A case's `referral_id`,
if any, must be a referral that agency made or was sent, about the same victim, as for
`POST /v1/cases`: any other is refused as a referral that does not exist.

A CSV file has a header row naming only these columns (any other column, a missing
required one or a repeated one refuses the whole file with 422, before anything is
stored), and one row a line: a quoted cell never spans lines. NDJSON has one JSON
object a line. A row with a field it may not have is refused alone.

Original dates are kept, and so are the events' dates. Each row is idempotent by its
`source_reference`: importing a file again changes nothing. Import meetings before the
cases heard at them, in date order (escalations are evaluated meeting by meeting). The
answer is a job (202) to poll: progress, counts, and an error per refused row.

The file is held in an anonymous temporary file while the job runs, never in the
database. A job interrupted by a restart ends `failed`: send the file again (rows
already imported are counted as unchanged).
"""


def _job_out(row) -> ImportJobOut:  # type: ignore[no-untyped-def]
    m = row._mapping
    total = m["total_rows"]
    return ImportJobOut(
        id=m["id"],
        kind=m["kind"],
        format=m["format"],
        status=m["status"],
        total_rows=total,
        processed_rows=m["processed_rows"],
        created_rows=m["created_rows"],
        unchanged_rows=m["unchanged_rows"],
        failed_rows=m["failed_rows"],
        failure=m["failure"],
        progress=1.0
        if m["status"] == "completed"
        else round(m["processed_rows"] / total, 4)
        if total
        else 0.0,
        errors=[RowError(**e) for e in m["errors"] or []],
        created_at=m["created_at"],
        finished_at=m["finished_at"],
    )


async def _file(request: Request, fmt: ImportFormat | None) -> tuple[BinaryIO, int, str]:
    """The upload spooled to a temporary file: (file, size, format)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        form = await request.form()
        try:
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                raise Problem(
                    422,
                    "No file",
                    "Send the file in a multipart part named `file`.",
                    type="validation",
                )
            name = (upload.filename or "").lower()
            guessed = (
                "csv"
                if name.endswith(".csv")
                else "ndjson"
                if name.endswith((".ndjson", ".jsonl"))
                else None
            )
            fmt = fmt or guessed
            if fmt is not None:
                handle, size = await spool_file(upload.file)
        finally:
            await form.close()  # the parser's own spooled copy goes now
    else:
        fmt = fmt or FORMATS.get(content_type)
        if fmt is not None:
            handle, size = await spool(request.stream())
    if fmt is None:
        raise Problem(
            415,
            "Unsupported format",
            "Send text/csv or application/x-ndjson, or say ?format=csv|ndjson.",
            type="unsupported-format",
        )
    return handle, size, fmt


def _check(handle: BinaryIO, *, size: int, fmt: str, kind: str, settings: MaracSettings) -> None:
    """Refuse a file that cannot be imported at all, before anything is stored."""
    if size > settings.max_import_bytes:
        raise Problem(
            413,
            "Request body too large",
            f"Imports are limited to {settings.max_import_bytes} bytes.",
            type="too-large",
        )
    if not _has_content(handle):
        raise Problem(422, "Empty file", "The file has no rows.", type="validation")
    if fmt == "csv":
        try:
            check_csv_header(handle, ROW_MODELS[kind])
        except FileRefused as refused:
            raise Problem(
                422, "Invalid file", refused.detail, type="validation", errors=refused.errors
            ) from None
    handle.seek(0)


def _has_content(handle: BinaryIO) -> bool:
    handle.seek(0)
    while block := handle.read(64 * 1024):
        if block.strip():
            return True
    return False


@router.post(
    "",
    status_code=202,
    summary="Import historical meetings, cases or police incidents",
    description=DESCRIPTION,
    responses={
        202: {"description": "The job; poll its Location"},
        413: {"description": "The file is larger than the import limit"},
        415: {"description": "Neither CSV nor NDJSON"},
    },
    openapi_extra={
        "requestBody": {
            "content": {
                "application/x-ndjson": {
                    "example": '{"source_reference": "YRK-M-2023-01", "area": "york", '
                    '"held_on": "2023-01-05", "chair_agency": "north-yorkshire-police", '
                    '"attendance": {"north-yorkshire-police": "present", "idas": "present"}}\n'
                },
                "text/csv": {
                    "example": "source_reference,area,held_on,attendance\n"
                    "YRK-M-2023-01,york,2023-01-05,north-yorkshire-police=present;idas=absent\n"
                },
            }
        }
    },
)
async def create_import(
    request: Request,
    response: Response,
    session: DbSession,
    caller: Importer,
    settings: Settings,
    kind: Annotated[ImportKind, Query(description="What the rows are")],
    format: Annotated[ImportFormat | None, Query(description="Else from the content type")] = None,
) -> ImportJobOut:
    handle, size, fmt = await _file(request, format)
    try:
        await asyncio.to_thread(_check, handle, size=size, fmt=fmt, kind=kind, settings=settings)
        job_id = str(uuid.uuid4())
        now = utcnow()
        await session.execute(
            import_job_table.insert().values(
                id=job_id,
                kind=kind,
                format=fmt,
                status="queued",
                agency=caller.agency,
                area_limit=None if caller.has(ADMIN) else caller_area(caller),
                total_rows=0,
                processed_rows=0,
                created_rows=0,
                unchanged_rows=0,
                failed_rows=0,
                errors=[],
                created_at=now,
                heartbeat_at=now,
            )
        )
        row = (
            await session.execute(select(import_job_table).where(import_job_table.c.id == job_id))
        ).one()
        await session.commit()
    except BaseException:
        handle.close()
        raise
    request.app.state.imports.submit(
        ImportRequest(job_id=job_id, kind=kind, format=fmt, file=handle, caller=caller)
    )
    response.headers["Location"] = f"/v1/imports/{job_id}"
    return _job_out(row)


@router.get(
    "/{job_id}",
    summary="Poll an import job",
    description=(
        "Progress, counts and the row errors. A job is visible to the agency that started it."
    ),
    responses={404: {"description": "No such job of your agency"}},
)
async def read_import(job_id: uuid.UUID, session: DbSession, caller: Importer) -> ImportJobOut:
    row = await _visible_job(session, caller=caller, job_id=job_id)
    if row.status in ACTIVE and await fail_if_stale(session, job_ids=[row.id]):
        await session.commit()
        row = await _visible_job(session, caller=caller, job_id=job_id)
    return _job_out(row)


async def _visible_job(session: AsyncSession, *, caller: Caller, job_id: uuid.UUID) -> Row:
    row = (
        await session.execute(select(import_job_table).where(import_job_table.c.id == str(job_id)))
    ).first()
    if row is None or (row.agency != caller.agency and not caller.has(ADMIN)):
        raise not_found("import job")
    return row
