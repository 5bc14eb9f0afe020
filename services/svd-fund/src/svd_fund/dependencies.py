"""`Annotated` dependency aliases of svd-fund's views (the same names in every service),
and `OccurredAt`: when a write happened."""

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Depends, Header
from pydantic import TypeAdapter, ValidationError

from csp_common import clock
from csp_common.auth import CurrentCaller
from csp_common.db import DbSession
from csp_common.dependencies import get_partnership, settings_dependency
from csp_common.errors import Problem
from csp_common.partnership import Partnership as PartnershipConfig
from csp_common.unit_of_work import UnitOfWork
from svd_fund.access import HISTORY
from svd_fund.fields import LocalDatetime
from svd_fund.problems import invalid_header
from svd_fund.settings import SvdSettings

Settings = Annotated[SvdSettings, Depends(settings_dependency(SvdSettings))]
Partnership = Annotated[PartnershipConfig, Depends(get_partnership)]

OCCURRED_AT = "X-Occurred-At"
CLOCK_SKEW = timedelta(minutes=2)
"""A caller's clock a little ahead of ours is not a date in the future."""
_MOMENT: TypeAdapter[datetime] = TypeAdapter(LocalDatetime)


async def occurred_at(
    caller: CurrentCaller,
    x_occurred_at: Annotated[
        str | None,
        Header(
            max_length=64,
            description="When this happened, for a caller recording the fund's history "
            "(needs fund:history): a date-time, without an offset a Europe/London time; "
            "not in the future, not before the step it follows. Default: now.",
            examples=["2023-06-14T10:30:00"],
        ),
    ] = None,
) -> datetime:
    """The moment of the write in UTC: now, or the past moment a caller entitled to record
    history names (403 for anyone else, 422 for a moment in the future)."""
    now = clock.now()
    if x_occurred_at is None:
        return now
    if not caller.has(HISTORY):
        raise Problem(
            403,
            "Forbidden",
            f"Dating a write ({OCCURRED_AT}) records history: it needs the scope {HISTORY}.",
            type="missing-scope",
            required_scopes=[HISTORY],
        )
    try:
        moment = clock.as_utc(_MOMENT.validate_python(x_occurred_at))
    except ValidationError as error:
        raise invalid_header(
            OCCURRED_AT, error.errors()[0]["type"], error.errors()[0]["msg"]
        ) from None
    if moment > now + CLOCK_SKEW:
        raise invalid_header(OCCURRED_AT, "in_future", "History cannot be dated in the future.")
    return min(moment, now)


OccurredAt = Annotated[datetime, Depends(occurred_at)]

__all__ = ["CurrentCaller", "DbSession", "OccurredAt", "Partnership", "Settings", "UnitOfWork"]
