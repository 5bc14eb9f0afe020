"""The hate incident reports API: /v1/hate-reports."""

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path, Query
from fastapi.responses import JSONResponse

from csp_common import clock, idempotency
from csp_common.errors import not_found
from csp_common.fields import naive_in
from csp_common.idempotency import Created
from csp_common.unit_of_work import Work
from referral_hub.access import HateReader, HateReporter
from referral_hub.codes import HateReportKind, HateStrand
from referral_hub.dependencies import Idempotent, Partnership, UnitOfWork
from referral_hub.hate import service
from referral_hub.hate.flows import NewHateReport, record_hate_reports, refusal
from referral_hub.hate.schemas import HateReportIn, HateReportOut, HateReportPage
from referral_hub.problems import invalid_input

router = APIRouter(prefix="/v1/hate-reports", tags=["hate reports"])

QueryDatetime = Annotated[datetime, naive_in(UTC)]
ReportId = Annotated[uuid.UUID, Path(description="The report's id")]
_errors: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid access token"},
    403: {"description": "The token lacks the scope"},
    422: {"description": "The body or a parameter is not valid (problem+json with pointers)"},
}


def report_out(row: Any) -> HateReportOut:
    return HateReportOut(
        id=row.id,
        kind=row.kind,
        strands=row.strands,
        occurred_at=row.occurred_at,
        area=row.area,
        victim_police_officer_on_duty=row.victim_police_officer_on_duty,
        reporting_channel=row.reporting_channel,
        reporting_agency=row.reporting_agency,
        source_reference=row.source_reference,
        channel=row.channel,
        recorded_at=row.created_at,
    )


@router.post(
    "",
    status_code=201,
    response_model=HateReportOut,
    summary="Report a hate crime or a non-crime hate incident",
    description=(
        "From police and third-party reporting centres (scope `hate-reports:write`; the "
        "reporting agency is the token's `agency`). `kind` keeps crimes and non-crime "
        "incidents apart; one or more of the five strands; no name, address or narrative "
        "(the 2023 code of practice). `Idempotency-Key` is required: a retry with the same "
        "key and body gets the first answer again, the same key with another body 409. "
        "A report whose `source_reference` your agency already used is not stored again "
        "either: the answer is the existing report with 200 instead of 201."
    ),
    responses=_errors
    | idempotency.RESPONSES
    | {200: {"description": "The report with this source_reference exists"}},
)
async def create_hate_report(
    work: UnitOfWork,
    caller: HateReporter,
    partnership: Partnership,
    keyed: Idempotent,
    body: Annotated[HateReportIn, Body()],
) -> JSONResponse:
    refused = refusal(body, partnership=partnership, pointer_prefix="#/body")
    if refused is not None:
        raise invalid_input(refused.pointer, refused.detail, code="unknown")

    async def record(work: Work) -> Created:
        [recorded] = await record_hate_reports(
            work.session,
            reports=[NewHateReport(body=body, reporting_agency=caller.agency)],
            channel="api",
            recorded_at=clock.now(),
        )
        row = await service.get_visible(work.session, report_id=recorded.id, caller=caller)
        work.audit(
            action="create" if recorded.created else "read",
            record_type="hate_report",
            record_ids=[str(recorded.id)],
        )
        return Created(
            report_out(row),
            status_code=201 if recorded.created else 200,
            headers={"Location": f"/v1/hate-reports/{recorded.id}"},
        )

    return await keyed.create_once(work, agency=caller.agency, body=body, step=record)


@router.get(
    "/{report_id}",
    response_model=HateReportOut,
    summary="Read a hate report",
    description="Visible to the reporting agency (and to `admin`); anyone else gets 404. "
    "Needs `hate-reports:write`, `hate-reports:read` or `admin`.",
    responses=_errors | {404: {"description": "No such report visible to you"}},
)
async def read_hate_report(
    report_id: ReportId, work: UnitOfWork, caller: HateReader
) -> HateReportOut:
    row = await service.get_visible(work.session, report_id=report_id, caller=caller)
    if row is None:
        raise not_found("hate report")
    work.audit(action="read", record_type="hate_report", record_ids=[str(row.id)])
    return report_out(row)


@router.get(
    "",
    response_model=HateReportPage,
    summary="List hate reports visible to you",
    description="Filter by kind, strand, area, officer on duty and when it occurred "
    "(`occurred_from` inclusive, `occurred_to` exclusive); sort and page with the opaque "
    "`cursor` of the previous page.",
    responses=_errors | {400: {"description": "The cursor is not one this list gave out"}},
)
async def list_hate_reports(
    work: UnitOfWork,
    caller: HateReader,
    kind: Annotated[HateReportKind | None, Query()] = None,
    strand: Annotated[HateStrand | None, Query(description="Reports carrying it")] = None,
    area: Annotated[str | None, Query(max_length=50, examples=["harrogate"])] = None,
    officer_on_duty: Annotated[
        bool | None, Query(description="Victim a police officer on duty")
    ] = None,
    occurred_from: Annotated[
        QueryDatetime | None, Query(description="On or after (without an offset, UTC)")
    ] = None,
    occurred_to: Annotated[
        QueryDatetime | None, Query(description="Before (without an offset, UTC)")
    ] = None,
    sort: Annotated[Literal["occurred_at", "recorded_at"], Query()] = "occurred_at",
    order: Annotated[Literal["asc", "desc"], Query()] = "desc",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> HateReportPage:
    rows, next_cursor = await service.list_visible(
        work.session,
        caller=caller,
        kind=kind.value if kind else None,
        strand=strand.value if strand else None,
        area=area,
        officer_on_duty=officer_on_duty,
        occurred_from=occurred_from,
        occurred_to=occurred_to,
        sort=sort,
        descending=order == "desc",
        limit=limit,
        cursor=cursor,
    )
    work.audit(action="list", record_type="hate_report", record_ids=[str(r.id) for r in rows])
    return HateReportPage(items=[report_out(r) for r in rows], next_cursor=next_cursor)
