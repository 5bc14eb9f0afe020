"""Domain refusals answered as problem+json: `Conflict` 409, `Invalid` 422 (in the shape
of a validation error, with the pointer of the field at fault)."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from csp_common.errors import problem_response
from dhr_tracker.refusals import Conflict, Refused


async def _refused(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Refused)
    problem_type = exc.code.replace("_", "-")
    if isinstance(exc, Conflict):
        return problem_response(
            request, status=409, title="Conflict", detail=exc.detail, type=problem_type
        )
    errors = [{"pointer": f"#/body{exc.pointer or ''}", "detail": exc.detail, "code": exc.code}]
    return problem_response(
        request,
        status=422,
        title="Invalid request",
        detail=exc.detail,
        type="validation",
        errors=errors,
    )


def install_refusal_handler(app: FastAPI) -> None:
    app.add_exception_handler(Refused, _refused)
