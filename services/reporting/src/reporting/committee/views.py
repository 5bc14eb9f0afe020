"""The committee report over HTTP, as HTML, PDF or DOCX (scope `reports:read`)."""

import asyncio
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query
from fastapi.responses import HTMLResponse, Response

from reporting.access import ReportReader
from reporting.committee import docx, pdf, service
from reporting.dependencies import DbSession, LiveSlot, Partnership, PeriodFilter, Settings
from reporting.problems import PROBLEM_RESPONSES
from reporting.rendering import render, stylesheet
from reporting.security import secure_headers

router = APIRouter(prefix="/v1/reports", tags=["committee report"], responses=PROBLEM_RESPONSES)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def build_report(
    *,
    session,
    slot,
    period,
    partnership,
    settings,
    today: date | None = None,
    narrative: dict[str, dict] | None = None,
    edition: dict | None = None,
) -> dict:
    return await service.scrutiny_report(
        session=session,
        slot=slot,
        period=period,
        partnership=partnership,
        settings=settings,
        today=today,
        narrative=narrative,
        edition=edition,
    )


async def render_formats(report: dict, *, partnership_name: str) -> dict[str, bytes]:
    """The report as each format's bytes: a standalone HTML page (its stylesheet inline),
    the PDF made from that page, and the Word document."""
    html = report_html(report, partnership_name=partnership_name, inline_css=True)
    return {
        "html": html.encode(),
        "pdf": await pdf.render_pdf(html),
        "docx": await asyncio.to_thread(docx.report_docx, report),
    }


def report_html(report: dict, *, inline_css: bool, **context: object) -> str:
    """The report page; `context` adds the dashboard's navigation when it shows it."""
    values: dict[str, object] = {
        "threshold": report["threshold"],
        "generated_at": report["generated_at"],
        **context,
        "report": report,
        "inline_css": stylesheet() if inline_css else None,
    }
    return render("committee/scrutiny.html", **values)


def pdf_filename(report: dict, extension: str = "pdf") -> str:
    return f"scrutiny-update-{report['period']['code']}.{extension}"


@router.get(
    "/scrutiny",
    summary="The committee report (HTML, PDF or DOCX)",
    response_class=Response,
    responses={
        200: {
            "description": "The report",
            "content": {
                "text/html": {"example": "<!doctype html><html>...</html>"},
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                DOCX: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
)
async def scrutiny_report(
    session: DbSession,
    slot: LiveSlot,
    caller: ReportReader,
    period: PeriodFilter,
    settings: Settings,
    partnership: Partnership,
    format: Annotated[
        Literal["html", "pdf", "docx"] | None,
        Query(
            description="html, pdf or docx; without it, the Accept header decides (html by default)"
        ),
    ] = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """The update to the Overview and Scrutiny Committee for a period
    (`?period=2023-24-Q3`): domestic abuse referrals; MARAC cases by area for the last
    complete calendar year, year on year; commissioned services; hate crimes against the
    same period a year before, by strand and hour, and against officers. Written from
    the same figures as the API, with the suppression rule applied, and the CSP team's
    newest narrative of each section (a draft: approved editions are under
    `/v1/reports/scrutiny/{period}/editions`)."""
    report = await build_report(
        session=session, slot=slot, period=period, partnership=partnership, settings=settings
    )
    if format == "docx" or (format is None and accept is not None and DOCX in accept):
        return Response(
            await asyncio.to_thread(docx.report_docx, report),
            media_type=DOCX,
            headers={
                "Content-Disposition": f'attachment; filename="{pdf_filename(report, "docx")}"',
                "Cache-Control": "no-store",
            },
        )
    wants_pdf = format == "pdf" or (
        format is None and accept is not None and "application/pdf" in accept
    )
    if wants_pdf:
        html = report_html(report, partnership_name=partnership.name, inline_css=True)
        return Response(
            await pdf.render_pdf(html),
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="{pdf_filename(report)}"',
                "Cache-Control": "no-store",
            },
        )
    html = report_html(report, partnership_name=partnership.name, inline_css=False)
    return HTMLResponse(html, headers=secure_headers())
