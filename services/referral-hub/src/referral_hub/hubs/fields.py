"""Field types and error responses the hubs' packages share."""

import uuid
from datetime import date
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import Path
from pydantic import Field, StringConstraints

from csp_common import clock
from referral_hub.fields import CIVIL_TIMEZONE, AreaCode

Role = Literal["victim", "complainant", "subject", "witness"]
LinkReason = Literal["same_place", "same_person"]
HubCode = Annotated[AreaCode, Field(description="The hub area", examples=["scarborough"])]
KindCode = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,48}$", max_length=49),
    Field(description="A kind the partnership configures", examples=["asb_personal"]),
]
AgencyCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{0,98}$", max_length=99)]

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid access token"},
    403: {"description": "The token lacks the scope"},
    422: {"description": "The body or a parameter is not valid (problem+json with pointers)"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such case visible to you"}}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"description": "The case is closed, or the Idempotency-Key was used with another body"}
}


def today() -> date:
    """The partnership's date (UK time)."""
    return clock.today(ZoneInfo(CIVIL_TIMEZONE))


CaseId = Annotated[uuid.UUID, Path(description="The hub case's id")]
