"""`Annotated` dependency aliases of dhr-tracker's views (the same names in every service)."""

from datetime import date
from typing import Annotated

from fastapi import Depends, Header

from csp_common import clock
from csp_common.audit import PURPOSE_HEADER
from csp_common.dependencies import get_partnership, settings_dependency
from csp_common.errors import Problem
from csp_common.partnership import Partnership as PartnershipConfig
from dhr_tracker.settings import DhrSettings

Settings = Annotated[DhrSettings, Depends(settings_dependency(DhrSettings))]
Partnership = Annotated[PartnershipConfig, Depends(get_partnership)]


async def get_today(settings: Settings) -> date:
    """Today in the partnership's civil time zone: the day every clock is read on."""
    return clock.today(settings.zone)


Today = Annotated[date, Depends(get_today)]

PurposeHeader = Annotated[
    str | None,
    Header(
        alias=PURPOSE_HEADER,
        max_length=200,
        description="Why the record is read: required where the operation says so, and kept "
        "in the audit trail",
        examples=["anonymisation-check"],
    ),
]
"""Checked by `required_purpose` once the caller is known to see the record, so a caller
who may not see it gets 404 whatever it sends."""


def required_purpose(purpose: str | None) -> str:
    """The purpose of a read that needs one, or 422 pointing at the header."""
    if purpose is None or len(purpose.strip()) < 3:
        detail = "Say why you read this record: send X-Purpose (3 to 200 characters)."
        raise Problem(
            422,
            "Invalid request",
            detail,
            type="validation",
            errors=[{"pointer": "#/header/X-Purpose", "code": "missing", "detail": detail}],
        )
    return purpose
