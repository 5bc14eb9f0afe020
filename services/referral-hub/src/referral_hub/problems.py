"""The one refusal of a valid body that names something this partnership cannot take."""

from csp_common.errors import Problem


def invalid_input(pointer: str, detail: str, *, code: str = "unknown") -> Problem:
    """422 problem+json with one error: a JSON pointer into the request, a reason, a code."""
    return Problem(
        422,
        "Invalid request",
        detail,
        type="validation",
        errors=[{"pointer": pointer, "detail": detail, "code": code}],
    )
