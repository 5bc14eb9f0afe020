"""`Annotated` dependency aliases of reporting's views (the same names in every service),
and the period every figure endpoint takes."""

from datetime import date
from typing import Annotated

from fastapi import Depends, Query

from csp_common import partnership
from csp_common.auth import CurrentCaller
from csp_common.db import DbSession
from csp_common.dependencies import get_partnership, settings_dependency
from csp_common.errors import Problem
from csp_common.unit_of_work import UnitOfWork
from reporting import periods
from reporting.periods import MAX_YEAR, MIN_YEAR, InvalidPeriod, Period, UnpublishedPeriod
from reporting.read_models import Slot, live_slot
from reporting.settings import ReportingSettings

__all__ = [
    "CurrentCaller",
    "DbSession",
    "LiveSlot",
    "Partnership",
    "PeriodFilter",
    "Settings",
    "UnitOfWork",
]

Settings = Annotated[ReportingSettings, Depends(settings_dependency(ReportingSettings))]
Partnership = Annotated[partnership.Partnership, Depends(get_partnership)]


async def get_live_slot(session: DbSession) -> Slot:
    return await live_slot(session)


LiveSlot = Annotated[Slot, Depends(get_live_slot)]


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
    year: Annotated[
        int | None,
        Query(ge=MIN_YEAR, le=MAX_YEAR, description="Calendar year", examples=[2023]),
    ] = None,
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
            ge=1,
            le=4,
            description="Quarter of the financial year (Q1 April to June); needs fy",
            examples=[3],
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
