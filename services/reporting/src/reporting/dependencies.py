"""Dependencies of the views, as `Annotated` aliases."""

from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request

from csp_common.auth import Caller, require_scopes
from csp_common.db import DbSession
from csp_common.errors import Problem
from csp_common.partnership import Partnership, load_partnership
from reporting import periods
from reporting.periods import InvalidPeriod, Period, UnpublishedPeriod
from reporting.read_models import Slot
from reporting.rebuild.service import live_slot
from reporting.settings import ReportingSettings

__all__ = [
    "Admin",
    "AppSettings",
    "DbSession",
    "LiveSlot",
    "PartnershipConfig",
    "PeriodFilter",
    "ReportReader",
]


def get_settings(request: Request) -> ReportingSettings:
    return request.app.state.settings


def get_partnership() -> Partnership:
    """The configured partnership (never a parameter of the request)."""
    return load_partnership()


async def get_live_slot(session: DbSession) -> Slot:
    return await live_slot(session)


AppSettings = Annotated[ReportingSettings, Depends(get_settings)]
ReportReader = Annotated[Caller, require_scopes("reports:read")]
Admin = Annotated[Caller, require_scopes("admin")]
LiveSlot = Annotated[Slot, Depends(get_live_slot)]
PartnershipConfig = Annotated[Partnership, Depends(get_partnership)]


def invalid_period(detail: str) -> Problem:
    return Problem(422, "Invalid period", detail, type="invalid-period")


def unpublished_period(detail: str) -> Problem:
    return Problem(400, "Period not published", detail, type="unpublished-period")


def period_from_query(
    period: Annotated[
        str | None,
        Query(
            max_length=40,
            description="2024-02 (calendar month), 2023-24-Q3 (quarter of a financial "
            "year), 2023-24 (financial year) or 2023 (calendar year); "
            "2023-10-01..2023-12-31 is read as the period with those first and last days",
            examples=["2023-24-Q3"],
        ),
    ] = None,
    year: Annotated[int | None, Query(description="Calendar year", examples=[2023])] = None,
    fy: Annotated[
        str | None,
        Query(
            max_length=10,
            description="Financial year (1 April to 31 March)",
            examples=["2023-24"],
        ),
    ] = None,
    quarter: Annotated[
        int | None,
        Query(
            description="Quarter of the financial year (Q1 April to June); needs fy", examples=[3]
        ),
    ] = None,
    start: Annotated[
        date | None,
        Query(
            alias="from",
            description="First day of a month, quarter or year (with `to`)",
            examples=["2023-10-01"],
        ),
    ] = None,
    end: Annotated[
        date | None,
        Query(
            alias="to",
            description="Last day (included) of that month, quarter or year",
            examples=["2023-12-31"],
        ),
    ] = None,
) -> Period:
    """The period a request names; without one, the current financial year. Figures
    are published for whole months, quarters and years only: other dates are a 400."""
    try:
        return periods.resolve(
            period=period, year=year, fy=fy, quarter=quarter, start=start, end=end
        )
    except UnpublishedPeriod as exc:
        raise unpublished_period(str(exc)) from exc
    except InvalidPeriod as exc:
        raise invalid_period(str(exc)) from exc


PeriodFilter = Annotated[Period, Depends(period_from_query)]
