"""What the domain rules refuse, in two kinds the API answers differently, and the
handler that answers them as problem+json.

`Conflict` is a request that does not fit the record as it stands (a move the review's
stage does not allow, a pause while one is open): 409 with its own type. `Invalid` is a
request that is wrong whatever the record holds (a date in the future, a detail a move
needs left out): 422, in the shape of a validation error with the pointer of the field
at fault. Neither message ever repeats what the caller sent or names a person.
"""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from csp_common.errors import problem_response


class Refused(Exception):
    def __init__(self, code: str, detail: str, *, pointer: str | None = None) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.pointer = pointer


class Conflict(Refused):
    """Answered 409."""


class Invalid(Refused):
    """Answered 422."""


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
