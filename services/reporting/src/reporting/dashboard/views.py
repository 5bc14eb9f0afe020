"""The dashboard: server-rendered pages with charts, for browsers (see `signin`)."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

import jwt
from fastapi import APIRouter, Body, Depends, Query, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field

from csp_common import clock
from csp_common.errors import Problem
from reporting import periods
from reporting.access import ReportReader
from reporting.committee import pdf
from reporting.committee.views import build_report, pdf_filename, report_html
from reporting.dashboard import service, sessions, signin
from reporting.dashboard.hubs import hubs_page
from reporting.dashboard.signin import Viewer
from reporting.dependencies import DbSession, LiveSlot, Partnership, Settings, UnitOfWork
from reporting.dhr.service import dhr_stats
from reporting.periods import InvalidPeriod, Period, UnpublishedPeriod, financial_year_of, fy_code
from reporting.problems import PROBLEM_RESPONSES
from reporting.rendering import STATIC, STYLESHEETS, render
from reporting.safelives.service import CSV_COLUMNS, csv_rows
from reporting.security import secure_headers
from reporting.settings import ReportingSettings
from reporting.svd_fund.service import svd_stats

links = APIRouter(prefix="/v1/dashboard", tags=["dashboard"], responses=PROBLEM_RESPONSES)
pages = APIRouter(prefix="/dashboard", include_in_schema=False)


def dashboard_secret(request: Request) -> str:
    state = request.app.state
    if not hasattr(state, "dashboard_secret"):
        configured: ReportingSettings = state.settings
        state.dashboard_secret = (
            configured.dashboard_secret.get_secret_value()
            if configured.dashboard_secret
            else signin.process_secret()
        )
    return state.dashboard_secret


Secret = Annotated[str, Depends(dashboard_secret)]


async def current_viewer(request: Request, secret: Secret, session: DbSession) -> Viewer | None:
    """The browser's session (its cookie names an open one), or a bearer token with
    reports:read."""
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        try:
            caller = await request.app.state.token_verifier.verify(authorization[7:].strip())
        except (jwt.InvalidTokenError, jwt.PyJWKClientError):
            return None
        return Viewer(caller.subject, caller.agency) if caller.has("reports:read") else None
    cookie = request.cookies.get(signin.COOKIE)
    viewer = signin.read_session(secret, cookie) if cookie else None
    if viewer is None or viewer.session_id is None:
        return None
    now = clock.now()
    if not await sessions.is_open(session=session, session_id=viewer.session_id, now=now):
        return None
    return viewer


CurrentViewer = Annotated[Viewer | None, Depends(current_viewer)]


async def data_since(session: DbSession, slot: LiveSlot) -> date | None:
    """The first day with figures: the period picker goes back to it."""
    return await service.first_day_with_data(session=session, slot=slot)


DataSince = Annotated[date | None, Depends(data_since)]


class LinkRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"example": {"next": "/dashboard/report?period=2023-24-Q3"}},
    )

    next: str = Field(
        default="/dashboard",
        max_length=300,
        description="The dashboard page the link opens (a path under /dashboard)",
    )


class DashboardLink(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "url": "https://reporting.example/dashboard/login?token=eyJhbGciOi...",
                "expires_at": "2024-03-01T10:05:00Z",
            }
        }
    )

    url: str = Field(description="Open it in a browser once, before it expires")
    expires_at: datetime


@links.post(
    "/links",
    status_code=201,
    response_model=DashboardLink,
    summary="A one-time link that opens the dashboard in a browser",
)
async def create_link(
    caller: ReportReader,
    secret: Secret,
    settings: Settings,
    body: Annotated[LinkRequest | None, Body()] = None,
) -> DashboardLink:
    """Exchanges the caller's access token for a link a person can open in a browser:
    it works once, within a few minutes, and starts a dashboard session of an hour in
    an HttpOnly cookie. The token itself never reaches the browser. The link's address
    is the service's configured public address (`REPORTING_DASHBOARD_PUBLIC_URL`)."""
    if settings.dashboard_public_url is None:
        raise Problem(
            503,
            "Dashboard links are not configured",
            "This service has no public address to put in a link: its operator sets "
            "REPORTING_DASHBOARD_PUBLIC_URL.",
            type="dashboard-not-configured",
        )
    next_path = signin.safe_next(body.next if body else None)
    token, expires = signin.mint_link(
        secret, caller, ttl=settings.dashboard_link_ttl_seconds, next_path=next_path
    )
    url = signin.link_url(str(settings.dashboard_public_url), token)
    return DashboardLink(url=url, expires_at=expires)


def _page(html: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(html, status_code=status, headers=secure_headers())


def _base(partnership: Partnership, settings: ReportingSettings) -> dict:
    return {
        "partnership_name": partnership.name,
        "threshold": settings.small_number_threshold,
        "generated_at": clock.now().strftime("%Y-%m-%d %H:%M UTC"),
    }


def _signin(
    partnership: Partnership, settings: ReportingSettings, heading: str, message: str
) -> HTMLResponse:
    return _page(
        render(
            "dashboard/signin.html",
            title="Sign in",
            heading=heading,
            message=message,
            link_minutes=settings.dashboard_link_ttl_seconds // 60,
            session_minutes=settings.dashboard_session_ttl_seconds // 60,
            **_base(partnership, settings),
        ),
        status=401,
    )


@pages.get("/static/{name}")
async def stylesheet(name: str) -> FileResponse:
    if name not in STYLESHEETS:
        raise Problem(404, "Not found", "There is no such stylesheet.", type="not-found")
    return FileResponse(STATIC / name, media_type="text/css")


@pages.get("/login")
async def login(
    work: UnitOfWork,
    secret: Secret,
    settings: Settings,
    partnership: Partnership,
    token: Annotated[str, Query(max_length=2000)] = "",
) -> Response:
    try:
        claims = signin.read_link(secret, token)
    except jwt.InvalidTokenError:
        return _signin(
            partnership, settings, "This link does not work", "It has expired or is not valid."
        )
    now = clock.now()
    first_use = await sessions.use_link(
        session=work.session,
        link_id=str(claims["jti"]),
        expires_at=datetime.fromtimestamp(claims["exp"], UTC),
    )
    if not first_use:
        return _signin(partnership, settings, "This link was used already", "Ask for a new one.")
    viewer = Viewer(
        subject=str(claims["sub"]),
        agency=str(claims.get("agency", "")),
        session_id=signin.new_session_id(),
    )
    assert viewer.session_id is not None
    expires = now + timedelta(seconds=settings.dashboard_session_ttl_seconds)
    await sessions.open_session(
        session=work.session, session_id=viewer.session_id, expires_at=expires, now=now
    )
    response = RedirectResponse(signin.safe_next(claims.get("next")), status_code=303)
    response.set_cookie(
        signin.COOKIE,
        signin.mint_session(secret, viewer, expires=expires),
        max_age=settings.dashboard_session_ttl_seconds,
        path=signin.COOKIE_PATH,
        httponly=True,
        secure=settings.dashboard_cookie_secure,
        samesite="strict",
    )
    for name, value in secure_headers().items():
        response.headers[name] = value
    return response


@pages.api_route("/logout", methods=["GET", "POST"])
async def logout(
    request: Request,
    work: UnitOfWork,
    secret: Secret,
    settings: Settings,
    partnership: Partnership,
) -> Response:
    """Ends the session on the server: its cookie stops working at once, wherever it was
    copied to, not only in this browser."""
    cookie = request.cookies.get(signin.COOKIE)
    viewer = signin.read_session(secret, cookie) if cookie else None
    if viewer is not None and viewer.session_id is not None:
        await sessions.end_session(session=work.session, session_id=viewer.session_id)
        response = _signin(partnership, settings, "Signed out", "Your dashboard session has ended.")
    response.delete_cookie(
        signin.COOKIE,
        path=signin.COOKIE_PATH,
        httponly=True,
        secure=settings.dashboard_cookie_secure,
        samesite="strict",
    )
    return response


class PageContext:
    """What every dashboard page needs: the viewer, the period, the common template data."""

    def __init__(
        self,
        request: Request,
        viewer: CurrentViewer,
        settings: Settings,
        partnership: Partnership,
        since: DataSince,
        period: Annotated[str | None, Query(max_length=40)] = None,
        start: Annotated[str | None, Query(alias="from", max_length=10)] = None,
        end: Annotated[str | None, Query(alias="to", max_length=10)] = None,
    ) -> None:
        self.viewer = viewer
        self.settings = settings
        self.partnership = partnership
        self.data_since = since
        self.current = request.url.path
        self.error: str | None = None
        self.error_status = 422
        self.period: Period | None = None
        try:
            self.period = periods.resolve(period=period or None, start=_day(start), end=_day(end))
        except InvalidPeriod as exc:
            self.error = str(exc)
            if isinstance(exc, UnpublishedPeriod):
                self.error_status = 400

    def denied(self) -> HTMLResponse | None:
        if self.viewer is None:
            return _signin(
                self.partnership,
                self.settings,
                "Sign in to the dashboard",
                "Open the dashboard from a link: it shows figures to report readers only.",
            )
        if self.error is not None or self.period is None:
            return _page(
                render(
                    "dashboard/error.html",
                    title="Period not understood",
                    message=self.error,
                    current=self.current,
                    period=None,
                    **_base(self.partnership, self.settings),
                ),
                status=self.error_status,
            )
        return None

    def context(self, title: str) -> dict:
        assert self.period is not None
        return {
            "title": title,
            "period": self.period,
            "previous": self.period.previous_year(),
            "period_options": service.period_options(
                clock.today(self.settings.zone), self.period, self.data_since
            ),
            "pages": service.PAGES,
            "current": self.current,
            **_base(self.partnership, self.settings),
        }


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidPeriod(f"{text!r} is not a date (write 2023-10-01)") from exc


Page = Annotated[PageContext, Depends()]


@pages.get("", response_class=HTMLResponse)
async def overview(page: Page, session: DbSession, slot: LiveSlot) -> Response:
    if (denied := page.denied()) is not None:
        return denied
    assert page.period is not None
    figures = await service.overview(
        session=session,
        slot=slot,
        period=page.period,
        partnership=page.partnership,
        settings=page.settings,
    )
    return _page(render("dashboard/overview.html", **page.context("Overview"), **figures))


@pages.get("/attendance", response_class=HTMLResponse)
async def attendance(page: Page, session: DbSession, slot: LiveSlot) -> Response:
    if (denied := page.denied()) is not None:
        return denied
    assert page.period is not None
    figures = await service.attendance_page(
        session=session, slot=slot, period=page.period, partnership=page.partnership
    )
    return _page(render("dashboard/attendance.html", **page.context("Attendance"), **figures))


@pages.get("/safelives", response_class=HTMLResponse)
async def safelives(page: Page, session: DbSession, slot: LiveSlot) -> Response:
    if (denied := page.denied()) is not None:
        return denied
    assert page.period is not None
    figures = await service.safelives_page(
        session=session,
        slot=slot,
        period=page.period,
        partnership=page.partnership,
        settings=page.settings,
    )
    return _page(render("dashboard/safelives.html", **page.context("SafeLives return"), **figures))


@pages.get("/dhr", response_class=HTMLResponse)
async def dhr(page: Page, session: DbSession, slot: LiveSlot) -> Response:
    if (denied := page.denied()) is not None:
        return denied
    figures = await dhr_stats(
        session=session,
        slot=slot,
        since=page.settings.dhr_since,
        stages=page.settings.dhr_stages,
        threshold=page.settings.small_number_threshold,
    )
    return _page(
        render("dashboard/dhr.html", **page.context("Domestic Homicide Reviews"), dhr=figures)
    )


@pages.get("/svd", response_class=HTMLResponse)
async def svd(page: Page, session: DbSession, slot: LiveSlot) -> Response:
    """The fund's rounds opened in the financial year of the period picked."""
    if (denied := page.denied()) is not None:
        return denied
    assert page.period is not None
    figures = await svd_stats(
        session=session,
        slot=slot,
        year=fy_code(financial_year_of(page.period.start)),
        threshold=page.settings.small_number_threshold,
        today=clock.today(page.settings.zone),
    )
    return _page(render("dashboard/svd.html", **page.context("Serious violence"), svd=figures))


@pages.get("/hubs", response_class=HTMLResponse)
async def hubs(page: Page, session: DbSession, slot: LiveSlot) -> Response:
    if (denied := page.denied()) is not None:
        return denied
    assert page.period is not None
    figures = await hubs_page(
        session=session,
        slot=slot,
        period=page.period,
        partnership=page.partnership,
        threshold=page.settings.small_number_threshold,
    )
    return _page(render("dashboard/hubs.html", **page.context("Community safety hubs"), **figures))


@pages.get("/safelives.csv")
async def safelives_csv(page: Page, session: DbSession, slot: LiveSlot) -> Response:
    if (denied := page.denied()) is not None:
        return denied
    assert page.period is not None
    figures = (
        await service.safelives_page(
            session=session,
            slot=slot,
            period=page.period,
            partnership=page.partnership,
            settings=page.settings,
        )
    )["safelives"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows(figures))
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="safelives-marac-{page.period.code}.csv"',
            **secure_headers(),
        },
    )


@pages.get("/report", response_class=HTMLResponse)
async def report(page: Page, session: DbSession, slot: LiveSlot) -> Response:
    if (denied := page.denied()) is not None:
        return denied
    assert page.period is not None
    built = await build_report(
        session=session,
        slot=slot,
        period=page.period,
        partnership=page.partnership,
        settings=page.settings,
    )
    context = page.context("Committee report")
    context.pop("title")
    html = report_html(built, inline_css=False, **context)
    return _page(html)


@pages.get("/report.pdf")
async def report_pdf(page: Page, session: DbSession, slot: LiveSlot) -> Response:
    if (denied := page.denied()) is not None:
        return denied
    assert page.period is not None
    built = await build_report(
        session=session,
        slot=slot,
        period=page.period,
        partnership=page.partnership,
        settings=page.settings,
    )
    html = report_html(built, partnership_name=page.partnership.name, inline_css=True)
    return Response(
        await pdf.render_pdf(html),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{pdf_filename(built)}"',
            **secure_headers(),
        },
    )
