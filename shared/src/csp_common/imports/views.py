"""The import API a service mounts: create a job with an upload, poll it, page its errors.

- `POST {prefix}/{kind}`: the file as the body (`Content-Type: text/csv`,
  `application/x-ndjson` or the XLSX media type) or as the `file` part of a
  `multipart/form-data` form; `?format=` says the format when the type cannot. 202 with
  the job and `Location`; 413 over the limit, 415 for another format, 422 (and no job)
  for an empty file, a wrong header or a file that is not a workbook.
- `GET {prefix}/{job_id}`: the job (progress, counts, status).
- `GET {prefix}/{job_id}/errors?cursor=&limit=`: its row errors in file order.

A job is visible to the agency that submitted it and to the admin scope; to anyone else
it does not exist (404).
"""

import asyncio
import uuid
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select
from starlette.datastructures import UploadFile
from starlette.requests import ClientDisconnect

from csp_common.audit import PURPOSE_HEADER
from csp_common.auth import Caller, require_any_scope, require_scopes
from csp_common.db import DbSession
from csp_common.errors import Problem, not_found
from csp_common.imports import service
from csp_common.imports.columns import FileRefused
from csp_common.imports.examples import upload_examples
from csp_common.imports.flows import ImportKind, ImportRunner
from csp_common.imports.readers import (
    EXTENSIONS,
    MEDIA_TYPES,
    FileFormat,
    check_file,
    size_of,
)
from csp_common.imports.schemas import ImportJobOut, RowErrorOut, RowErrorPage, job_out
from csp_common.imports.spool import TooLarge, spool, spool_part
from csp_common.pagination import Keyset, PageRequest, fixed_sort_params
from csp_common.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from csp_common.imports.engine import Imports

JobId = Annotated[uuid.UUID, Path(description="The import job's id")]
Purpose = Annotated[
    str | None,
    Header(alias=PURPOSE_HEADER, max_length=200, description="Recorded in the audit trail"),
]
FormatQuery = Annotated[
    FileFormat | None, Query(description="The file's format, when its media type cannot say")
]
_COMMON = """

The file is spooled to an anonymous temporary file (never the database) and imported in
the background: the answer is **202** with the job; poll its `Location`. Formats: CSV
(UTF-8, a header row, one row a line: a cell never holds a line break), NDJSON (one JSON
object a line) or XLSX (the first sheet; row 1 is the header). Send the file as the body
with its media type, or as the `file` part of a `multipart/form-data` form. A header
naming a column the import does not have, missing a required one or repeating one
refuses the whole file with 422 before anything is stored, as does an empty file. A row
that cannot be read or is invalid is refused alone, with a row error
`{row, pointer, code, detail}` at the job's `errors_url`; the rest of the file is
imported. Re-sending a file is safe: rows already imported are skipped.
"""


def _upload_body(kind: ImportKind[Any]) -> dict[str, Any]:
    """The upload's media types, with the kind's example as a CSV and an NDJSON file."""
    files = (
        {}
        if kind.example is None
        else upload_examples(kind.name, kind.example, kind.model, kind.layout)
    )

    def text(media_type: str) -> dict[str, Any]:
        example = {"example": files[media_type]} if media_type in files else {}
        return {"schema": {"type": "string"}, **example}

    binary = {"schema": {"type": "string", "format": "binary"}}
    return {
        "requestBody": {
            "required": True,
            "content": {
                "text/csv": text("text/csv"),
                "application/x-ndjson": text("application/x-ndjson"),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": binary,
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                        "required": ["file"],
                    }
                },
            },
        }
    }


def _columns_text(kind: ImportKind[Any]) -> str:
    layout = kind.layout
    names = [f"`{name}`{'*' if name in layout.required else ''}" for name in layout.paths]
    return f"\n\nCSV and XLSX columns (* required): {', '.join(names)}."


def _unsupported() -> Problem:
    return Problem(
        415,
        "Unsupported media type",
        "Send CSV (text/csv), NDJSON (application/x-ndjson) or XLSX, as the body or as the "
        "`file` part of a multipart form; or say ?format=csv|ndjson|xlsx.",
        type="unsupported-media-type",
    )


def _too_large(limit: int) -> Problem:
    return Problem(
        413, "Request body too large", f"Imports are limited to {limit} bytes.", type="too-large"
    )


def _refused(refused: FileRefused) -> Problem:
    return Problem(
        422,
        "Invalid file",
        refused.detail,
        type=refused.kind,
        errors=[
            {"pointer": issue.pointer, "code": issue.code, "detail": issue.detail}
            for issue in refused.issues
        ],
    )


def _media_type(value: str | None) -> str:
    return (value or "").split(";")[0].strip().lower()


async def _upload(
    request: Request, chosen: FileFormat | None, limit: int
) -> tuple[BinaryIO, FileFormat]:
    """The upload in a temporary file of ours, and its format."""
    media_type = _media_type(request.headers.get("content-type"))
    try:
        if media_type == "multipart/form-data":
            async with request.form(max_files=1, max_fields=20) as form:
                part = form.get("file")
                if not isinstance(part, UploadFile):
                    raise Problem(
                        422,
                        "No file",
                        "Send the file in a multipart part named `file`.",
                        type="validation",
                    )
                name = (part.filename or "").lower()
                guessed = next((f for ext, f in EXTENSIONS.items() if name.endswith(ext)), None)
                file_format = chosen or guessed or MEDIA_TYPES.get(_media_type(part.content_type))
                if file_format is None:
                    raise _unsupported()
                return await spool_part(part.file, limit=limit), file_format
        file_format = chosen or MEDIA_TYPES.get(media_type)
        if file_format is None:
            raise _unsupported()
        return await spool(request.stream(), limit=limit), file_format
    except TooLarge:
        raise _too_large(limit) from None
    except ClientDisconnect:
        raise Problem(400, "Upload interrupted", "The client went away.") from None


def _error_out(row: Any) -> RowErrorOut:
    return RowErrorOut(row=row.row_number, pointer=row.pointer, code=row.code, detail=row.detail)


def build_router(imports: "Imports") -> APIRouter:
    """The import routes of a service (see the module's description)."""
    router = APIRouter(prefix=imports.prefix, tags=[imports.tag])
    prefix = imports.prefix
    tables = imports.tables
    scopes = sorted({kind.scope or imports.scope for kind in imports.kinds})
    Reader = Annotated[Caller, require_any_scope(*scopes)]
    admin = imports.admin_scope
    errors_keyset = Keyset(
        sorts={"row": tables.row_errors.c.row_number}, id_column=tables.row_errors.c.seq
    )
    ErrorPages = Annotated[
        PageRequest,
        Depends(fixed_sort_params(errors_keyset, sort="row", limit=100, max_limit=1000)),
    ]

    def add_create(kind: ImportKind[Any]) -> None:
        Importer = Annotated[Caller, require_scopes(kind.scope or imports.scope)]

        async def create_import(
            request: Request,
            caller: Importer,
            format: FormatQuery = None,
            purpose: Purpose = None,
        ) -> JSONResponse:
            runner: ImportRunner | None = imports.runner_of(request.app)
            if runner is None:
                raise Problem(503, "Imports are not running", type="unavailable")
            settings = request.app.state.settings
            limit = imports.limit_for(settings)
            handle, file_format = await _upload(request, format, limit)
            try:
                await asyncio.to_thread(check_file, handle, file_format, kind.layout)
                job = await runner.accept(
                    kind=kind,
                    file_format=file_format,
                    file=handle,
                    caller=caller,
                    purpose=purpose,
                    settings=settings,
                    bytes_total=size_of(handle),
                )
            except FileRefused as refused:
                handle.close()
                raise _refused(refused) from None
            except BaseException:
                handle.close()
                raise
            async with request.app.state.session_factory() as session:
                row = await service.get_visible(
                    session, tables=tables, job_id=job.id, caller=caller, admin=admin
                )
            return JSONResponse(
                job_out(row, prefix=prefix).model_dump(mode="json"),
                status_code=202,
                headers={"Location": f"{prefix}/{job.id}"},
            )

        router.add_api_route(
            f"/{kind.name}",
            create_import,
            methods=["POST"],
            status_code=202,
            response_model=ImportJobOut,
            summary=kind.summary or f"Import {kind.name} from a CSV, NDJSON or XLSX file",
            description=kind.description + _COMMON + _columns_text(kind),
            operation_id=f"import_{kind.name.replace('-', '_')}",
            responses={
                202: {"description": "Accepted: poll the job at `Location`"},
                413: {"description": "The file is larger than the import limit"},
                415: {"description": "Neither CSV, NDJSON nor XLSX"},
                422: {"description": "Empty, a wrong header, or not a workbook: no job made"},
            },
            openapi_extra=_upload_body(kind),
        )

    for kind in imports.kinds:
        add_create(kind)

    async def visible(session: Any, caller: Caller, job_id: uuid.UUID) -> Any:
        job = await service.get_visible(
            session, tables=tables, job_id=job_id, caller=caller, admin=imports.admin_scope
        )
        if job is None:
            raise not_found("import job")
        return job

    @router.get(
        "/{job_id}",
        summary="Poll an import job",
        description="Progress, counts and status. Visible to the agency that submitted it.",
        responses={404: {"description": "No such job of your agency"}},
    )
    async def read_import(job_id: JobId, work: UnitOfWork, caller: Reader) -> ImportJobOut:
        job = await visible(work.session, caller, job_id)
        if job.status in service.ACTIVE and await service.fail_if_stale(
            work.session, tables=tables, job_ids=[job_id]
        ):
            job = await visible(work.session, caller, job_id)  # committed by the unit of work
        return job_out(job, prefix=prefix)

    @router.get(
        "/{job_id}/errors",
        summary="The row errors of an import job, in file order",
        responses={
            400: {"description": "A cursor that is not a `next_cursor`"},
            404: {"description": "No such job of your agency"},
        },
    )
    async def read_import_errors(
        job_id: JobId, session: DbSession, caller: Reader, pages: ErrorPages
    ) -> RowErrorPage:
        await visible(session, caller, job_id)
        statement = select(tables.row_errors).where(tables.row_errors.c.job_id == job_id)
        rows = (await session.execute(errors_keyset.select(statement, pages))).all()
        page = errors_keyset.page(rows, pages, _error_out)
        return RowErrorPage(items=page.items, next_cursor=page.next_cursor)

    return router
