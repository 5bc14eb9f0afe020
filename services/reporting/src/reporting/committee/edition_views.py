"""The committee report's narrative (reports:write), its approval as a frozen edition
(reports:approve) and the editions' downloads (reports:read)."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Response

from csp_common import clock
from csp_common.errors import Problem, not_found
from csp_common.unit_of_work import UnitOfWork
from reporting import periods
from reporting.access import ReportApprover, ReportReader, ReportWriter
from reporting.committee.sections import SECTION_KEYS
from reporting.committee.views import build_report, render_formats
from reporting.dependencies import (
    DbSession,
    LiveSlot,
    Partnership,
    Settings,
    invalid_period,
    unpublished_period,
)
from reporting.editions import service
from reporting.editions.rules import personal_data_warnings
from reporting.editions.schemas import (
    ApprovalIn,
    EditionOut,
    NarrativeIn,
    NarrativeOut,
    NarrativeVersionOut,
    SectionNarrativeOut,
)
from reporting.periods import InvalidPeriod, Period, UnpublishedPeriod
from reporting.problems import PROBLEM_RESPONSES

router = APIRouter(
    prefix="/v1/reports/scrutiny/{period}",
    tags=["committee report"],
    responses={
        **PROBLEM_RESPONSES,
        404: {
            "description": "No such section or edition",
            "content": {"application/problem+json": {}},
        },
    },
)

SectionKey = Annotated[
    str,
    Path(max_length=40, description="A section of the report", examples=["hate_crime"]),
]
EDITION_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"


def period_in_path(
    period: Annotated[
        str, Path(max_length=40, description="The report's period", examples=["2023-24-Q3"])
    ],
) -> Period:
    try:
        return periods.resolve(period=period)
    except UnpublishedPeriod as exc:
        raise unpublished_period(str(exc)) from exc
    except InvalidPeriod as exc:
        raise invalid_period(str(exc)) from exc


PeriodInPath = Annotated[Period, Depends(period_in_path)]


def known_section(section: str) -> str:
    if section not in SECTION_KEYS:
        raise Problem(
            404,
            "Not found",
            f"The report has no section {section!r}; its sections are "
            + ", ".join(SECTION_KEYS)
            + ".",
            type="not-found",
        )
    return section


def version_out(row: dict, approved: set[tuple[str, int]]) -> NarrativeVersionOut:
    return NarrativeVersionOut(
        section=row["section"],
        version=row["version"],
        text=row["text"],
        author=row["author"],
        author_agency=row["author_agency"],
        written_at=row["written_at"],
        status="approved" if (row["section"], row["version"]) in approved else "draft",
        warnings=[w.as_dict() for w in personal_data_warnings(row["text"])],
    )


async def approved_versions(session, period_code: str) -> set[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return {
        (section, version)
        for edition in await service.editions(session=session, period_code=period_code)
        for section, version in edition["narrative"].items()
    }


def edition_out(row: dict) -> EditionOut:
    base = f"/v1/reports/scrutiny/{row['period_code']}/editions/{row['edition']}"
    return EditionOut(
        period=row["period_code"],
        edition=row["edition"],
        edition_date=row["edition_date"],
        approved_by=row["approved_by"],
        approved_agency=row["approved_agency"],
        approved_at=row["approved_at"],
        narrative=row["narrative"],
        downloads={f: f"{base}?format={f}" for f in service.FORMATS},
    )


@router.get(
    "/narrative", summary="The newest narrative of each section", response_model=NarrativeOut
)
async def narrative(session: DbSession, caller: ReportReader, period: PeriodInPath) -> NarrativeOut:
    """Each section of the period's report with the newest version of its narrative (or
    none yet), and whether an edition approved it."""
    latest = await service.latest_versions(session=session, period_code=period.code)
    approved = await approved_versions(session, period.code)
    return NarrativeOut(
        period=period.code,
        sections=[
            SectionNarrativeOut(
                section=key,
                latest=version_out(latest[key], approved) if key in latest else None,
            )
            for key in SECTION_KEYS
        ],
    )


@router.get(
    "/narrative/{section}",
    summary="Every version of a section's narrative, newest first",
    response_model=list[NarrativeVersionOut],
)
async def narrative_versions(
    session: DbSession, caller: ReportReader, period: PeriodInPath, section: SectionKey
) -> list[NarrativeVersionOut]:
    known_section(section)
    rows = await service.section_versions(session=session, period_code=period.code, section=section)
    approved = await approved_versions(session, period.code)
    return [version_out(row, approved) for row in rows]


@router.put(
    "/narrative/{section}",
    summary="Write a new version of a section's narrative (a draft)",
    response_model=NarrativeVersionOut,
    responses={
        200: {"description": "The text is the newest version's already: nothing written"},
        201: {"description": "A new version"},
        403: {"description": "The token lacks the scope reports:write"},
    },
)
async def write_narrative(
    work: UnitOfWork,
    caller: ReportWriter,
    period: PeriodInPath,
    section: SectionKey,
    body: NarrativeIn,
    response: Response,
) -> NarrativeVersionOut:
    """Keeps the text as the section's next version, with its author and time. Its
    `warnings` list whatever looks like a name, a date of birth, a postcode or a phone
    number: the narrative is about the partnership, not about people, so the author
    takes it out and writes again; nothing is refused. The same text again (a retried
    request) writes nothing."""
    known_section(section)
    versions = await service.section_versions(
        session=work.session, period_code=period.code, section=section
    )
    approved = await approved_versions(work.session, period.code)
    if versions and versions[0]["text"] == body.text:
        response.status_code = 200
        return version_out(versions[0], approved)
    row = service.version_row(
        period_code=period.code,
        section=section,
        version=(versions[0]["version"] + 1) if versions else 1,
        text=body.text,
        caller=caller,
        now=clock.now(),
    )
    work.add(service.version_insert(row))
    response.status_code = 201
    return version_out(row, approved)


@router.get("/editions", summary="The period's approved editions", response_model=list[EditionOut])
async def list_editions(
    session: DbSession, caller: ReportReader, period: PeriodInPath
) -> list[EditionOut]:
    return [
        edition_out(row) for row in await service.editions(session=session, period_code=period.code)
    ]


@router.post(
    "/editions",
    summary="Approve the report: freeze it as a dated edition",
    response_model=EditionOut,
    responses={
        200: {"description": "These versions were approved already today: that edition"},
        201: {"description": "The new edition"},
        403: {"description": "The token lacks the scope reports:approve"},
        409: {
            "description": "The narrative named is not the newest",
            "content": {"application/problem+json": {}},
        },
    },
)
async def approve(
    work: UnitOfWork,
    caller: ReportApprover,
    period: PeriodInPath,
    body: ApprovalIn,
    slot: LiveSlot,
    settings: Settings,
    partnership: Partnership,
    response: Response,
) -> EditionOut:
    """Approves the newest narrative of every section (the approver names the versions
    they read) with the figures as they are now, and keeps the report's HTML, PDF and
    DOCX as they are at this moment: the edition downloads the same bytes later, whatever
    events arrive. Approving the same versions again the same day gives that edition."""
    session = work.session
    latest = await service.latest_versions(session=session, period_code=period.code)
    newest = {key: row["version"] for key, row in latest.items()}
    if body.narrative != newest:
        raise Problem(
            409,
            "Not the newest narrative",
            "Approve the newest version of every section's narrative: read them again.",
            type="narrative-changed",
            newest=newest,
        )
    today = clock.today(settings.zone)
    existing = await service.editions(session=session, period_code=period.code)
    for edition in existing:
        if edition["narrative"] == newest and edition["edition_date"] == today:
            response.status_code = 200
            return edition_out(edition)
    number = (existing[0]["edition"] + 1) if existing else 1
    now = clock.now()
    preview = {
        "edition": number,
        "edition_date": today,
        "approved_agency": caller.agency,
    }
    report = await build_report(
        session=session,
        slot=slot,
        period=period,
        partnership=partnership,
        settings=settings,
        today=today,
        narrative=latest,
        edition=preview,
    )
    documents = await render_formats(report, partnership_name=partnership.name)
    row = service.edition_row(
        period_code=period.code,
        edition=number,
        edition_date=today,
        caller=caller,
        now=now,
        narrative=newest,
        documents=documents,
    )
    work.add(service.edition_insert(row))
    response.status_code = 201
    return edition_out(row)


@router.get(
    "/editions/{edition}",
    summary="An approved edition, as it was approved (HTML, PDF or DOCX)",
    response_class=Response,
    responses={
        200: {
            "description": "The edition's bytes as approved",
            "content": {
                "text/html": {"example": "<!doctype html><html>...</html>"},
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                service.FORMATS["docx"]: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
)
async def download_edition(
    session: DbSession,
    caller: ReportReader,
    period: PeriodInPath,
    edition: Annotated[int, Path(ge=1, le=10_000, description="The edition's number")],
    format: Annotated[
        Literal["html", "pdf", "docx"], Query(description="html, pdf or docx")
    ] = "html",
) -> Response:
    found = await service.edition_document(
        session=session, period_code=period.code, edition=edition, format=format
    )
    if found is None:
        raise not_found("edition")
    _, content = found
    filename = f"scrutiny-update-{period.code}-edition-{edition}.{format}"
    return Response(
        content,
        media_type=service.FORMATS[format],
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Content-Security-Policy": EDITION_CSP,
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, max-age=0",
        },
    )
