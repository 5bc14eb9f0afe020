"""The SafeLives return over HTTP, as JSON and CSV."""

import csv
import io

from fastapi import APIRouter
from fastapi.responses import Response

from reporting.access import ReportReader
from reporting.attendance.views import MaracAreaFilter
from reporting.dependencies import DbSession, LiveSlot, Partnership, PeriodFilter, Settings
from reporting.problems import PROBLEM_RESPONSES
from reporting.safelives import service
from reporting.safelives.schemas import SafeLivesReturn

router = APIRouter(prefix="/v1/returns", tags=["safelives"], responses=PROBLEM_RESPONSES)

CSV_EXAMPLE = (
    "marac_area,name,period,adult_women_population,cases_discussed,...\n"
    "york,York,2023-24-Q3,89000,115,51.6,40.0,36,31.3,30.0,...\n"
)


@router.get(
    "/safelives",
    summary="SafeLives MARAC quarterly return (JSON)",
    response_model=SafeLivesReturn,
)
async def safelives_json(
    session: DbSession,
    slot: LiveSlot,
    caller: ReportReader,
    period: PeriodFilter,
    settings: Settings,
    partnership: Partnership,
    marac_area: MaracAreaFilter = None,
) -> dict:
    """The measures SafeLives collects for a quarter (`?fy=2023-24&quarter=3`): cases
    discussed, repeat cases, children in the households, referrals from the police and
    from partner agencies, and the equality measures, per MARAC area and for all, with
    cases per 10,000 adult women and the national benchmarks beside them."""
    return await service.safelives_return(
        session=session,
        slot=slot,
        period=period,
        partnership=partnership,
        settings=settings,
        marac_area=marac_area,
    )


@router.get(
    "/safelives.csv",
    summary="SafeLives MARAC quarterly return (CSV)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {"example": CSV_EXAMPLE}}}},
)
async def safelives_csv(
    session: DbSession,
    slot: LiveSlot,
    caller: ReportReader,
    period: PeriodFilter,
    settings: Settings,
    partnership: Partnership,
    marac_area: MaracAreaFilter = None,
) -> Response:
    """The same return as CSV, one row per MARAC area and one for all, each measure
    with its benchmark in the next column. A suppressed count reads "suppressed"; a
    percentage not shown is empty."""
    figures = await service.safelives_return(
        session=session,
        slot=slot,
        period=period,
        partnership=partnership,
        settings=settings,
        marac_area=marac_area,
    )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=service.CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    # Through the JSON return's model: a count that escaped protection is refused here too.
    writer.writerows(service.csv_rows(SafeLivesReturn.model_validate(figures).model_dump()))
    filename = f"safelives-marac-{figures['period']['code']}.csv"
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
