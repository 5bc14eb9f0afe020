"""What the fund's rules refuse, as problem+json: a request that does not fit the record
as it stands (a bid after the round closed) is a 409 with its own type; a request that is
wrong whatever the record holds is a 422 in the shape of a validation error, pointing at
the field at fault. Neither repeats what the caller sent."""

from csp_common.errors import Problem


def conflict(code: str, detail: str) -> Problem:
    return Problem(409, "Conflict", detail, type=code)


def invalid(code: str, detail: str, *, pointer: str = "") -> Problem:
    return invalid_all([(code, detail, pointer)])


def invalid_all(errors: list[tuple[str, str, str]], *, root: str = "#/body") -> Problem:
    """422 listing every fault found: `(code, detail, pointer under root)`, the body's
    fields unless `root` says otherwise."""
    return Problem(
        422,
        "Invalid request",
        errors[0][1] if len(errors) == 1 else f"{len(errors)} problems with the request.",
        type="validation",
        errors=[
            {"pointer": f"{root}{pointer}", "code": code, "detail": detail}
            for code, detail, pointer in errors
        ],
    )


def invalid_header(header: str, code: str, detail: str) -> Problem:
    return invalid_all([(code, detail, f"/{header.lower()}")], root="#/header")


def out_of_order(step: str, previous: str, on: object) -> Problem:
    """409: a step dated before the one it follows (a score before the declaration)."""
    return conflict("out-of-order", f"The {step} cannot be dated before the {previous} ({on}).")
