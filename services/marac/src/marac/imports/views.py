"""`/v1/imports`: bring a partnership's history (meetings, cases, police incidents)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select

from csp_common.db import DbSession
from csp_common.errors import Problem, not_found
from marac.access import ADMIN, Importer, caller_area
from marac.common import utcnow
from marac.dependencies import Settings
from marac.imports.models import ImportFormat, ImportJobOut, ImportKind, RowError, import_job_table
from marac.imports.rows import count_rows

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

Original dates are kept, and so are the events' dates. Each row is idempotent by its
`source_reference`: importing a file again changes nothing. Import meetings before the
cases heard at them, in date order (escalations are evaluated meeting by meeting). The
answer is a job (202) to poll: progress, counts, and an error per refused row.
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
        progress=round(m["processed_rows"] / total, 4) if total else 1.0,
        errors=[RowError(**e) for e in m["errors"] or []],
        created_at=m["created_at"],
        finished_at=m["finished_at"],
    )


async def _file(request: Request, fmt: ImportFormat | None) -> tuple[bytes, str]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise Problem(
                422, "No file", "Send the file in a multipart part named `file`.", type="validation"
            )
        content = await upload.read()
        name = (upload.filename or "").lower()
        guessed = (
            "csv"
            if name.endswith(".csv")
            else "ndjson"
            if name.endswith((".ndjson", ".jsonl"))
            else None
        )
        fmt = fmt or guessed
    else:
        content = await request.body()
        fmt = fmt or FORMATS.get(content_type)
    if fmt is None:
        raise Problem(
            415,
            "Unsupported format",
            "Send text/csv or application/x-ndjson, or say ?format=csv|ndjson.",
            type="unsupported-format",
        )
    if not content.strip():
        raise Problem(422, "Empty file", "The file has no rows.", type="validation")
    return content, fmt


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
    content, fmt = await _file(request, format)
    if len(content) > settings.max_import_bytes:
        raise Problem(
            413,
            "Request body too large",
            f"Imports are limited to {settings.max_import_bytes} bytes.",
            type="too-large",
        )
    job_id = str(uuid.uuid4())
    await session.execute(
        import_job_table.insert().values(
            id=job_id,
            kind=kind,
            format=fmt,
            status="queued",
            agency=caller.agency,
            area_limit=None if caller.has(ADMIN) else caller_area(caller),
            total_rows=count_rows(content, fmt),
            processed_rows=0,
            created_rows=0,
            unchanged_rows=0,
            failed_rows=0,
            errors=[],
            content=content,
            created_at=utcnow(),
        )
    )
    row = (
        await session.execute(select(import_job_table).where(import_job_table.c.id == job_id))
    ).one()
    await session.commit()
    request.app.state.imports.submit(job_id)
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
    row = (
        await session.execute(select(import_job_table).where(import_job_table.c.id == str(job_id)))
    ).first()
    if row is None or (row.agency != caller.agency and not caller.has(ADMIN)):
        raise not_found("import job")
    return _job_out(row)
