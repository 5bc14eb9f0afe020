"""The problem+json answers of marac's own rules: a code the partnership does not know
(422, saying what to send), an area the caller's token is not for (404, as if it did not
exist), a meeting record that contradicts itself (422)."""

from csp_common.errors import Problem


def unknown_area(detail: str) -> Problem:
    return Problem(422, "Unknown MARAC area", detail, type="unknown-area")


def unknown_agency(detail: str) -> Problem:
    return Problem(422, "Unknown agency", detail, type="unknown-agency")


def area_not_visible(area: str) -> Problem:
    return Problem(
        404,
        "Not found",
        f"No MARAC area {area!r} is visible to you: your token is for another area.",
        type="not-found",
    )


def invalid_record(detail: str, **extensions: object) -> Problem:
    return Problem(422, "Invalid meeting record", detail, type="invalid-record", **extensions)
