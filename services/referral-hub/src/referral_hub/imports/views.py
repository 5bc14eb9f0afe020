"""The bulk import API: /v1/imports."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Request
from fastapi.responses import JSONResponse

from csp_common.audit import PURPOSE_HEADER
from csp_common.auth import Caller
from csp_common.errors import Problem, not_found
from referral_hub.access import ImportCaller
from referral_hub.dependencies import Partnership, Settings, UnitOfWork
from referral_hub.imports import service
from referral_hub.imports.flows import ImportRequest, ImportRunner
from referral_hub.imports.formats import LAYOUTS, FileRefused, check_csv_header
from referral_hub.imports.rows import MIGRATION_SCOPE, Importer
from referral_hub.imports.schemas import ImportJobOut, RowErrorOut, RowErrorPage
from referral_hub.imports.service import ON_BEHALF
from referral_hub.imports.spool import discard, spool

router = APIRouter(prefix="/v1/imports", tags=["imports"])

JobId = Annotated[uuid.UUID, Path(description="The import job's id")]
FORMATS = {
    "text/csv": "csv",
    "application/x-ndjson": "ndjson",
    "application/ndjson": "ndjson",
    "application/jsonl": "ndjson",
}
_errors: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid access token"},
    403: {"description": "The token lacks the scope `referrals:import`"},
}
_upload: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The file itself (not a form): CSV with a header row, or NDJSON",
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/x-ndjson": {"schema": {"type": "string"}},
        },
    }
}
DELEGATION = (
    "The importing agency is the token's `agency`: `{column}` may be left empty or be "
    "that agency. Importing {records} in another partnership agency's name is a "
    f"delegation: it needs the scope `{MIGRATION_SCOPE}` as well (granted to the CSP team "
    "for migrations), and each such record is audited twice, as `import` and as "
    f"`{ON_BEHALF}` with the agency it was imported for. Without the scope such a row "
    "is refused with a row error (code `forbidden`); the rest of the file is imported."
)
_upload_errors = _errors | {
    202: {"description": "Accepted: poll the job at `Location`"},
    413: {"description": "The file is larger than the limit"},
    415: {"description": "Send Content-Type text/csv or application/x-ndjson"},
    422: {"description": "The CSV header does not match the layout, or the file is empty"},
}


def job_out(row: Any) -> ImportJobOut:
    progress = 100.0 if row.bytes_total == 0 else 100.0 * row.bytes_processed / row.bytes_total
    if row.status == "completed":
        progress = 100.0
    return ImportJobOut(
        id=row.id,
        kind=row.kind,
        format=row.format,
        status=row.status,
        agency=row.agency,
        rows_total=row.rows_total,
        rows_processed=row.rows_processed,
        rows_imported=row.rows_imported,
        rows_skipped=row.rows_skipped,
        rows_failed=row.rows_failed,
        bytes_total=row.bytes_total,
        bytes_processed=row.bytes_processed,
        progress_pct=round(min(progress, 100.0), 1),
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        failure=row.failure,
        errors_url=f"/v1/imports/{row.id}/errors",
    )


def _runner(request: Request, settings: Settings, partnership: Partnership) -> ImportRunner:
    state = request.app.state
    runner: ImportRunner | None = getattr(state, "import_runner", None)
    if runner is None or runner.session_factory is not state.session_factory:
        runner = ImportRunner(
            session_factory=state.session_factory, settings=settings, partnership=partnership
        )
        state.import_runner = runner
    return runner


async def _submit(
    request: Request,
    *,
    kind: str,
    work: UnitOfWork,
    caller: Caller,
    runner: ImportRunner,
    purpose: str | None,
) -> JSONResponse:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    file_format = FORMATS.get(content_type)
    if file_format is None:
        raise Problem(
            415,
            "Unsupported media type",
            "Send the file as the body with Content-Type text/csv or application/x-ndjson.",
            type="unsupported-media-type",
        )
    path, size = await spool(request.stream(), suffix=f".{file_format}")
    try:
        if size == 0:
            raise Problem(422, "Empty file", "The file has no rows.", type="empty-file")
        if file_format == "csv":
            check_csv_header(path, LAYOUTS[kind])
    except FileRefused as refused:
        discard(path)
        raise Problem(
            422, "Invalid file", refused.detail, type="validation", errors=refused.errors
        ) from refused
    except BaseException:
        discard(path)
        raise
    # The job is committed before its task starts (in the runner's own unit of work).
    job_id = await runner.create_job(
        kind=kind,
        file_format=file_format,
        agency=caller.agency,
        submitted_by=caller.subject,
        bytes_total=size,
    )
    runner.submit(
        ImportRequest(
            job_id=job_id,
            kind=kind,
            file_format=file_format,
            path=path,
            importer=Importer(caller=caller, purpose=purpose or f"bulk import {job_id}"),
        )
    )
    job = await service.get_visible(work.session, job_id=job_id, caller=caller)
    return JSONResponse(
        job_out(job).model_dump(mode="json"),
        status_code=202,
        headers={"Location": f"/v1/imports/{job_id}"},
    )


Purpose = Annotated[
    str | None,
    Header(alias=PURPOSE_HEADER, max_length=200, description="Recorded in the audit trail"),
]


@router.post(
    "/referrals",
    status_code=202,
    response_model=ImportJobOut,
    summary="Import referrals from a CSV or NDJSON file",
    description=(
        "Streams the file to disk and answers 202 with a job to poll. Each row is a "
        "`ReferralIn` plus `source_reference` (required: a row already imported is "
        "skipped, so re-sending a file is safe), `referring_agency` and `received_at` "
        "(the original date and time, kept; default: the incident date at 09:00 UK "
        "time). Rows go through the same risk, repeat and routing rules as "
        "`POST /v1/referrals`. CSV columns: see docs/imports.md.\n\n"
        + DELEGATION.format(column="referring_agency", records="referrals")
    ),
    responses=_upload_errors,
    openapi_extra=_upload,
)
async def import_referrals(
    request: Request,
    work: UnitOfWork,
    caller: ImportCaller,
    settings: Settings,
    partnership: Partnership,
    purpose: Purpose = None,
) -> JSONResponse:
    runner = _runner(request, settings, partnership)
    return await _submit(
        request, kind="referrals", work=work, caller=caller, runner=runner, purpose=purpose
    )


@router.post(
    "/hate-reports",
    status_code=202,
    response_model=ImportJobOut,
    summary="Import hate reports from a CSV or NDJSON file",
    description=(
        "Streams the file to disk and answers 202 with a job to poll. Each row is a "
        "`HateReportIn` plus `source_reference` (required: a row already imported is "
        "skipped) and `reporting_agency`. `occurred_at` without an offset is UK time. "
        "CSV columns: see docs/imports.md.\n\n"
        + DELEGATION.format(column="reporting_agency", records="reports")
    ),
    responses=_upload_errors,
    openapi_extra=_upload,
)
async def import_hate_reports(
    request: Request,
    work: UnitOfWork,
    caller: ImportCaller,
    settings: Settings,
    partnership: Partnership,
    purpose: Purpose = None,
) -> JSONResponse:
    runner = _runner(request, settings, partnership)
    return await _submit(
        request, kind="hate-reports", work=work, caller=caller, runner=runner, purpose=purpose
    )


@router.get(
    "/{job_id}",
    response_model=ImportJobOut,
    summary="An import job's status and progress",
    description="Visible to the importing agency (and `admin`); anyone else gets 404.",
    responses=_errors | {404: {"description": "No such job visible to you"}},
)
async def read_job(job_id: JobId, work: UnitOfWork, caller: ImportCaller) -> ImportJobOut:
    job = await service.get_visible(work.session, job_id=job_id, caller=caller)
    if job is None:
        raise not_found("import job")
    if job.status in service.ACTIVE and await service.fail_if_stale(work.session, job_id=job_id):
        job = await service.get_visible(work.session, job_id=job_id, caller=caller)
    return job_out(job)


@router.get(
    "/{job_id}/errors",
    response_model=RowErrorPage,
    summary="The row-level error report of an import job",
    description="Rows refused, in file order, each with problem-style errors (a JSON "
    "pointer into the row, the CSV column, a message and a code). Page with `cursor`.",
    responses=_errors | {404: {"description": "No such job visible to you"}},
)
async def read_job_errors(
    job_id: JobId,
    work: UnitOfWork,
    caller: ImportCaller,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: Annotated[str | None, Query(max_length=9, pattern=r"^\d{1,9}$")] = None,
) -> RowErrorPage:
    job = await service.get_visible(work.session, job_id=job_id, caller=caller)
    if job is None:
        raise not_found("import job")
    rows, after = await service.list_row_errors(
        work.session, job_id=job_id, after_row=int(cursor) if cursor else 0, limit=limit
    )
    return RowErrorPage(
        items=[
            RowErrorOut(
                row_number=r.row_number,
                line=r.line,
                source_reference=r.source_reference,
                errors=r.errors,
            )
            for r in rows
        ],
        next_cursor=str(after) if after is not None else None,
    )
