"""A read that must say why: the `X-Purpose` header, required and kept in the audit trail."""

from typing import Annotated

from fastapi import Depends, Header

from csp_common.audit import PURPOSE_HEADER
from csp_common.errors import Problem

MAX_PURPOSE = 200


async def required_purpose(
    x_purpose: Annotated[
        str | None,
        Header(
            alias=PURPOSE_HEADER,
            description=f"Why the record is read (1 to {MAX_PURPOSE} printable characters): "
            "required, and kept in the audit trail",
            examples=["DHR-2024-01 chronology"],
        ),
    ] = None,
) -> str:
    """The caller's purpose, or 400 `purpose-required`."""
    if (
        x_purpose is None
        or not x_purpose.strip()
        or len(x_purpose) > MAX_PURPOSE
        or not x_purpose.isprintable()
    ):
        raise Problem(
            400,
            "Purpose required",
            f"Say why you read this person's history: an {PURPOSE_HEADER} header of 1 to "
            f"{MAX_PURPOSE} printable characters.",
            type="purpose-required",
        )
    return x_purpose


RequiredPurpose = Annotated[str, Depends(required_purpose)]
